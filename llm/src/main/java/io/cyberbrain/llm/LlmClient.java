package io.cyberbrain.llm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one client of the local LLM, for the worker and the services: OpenAI-compatible
 * {@code POST {endpoint}/v1/chat/completions} (Ollama, vLLM, llama.cpp server), over {@link HttpClient} with the
 * configured timeouts, no redirects, no proxy, the endpoint policy checked before every call (rule 1).
 *
 * <p>Every call is recorded as an {@link LlmCall}: endpoint ({@code scheme://host:port}), model, purpose, the
 * response's {@code usage.prompt_tokens} / {@code usage.completion_tokens}, duration, outcome. A failed call (refused
 * endpoint, connection refused, timeout, HTTP error, unparseable body, missing usage) is recorded with 0 tokens: no
 * count is ever invented.
 *
 * <p>Nothing said is kept or shown (rule 2): no logging at all, exception messages carry the endpoint and an error
 * class but never a body. A model's text never leaves this class as text: {@link #chat(String, List, JsonNode, Function)}
 * hands it to the caller's reader, which must turn it into validated values, and {@link #chatWithTools} drops it and
 * answers only the tool calls, whose arguments the caller validates.
 */
public final class LlmClient {

    /** Sends one request; the real one is {@link HttpClient}, tests may count calls. */
    interface Transport {
        Response send(URI uri, Map<String, String> headers, byte[] body, Duration timeout)
                throws IOException, InterruptedException;
    }

    record Response(int status, byte[] body) {
        @Override
        public String toString() {
            return "Response[status=" + status + ", " + body.length + " bytes]";
        }
    }

    /** A model's answer. Package-private: free text from a model never leaves this package. */
    record ChatReply(String content, int inputTokens, int outputTokens) {
        @Override
        public String toString() {
            return "ChatReply[" + (content == null ? 0 : content.length()) + " chars withheld, inputTokens="
                    + inputTokens + ", outputTokens=" + outputTokens + "]";
        }
    }

    /** A tool the model may call: its name, what it does, the JSON schema of its arguments. */
    public record ToolSpec(String name, String description, Map<String, Object> parameters) {
    }

    /**
     * A tool call: the caller's id, the tool's name and its arguments as JSON, or null arguments when the model's were
     * not a JSON object (a malformed call). Validate name and arguments before using them; {@link #toString()} withholds
     * the arguments.
     */
    public record ToolCall(String id, String name, JsonNode arguments) {
        public boolean malformed() {
            return arguments == null || !arguments.isObject() || name == null || name.isBlank();
        }

        @Override
        public String toString() {
            return "ToolCall[id=" + id + ", arguments withheld]";
        }
    }

    /** One message of a tool-calling conversation: system, user, assistant (with its tool calls) or tool (a result). */
    public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId) {
        public static ChatMessage system(String content) {
            return new ChatMessage("system", content, List.of(), null);
        }

        public static ChatMessage user(String content) {
            return new ChatMessage("user", content, List.of(), null);
        }

        public static ChatMessage assistant(List<ToolCall> calls) {
            return new ChatMessage("assistant", null, List.copyOf(calls), null);
        }

        public static ChatMessage tool(String toolCallId, String content) {
            return new ChatMessage("tool", content, List.of(), toolCallId);
        }
    }

    /** What a tool-calling answer holds for the caller: the tool calls (none: the model is done) and the usage. */
    public record ToolReply(List<ToolCall> calls, int inputTokens, int outputTokens) {
    }

    /** Bodies larger than this are not read (a misbehaving server cannot fill the caller's memory). */
    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LlmSettings config;
    private final LlmEndpointPolicy policy;
    private final String apiKey;
    private final Transport transport;
    private final List<LlmCall> calls = Collections.synchronizedList(new ArrayList<>());

    LlmClient(LlmSettings config, LlmEndpointPolicy policy, String apiKey, Transport transport) {
        this.config = config;
        this.policy = policy;
        this.apiKey = apiKey;
        this.transport = transport;
        policy.check(config.chatCompletionsUri()); // refuse early: before any call is even attempted
    }

    /**
     * A client for the configured endpoint, with the bearer key from this process's environment.
     *
     * @throws LlmEndpointRefusedException when the endpoint is not local or allowlisted
     * @throws LlmConfigException          when {@code apiKeyEnv} names a variable that is not set
     */
    public static LlmClient create(LlmSettings config) {
        return create(config, LlmEndpointPolicy.of(config));
    }

    /** As {@link #create(LlmSettings)}, with a given policy (e.g. another resolver). */
    public static LlmClient create(LlmSettings config, LlmEndpointPolicy policy) {
        Optional<String> key = config.apiKey(System::getenv);
        return new LlmClient(config, policy, key.orElse(null), httpTransport(config));
    }

    public LlmSettings config() {
        return config;
    }

    /** Every call made so far, in order: counts only. */
    public List<LlmCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /**
     * One chat completion with {@code temperature: 0}; the answer's text goes to {@code reader} and only what the reader
     * makes of it comes back.
     *
     * @param reader turns the model's text into validated values (or null when it makes no sense)
     * @throws LlmException when the call is refused or fails; it is recorded either way
     */
    public <T> T chat(String purpose, List<Map<String, String>> messages, JsonNode responseFormat, Function<String, T> reader) {
        return reader.apply(chat(purpose, messages, responseFormat).content());
    }

    /**
     * One chat completion with {@code temperature: 0}.
     *
     * @param purpose        what the call is for, recorded (e.g. {@code template_classification})
     * @param messages       role and content of each message, in order
     * @param responseFormat the request's {@code response_format}, or null
     * @throws LlmException when the call is refused or fails; it is recorded either way
     */
    ChatReply chat(String purpose, List<Map<String, String>> messages, JsonNode responseFormat) {
        long started = System.nanoTime();
        ObjectNode req = request();
        ArrayNode msgs = req.putArray("messages");
        for (Map<String, String> m : messages) {
            msgs.addObject().put("role", m.get("role")).put("content", m.get("content"));
        }
        if (responseFormat != null) {
            req.set("response_format", responseFormat);
        }
        JsonNode root = exchange(purpose, started, req);
        int[] usage = usage(purpose, started, root);
        JsonNode content = root.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw fail(purpose, started, "unparseable_body", "the answer has no message content");
        }
        record(purpose, started, usage[0], usage[1], true, null);
        return new ChatReply(content.textValue(), usage[0], usage[1]);
    }

    /**
     * One chat completion with tools ({@code tools}, {@code tool_choice: auto}, {@code temperature: 0}). The answer's
     * text, if any, is dropped; its tool calls come back, arguments parsed but not checked.
     *
     * @throws LlmException when the call is refused or fails; it is recorded either way
     */
    public ToolReply chatWithTools(String purpose, List<ChatMessage> messages, List<ToolSpec> tools) {
        long started = System.nanoTime();
        ObjectNode req = request();
        ArrayNode msgs = req.putArray("messages");
        for (ChatMessage m : messages) {
            ObjectNode node = msgs.addObject().put("role", m.role());
            if (m.content() != null || m.toolCalls().isEmpty()) {
                node.put("content", m.content() == null ? "" : m.content());
            }
            if (!m.toolCalls().isEmpty()) {
                ArrayNode calls = node.putArray("tool_calls");
                for (ToolCall c : m.toolCalls()) {
                    ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
                    call.putObject("function").put("name", c.name())
                            .put("arguments", c.arguments() == null ? "{}" : c.arguments().toString());
                }
            }
            if (m.toolCallId() != null) {
                node.put("tool_call_id", m.toolCallId());
            }
        }
        ArrayNode specs = req.putArray("tools");
        for (ToolSpec t : tools) {
            ObjectNode fn = specs.addObject().put("type", "function").putObject("function");
            fn.put("name", t.name()).put("description", t.description());
            fn.set("parameters", JSON.valueToTree(t.parameters()));
        }
        req.put("tool_choice", "auto");
        JsonNode root = exchange(purpose, started, req);
        int[] usage = usage(purpose, started, root);
        JsonNode message = root.path("choices").path(0).path("message");
        if (!message.isObject()) {
            throw fail(purpose, started, "unparseable_body", "the answer has no message");
        }
        List<ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = message.path("tool_calls");
        if (toolCalls.isArray()) {
            for (JsonNode c : toolCalls) {
                JsonNode fn = c.path("function");
                calls.add(new ToolCall(c.path("id").isTextual() ? c.path("id").textValue() : null,
                        fn.path("name").isTextual() ? fn.path("name").textValue() : null, arguments(fn.path("arguments"))));
            }
        } else if (!toolCalls.isMissingNode() && !toolCalls.isNull()) {
            calls.add(new ToolCall(null, null, null)); // tool_calls that is not a list: a malformed call
        }
        record(purpose, started, usage[0], usage[1], true, null);
        return new ToolReply(List.copyOf(calls), usage[0], usage[1]);
    }

    /** A tool call's arguments: a JSON text (the protocol) or an object (some servers); null when neither parses. */
    private static JsonNode arguments(JsonNode raw) {
        if (raw.isObject()) {
            return raw;
        }
        if (!raw.isTextual()) {
            return null;
        }
        try {
            JsonNode parsed = JSON.readTree(raw.textValue());
            return parsed != null && parsed.isObject() ? parsed : null;
        } catch (IOException e) {
            return null; // Jackson's message would quote the text: never passed on
        }
    }

    private ObjectNode request() {
        ObjectNode req = JSON.createObjectNode();
        req.put("model", config.model());
        req.put("temperature", 0);
        req.put("stream", false);
        req.put("max_tokens", config.maxOutputTokens());
        return req;
    }

    /** Sends the request under the policy; the answer's JSON object, or a recorded failure. */
    private JsonNode exchange(String purpose, long started, ObjectNode request) {
        URI uri = config.chatCompletionsUri();
        try {
            policy.check(uri);
        } catch (LlmEndpointRefusedException e) {
            record(purpose, started, 0, 0, false, e.errorClass());
            throw e;
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw fail(purpose, started, "request_not_serializable", "the request could not be written");
        }
        Map<String, String> headers = apiKey == null
                ? Map.of("Content-Type", "application/json", "Accept", "application/json")
                : Map.of("Content-Type", "application/json", "Accept", "application/json",
                        "Authorization", "Bearer " + apiKey);

        Response response;
        try {
            response = transport.send(uri, headers, body, config.requestTimeout());
        } catch (HttpConnectTimeoutException e) {
            throw fail(purpose, started, "connect_timeout", "connecting timed out");
        } catch (HttpTimeoutException e) {
            throw fail(purpose, started, "timeout", "no answer within " + config.requestTimeout().toSeconds() + " s");
        } catch (ConnectException e) {
            throw fail(purpose, started, "connection_refused", "connection refused");
        } catch (ResponseTooLargeException e) {
            throw fail(purpose, started, "response_too_large", "the answer is larger than " + MAX_RESPONSE_BYTES
                    + " bytes");
        } catch (IOException e) {
            throw fail(purpose, started, "io_error", "I/O error (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(purpose, started, "interrupted", "interrupted");
        }
        if (response.status() < 200 || response.status() > 299) {
            throw fail(purpose, started, "http_" + response.status(), "HTTP " + response.status());
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            // Jackson's message quotes the body: never passed on
            throw fail(purpose, started, "unparseable_body", "the answer is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw fail(purpose, started, "unparseable_body", "the answer is not a JSON object");
        }
        return root;
    }

    /** {@code usage.prompt_tokens} and {@code usage.completion_tokens}; an answer without them is a failed call. */
    private int[] usage(String purpose, long started, JsonNode root) {
        JsonNode usage = root.path("usage");
        JsonNode prompt = usage.path("prompt_tokens");
        JsonNode completion = usage.path("completion_tokens");
        if (!prompt.canConvertToInt() || !prompt.isIntegralNumber() || prompt.intValue() < 0
                || !completion.canConvertToInt() || !completion.isIntegralNumber() || completion.intValue() < 0) {
            throw fail(purpose, started, "missing_usage", "the answer has no usage token counts");
        }
        return new int[] {prompt.intValue(), completion.intValue()};
    }

    private LlmException fail(String purpose, long started, String errorClass, String what) {
        record(purpose, started, 0, 0, false, errorClass);
        return new LlmException(errorClass, "LLM call to " + config.endpointLabel() + " failed: " + what);
    }

    private void record(String purpose, long started, int in, int out, boolean success, String errorClass) {
        long ms = Math.max(0, (System.nanoTime() - started) / 1_000_000);
        calls.add(new LlmCall(config.endpointLabel(), config.model(), purpose, in, out, ms, success, errorClass));
    }

    // ---------------------------------------------------------------- transport

    static final class ResponseTooLargeException extends IOException {
        ResponseTooLargeException() {
            super("response too large");
        }
    }

    static Transport httpTransport(LlmSettings config) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect must not lead past the endpoint policy
                .proxy(HttpClient.Builder.NO_PROXY)          // nor a proxy
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        return (uri, headers, body, timeout) -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            CompletableFuture<HttpResponse<byte[]>> future =
                    http.sendAsync(b.build(), info -> new CappedBody(MAX_RESPONSE_BYTES));
            try {
                // the request timeout covers the headers; this bounds the body too
                HttpResponse<byte[]> r = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new Response(r.statusCode(), r.body());
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new HttpTimeoutException("request timed out");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException("request failed (" + (cause == null ? "unknown" : cause.getClass().getSimpleName())
                        + ")");
            }
        };
    }

    /** Collects a body up to a cap; a larger one fails with {@link ResponseTooLargeException}. */
    static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int cap;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        CappedBody(int cap) {
            this.cap = cap;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (out.size() + b.remaining() > cap) {
                    subscription.cancel();
                    result.completeExceptionally(new ResponseTooLargeException());
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
