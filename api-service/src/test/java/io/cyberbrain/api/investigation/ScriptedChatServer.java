package io.cyberbrain.api.investigation;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for an OpenAI-compatible model server (the one thing that cannot run here): {@code POST
 * /v1/chat/completions} speaking the chat completions protocol with {@code tool_calls} and {@code usage}. Answers are
 * scripted per scenario, named in the goal as {@code [s:name]}; each request of a scenario takes its next answer.
 * Every answer also carries {@link #CANARY} as assistant text, which must never be stored or logged. Tests script it
 * and read what it received over HTTP ({@link ModelScript}), since the test and the application it runs against may
 * not share classes.
 */
final class ScriptedChatServer implements AutoCloseable {

    static final String CANARY = "CANARY-9d41-model-said-this";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SCENARIO = Pattern.compile("\\[s:([a-z_]+)\\]");

    /** One scripted answer: a tool call (or a malformed one), the end (no tool call), or no answer at all. */
    record Answer(String toolName, String rawArguments, int promptTokens, int completionTokens, boolean hang) {
        static Answer call(String tool, String argumentsJson, int prompt, int completion) {
            return new Answer(tool, argumentsJson, prompt, completion, false);
        }

        static Answer done(int prompt, int completion) {
            return new Answer(null, null, prompt, completion, false);
        }

        static Answer silence() {
            return new Answer(null, null, 0, 0, true);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> scripts = new HashMap<>();
    private final List<JsonNode> requests = new ArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    ScriptedChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            Answer answer;
            synchronized (this) {
                requests.add(request);
                Deque<Answer> script = scripts.get(scenario(request));
                answer = script == null || script.isEmpty() ? Answer.done(5, 1) : script.poll();
            }
            if (answer.hang()) {
                try {
                    closing.await(); // the client must give up on its own
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            byte[] out = JSON.writeValueAsBytes(body(answer));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.createContext("/script/", exchange -> {
            String scenario = exchange.getRequestURI().getPath().substring("/script/".length());
            List<Answer> answers = List.of(JSON.readValue(exchange.getRequestBody().readAllBytes(), Answer[].class));
            script(scenario, answers.toArray(Answer[]::new));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/requests/", exchange -> {
            String scenario = exchange.getRequestURI().getPath().substring("/requests/".length());
            byte[] out = JSON.writeValueAsBytes(requestsOf(scenario));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scripted-chat");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized void script(String scenario, Answer... answers) {
        scripts.put(scenario, new ArrayDeque<>(List.of(answers)));
    }

    synchronized List<JsonNode> requestsOf(String scenario) {
        return requests.stream().filter(r -> scenario.equals(scenario(r))).toList();
    }

    private static String scenario(JsonNode request) {
        for (JsonNode m : request.path("messages")) {
            if ("user".equals(m.path("role").asText())) {
                Matcher matcher = SCENARIO.matcher(m.path("content").asText());
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
        }
        return "";
    }

    private static Map<String, Object> body(Answer a) {
        Map<String, Object> message = new HashMap<>();
        message.put("role", "assistant");
        message.put("content", "Thinking about it: " + CANARY);
        String finish = "stop";
        if (a.toolName() != null || a.rawArguments() != null) {
            message.put("tool_calls", List.of(Map.of("id", "call_" + CANARY, "type", "function",
                    "function", Map.of("name", a.toolName() == null ? "" : a.toolName(), "arguments", a.rawArguments()))));
            finish = "tool_calls";
        }
        return Map.of("id", "chatcmpl-test", "object", "chat.completion", "created", 1765000000, "model", "test-model",
                "choices", List.of(Map.of("index", 0, "finish_reason", finish, "message", message)),
                "usage", Map.of("prompt_tokens", a.promptTokens(), "completion_tokens", a.completionTokens(),
                        "total_tokens", a.promptTokens() + a.completionTokens()));
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
