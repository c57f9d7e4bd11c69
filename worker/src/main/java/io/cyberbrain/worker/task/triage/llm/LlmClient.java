package io.cyberbrain.worker.task.triage.llm;

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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cyberbrain.worker.TaskOutcome.LlmCallRecord;

/**
 * The one client of the local LLM: OpenAI-compatible {@code POST {endpoint}/v1/chat/completions} (Ollama,
 * vLLM, llama.cpp server), over {@link HttpClient} with the configured timeouts, no redirects, no proxy.
 *
 * <p>Every call is recorded as an {@link LlmCallRecord}: endpoint ({@code scheme://host:port}), model,
 * purpose, the response's {@code usage.prompt_tokens} / {@code usage.completion_tokens}, duration, outcome.
 * A failed call (refused endpoint, connection refused, timeout, HTTP error, unparseable body, missing usage)
 * is recorded with 0 tokens: no count is ever invented.
 *
 * <p>Nothing said is kept or shown: no logging at all, exception messages carry the endpoint and an error
 * class but never a body, and the model's text ({@link ChatReply#content()}) stays inside this package,
 * where it is only parsed into validated values (see {@link TemplateClassifier}).
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

    /** Bodies larger than this are not read (a misbehaving server cannot fill the worker's memory). */
    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LlmConfig config;
    private final LlmEndpointPolicy policy;
    private final String apiKey;
    private final Transport transport;
    private final List<LlmCallRecord> calls = Collections.synchronizedList(new ArrayList<>());

    LlmClient(LlmConfig config, LlmEndpointPolicy policy, String apiKey, Transport transport) {
        this.config = config;
        this.policy = policy;
        this.apiKey = apiKey;
        this.transport = transport;
        policy.check(config.chatCompletionsUri()); // refuse early: before any call is even attempted
    }

    /**
     * A client for the configured endpoint, with the bearer key from the worker's environment.
     *
     * @throws LlmEndpointRefusedException when the endpoint is not local or allowlisted
     * @throws LlmConfigException          when {@code llm.api_key_env} names a variable that is not set
     */
    public static LlmClient create(LlmConfig config) {
        return create(config, LlmEndpointPolicy.of(config));
    }

    /** As {@link #create(LlmConfig)}, with a given policy (e.g. another resolver). */
    public static LlmClient create(LlmConfig config, LlmEndpointPolicy policy) {
        Optional<String> key = config.apiKey(System::getenv);
        return new LlmClient(config, policy, key.orElse(null), httpTransport(config));
    }

    public LlmConfig config() {
        return config;
    }

    /** Every call made so far, in order: counts only. */
    public List<LlmCallRecord> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
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
        URI uri = config.chatCompletionsUri();
        try {
            policy.check(uri);
        } catch (LlmEndpointRefusedException e) {
            record(purpose, started, 0, 0, false, e.errorClass());
            throw e;
        }

        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request(messages, responseFormat));
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
        JsonNode usage = root.path("usage");
        JsonNode prompt = usage.path("prompt_tokens");
        JsonNode completion = usage.path("completion_tokens");
        if (!prompt.canConvertToInt() || !prompt.isIntegralNumber() || prompt.intValue() < 0
                || !completion.canConvertToInt() || !completion.isIntegralNumber() || completion.intValue() < 0) {
            throw fail(purpose, started, "missing_usage", "the answer has no usage token counts");
        }
        JsonNode content = root.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw fail(purpose, started, "unparseable_body", "the answer has no message content");
        }
        record(purpose, started, prompt.intValue(), completion.intValue(), true, null);
        return new ChatReply(content.textValue(), prompt.intValue(), completion.intValue());
    }

    private ObjectNode request(List<Map<String, String>> messages, JsonNode responseFormat) {
        ObjectNode req = JSON.createObjectNode();
        req.put("model", config.model());
        ArrayNode msgs = req.putArray("messages");
        for (Map<String, String> m : messages) {
            msgs.addObject().put("role", m.get("role")).put("content", m.get("content"));
        }
        req.put("temperature", 0);
        req.put("stream", false);
        req.put("max_tokens", config.maxOutputTokens());
        if (responseFormat != null) {
            req.set("response_format", responseFormat);
        }
        return req;
    }

    private LlmException fail(String purpose, long started, String errorClass, String what) {
        record(purpose, started, 0, 0, false, errorClass);
        return new LlmException(errorClass, "LLM call to " + config.endpointLabel() + " failed: " + what);
    }

    private void record(String purpose, long started, int in, int out, boolean success, String errorClass) {
        long ms = Math.max(0, (System.nanoTime() - started) / 1_000_000);
        calls.add(new LlmCallRecord(config.endpointLabel(), config.model(), purpose, in, out, ms, success,
                errorClass));
    }

    // ---------------------------------------------------------------- transport

    static final class ResponseTooLargeException extends IOException {
        ResponseTooLargeException() {
            super("response too large");
        }
    }

    static Transport httpTransport(LlmConfig config) {
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
