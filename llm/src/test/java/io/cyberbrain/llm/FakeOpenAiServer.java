package io.cyberbrain.llm;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenAI-compatible {@code /v1/chat/completions} on 127.0.0.1: answers from a queue (the last answer
 * repeats) and keeps what it received.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private Answer last = new Answer(500, "{\"error\":\"no answer set\"}");
    final List<JsonNode> requests = new ArrayList<>();
    private volatile boolean hang;
    private final CountDownLatch release = new CountDownLatch(1);
    final List<Map<String, List<String>>> headers = new ArrayList<>();

    public FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            if (hang) {
                try {
                    release.await(); // until the test is over: the client must give up by itself
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Answer a;
            synchronized (this) {
                requests.add(JSON.readTree(in));
                headers.add(Map.copyOf(exchange.getRequestHeaders()));
                a = answers.isEmpty() ? last : answers.poll();
                last = a;
            }
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-openai");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public synchronized FakeOpenAiServer answer(int status, String body) {
        answers.add(new Answer(status, body));
        return this;
    }

    /** A 200 chat completion whose message content is {@code content}, with usage counts. */
    public FakeOpenAiServer completion(String content, int promptTokens, int completionTokens) {
        Map<String, Object> body = Map.of(
                "id", "chatcmpl-1",
                "object", "chat.completion",
                "created", 1714564800,
                "model", "qwen2.5:7b",
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content))),
                "usage", Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens,
                        "total_tokens", promptTokens + completionTokens));
        try {
            return answer(200, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What was received so far, in order. */
    public synchronized List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    public synchronized int requestCount() {
        return requests.size();
    }

    /** Every request is held without an answer until {@link #close()}. */
    public FakeOpenAiServer hang() {
        hang = true;
        return this;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
