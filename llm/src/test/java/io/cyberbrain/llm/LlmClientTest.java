package io.cyberbrain.llm;

import static io.cyberbrain.llm.LlmTestSupport.client;
import static io.cyberbrain.llm.LlmTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


class LlmClientTest {

    private static final String CANARY = "CANARY-7f3a-do-not-store";
    private static final List<Map<String, String>> HELLO = List.of(Map.of("role", "user", "content", "hello"));

    private FakeOpenAiServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String label() {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void aSuccessfulCallRecordsEndpointModelPurposeAndTheUsageCounts() {
        server.completion("hi " + CANARY, 42, 7);
        LlmClient client = client(config(server.baseUrl() + "/v1/"));

        LlmClient.ChatReply reply = client.chat("test_purpose", HELLO, null);

        assertEquals("hi " + CANARY, reply.content());
        assertFalse(reply.toString().contains(CANARY), "the reply's text is withheld from toString");
        LlmCall call = client.calls().get(0);
        assertEquals(label(), call.endpoint());
        assertEquals("qwen2.5:7b", call.model());
        assertEquals("test_purpose", call.purpose());
        assertEquals(42, call.inputTokens());
        assertEquals(7, call.outputTokens());
        assertTrue(call.success());
        assertNull(call.errorClass());
        assertTrue(call.durationMs() >= 0);
        assertEquals(0, server.requests.get(0).get("temperature").asInt());
        assertEquals("qwen2.5:7b", server.requests.get(0).get("model").asText());
        assertFalse(server.requests.get(0).get("stream").asBoolean());
    }

    @Test
    void anHttpErrorIsAFailedCallWithZeroTokensAndNoBodyInTheMessage() {
        server.answer(500, "{\"error\":\"" + CANARY + "\",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":5}}");
        LlmClient client = client(config(server.baseUrl()));

        LlmException e = assertThrows(LlmException.class, () -> client.chat("p", HELLO, null));

        assertEquals("http_500", e.errorClass());
        assertEquals("LLM call to " + label() + " failed: HTTP 500", e.getMessage());
        assertEquals(List.of(new LlmCall(label(), "qwen2.5:7b", "p", 0, 0, client.calls().get(0).durationMs(),
                false, "http_500")), client.calls());
    }

    @Test
    void aGarbageBodyIsAFailedCallWithZeroTokens() {
        server.answer(200, "<html>" + CANARY + "</html>");
        LlmClient client = client(config(server.baseUrl()));

        LlmException e = assertThrows(LlmException.class, () -> client.chat("p", HELLO, null));

        assertEquals("unparseable_body", e.errorClass());
        assertFalse(e.getMessage().contains(CANARY), e.getMessage());
        LlmCall call = client.calls().get(0);
        assertFalse(call.success());
        assertEquals(0, call.inputTokens() + call.outputTokens());
    }

    @Test
    void anAnswerWithoutUsageIsAFailedCallNotAnInventedCount() {
        server.answer(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}]}");
        LlmClient client = client(config(server.baseUrl()));

        LlmException e = assertThrows(LlmException.class, () -> client.chat("p", HELLO, null));

        assertEquals("missing_usage", e.errorClass());
        assertEquals(0, client.calls().get(0).inputTokens());
        assertEquals(0, client.calls().get(0).outputTokens());
    }

    @Test
    void aRefusedConnectionIsAFailedCall() {
        LlmSettings cfg = config(server.baseUrl());
        server.close();
        LlmClient client = client(cfg);

        LlmException e = assertThrows(LlmException.class, () -> client.chat("p", HELLO, null));

        assertEquals("connection_refused", e.errorClass());
        assertEquals("connection_refused", client.calls().get(0).errorClass());
    }

    @Test
    void aServerThatDoesNotAnswerTimesOutAsConfigured() {
        server.hang();
        LlmClient client = client(config(server.baseUrl(), Map.of("llm.timeout_seconds", 1)));

        LlmException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(LlmException.class, () -> client.chat("p", HELLO, null)));

        assertEquals("timeout", e.errorClass());
        assertEquals(0, client.calls().get(0).inputTokens());
    }

    @Test
    void theBearerKeyIsSentWhenConfigured() {
        server.completion("ok", 1, 1);
        LlmSettings cfg = config(server.baseUrl(), Map.of("llm.api_key_env", "TEST_LLM_KEY"));
        String key = cfg.apiKey(Map.of("TEST_LLM_KEY", "sk-local-123")::get).orElseThrow();
        LlmClient client = new LlmClient(cfg, LlmEndpointPolicy.of(cfg), key, LlmClient.httpTransport(cfg));

        client.chat("p", HELLO, null);

        assertEquals(List.of("Bearer sk-local-123"), server.headers.get(0).get("Authorization"));
    }

    @Test
    void aPublicEndpointIsRefusedBeforeAnythingIsSent() {
        LlmTestSupport.CountingTransport transport = new LlmTestSupport.CountingTransport();
        LlmSettings cfg = config("https://api.openai.com");
        LlmEndpointPolicy policy = LlmTestSupport.policy(Set.of(), Map.of("api.openai.com", "104.18.33.45"));

        LlmEndpointRefusedException e = assertThrows(LlmEndpointRefusedException.class,
                () -> new LlmClient(cfg, policy, null, transport));

        assertTrue(e.getMessage().startsWith("LLM endpoint api.openai.com resolves to public address"));
        assertEquals(0, transport.sends.get());
    }

    @Test
    void aLiteralPublicEndpointIsRefusedByCreateWithoutDnsOrConnection() {
        LlmSettings cfg = config("http://8.8.8.8:11434");

        assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(LlmEndpointRefusedException.class, () -> LlmClient.create(cfg)));
    }

    @Test
    void anAllowlistedHostIsUsedEvenIfItWouldResolvePublicly() {
        server.completion("ok", 3, 2);
        // "localhost" is made to look public to the policy: only the allowlist lets it through
        LlmSettings cfg = config("http://localhost:" + server.port(), Map.of("llm.allowed_hosts", List.of("localhost")));
        LlmEndpointPolicy policy = new LlmEndpointPolicy(cfg.allowedHosts(), true,
                LlmTestSupport.table(Map.of("localhost", "203.0.113.7")));
        LlmClient client = new LlmClient(cfg, policy, null, LlmClient.httpTransport(cfg));

        client.chat("p", HELLO, null);

        assertEquals(1, server.requestCount());
        assertEquals("http://localhost:" + server.port(), client.calls().get(0).endpoint());
        LlmEndpointPolicy strict = new LlmEndpointPolicy(Set.of(), true,
                LlmTestSupport.table(Map.of("localhost", "203.0.113.7")));
        assertThrows(LlmEndpointRefusedException.class,
                () -> new LlmClient(cfg, strict, null, LlmClient.httpTransport(cfg)));
    }
}
