package io.cyberbrain.worker.task.triage.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.cyberbrain.llm.LlmConfigException;

class LlmConfigTest {

    @Test
    void noEndpointMeansNoLlm() {
        assertEquals(Optional.empty(), LlmConfig.from(Map.of()));
        assertEquals(Optional.empty(), LlmConfig.from(null));
        assertEquals(Optional.empty(), LlmConfig.from(Map.of("llm.model", "m")));
    }

    @Test
    void flatKeysAreReadWithDefaultsForTheRest() {
        LlmConfig c = LlmConfig.from(Map.of("llm.endpoint", "http://127.0.0.1:11434/v1/", "llm.model", "llama3.1:8b"))
                .orElseThrow();

        assertEquals(URI.create("http://127.0.0.1:11434"), c.endpoint());
        assertEquals(URI.create("http://127.0.0.1:11434/v1/chat/completions"), c.chatCompletionsUri());
        assertEquals("http://127.0.0.1:11434", c.endpointLabel());
        assertEquals(Duration.ofSeconds(60), c.requestTimeout());
        assertEquals(Duration.ofSeconds(5), c.connectTimeout());
        assertEquals(20, c.maxTemplates());
        assertEquals(10, c.batchSize());
        assertEquals(Set.of(), c.allowedHosts());
        assertTrue(c.allowCgnat());
    }

    @Test
    void nestedKeysAreReadToo() {
        LlmConfig c = LlmConfig.from(Map.of("llm", Map.of("endpoint", "https://llm.lan/openai", "model", "m",
                "allowed_hosts", "llm.lan, Other.Lan.", "timeout_seconds", 30, "max_templates", "5",
                "allow_cgnat", false))).orElseThrow();

        assertEquals("https://llm.lan:443", c.endpointLabel());
        assertEquals(URI.create("https://llm.lan/openai/v1/chat/completions"), c.chatCompletionsUri());
        assertEquals(Set.of("llm.lan", "other.lan"), c.allowedHosts());
        assertEquals(Duration.ofSeconds(30), c.requestTimeout());
        assertEquals(5, c.maxTemplates());
        assertEquals(false, c.allowCgnat());
    }

    @Test
    void unusableValuesAreRefusedNamingTheKey() {
        assertEquals("llm.model is required when llm.endpoint is set", error(Map.of("llm.endpoint", "http://127.0.0.1")));
        assertEquals("llm.endpoint must be an http or https URL", error(Map.of("llm.endpoint", "file:///x", "llm.model", "m")));
        assertTrue(error(Map.of("llm.endpoint", "http://u:p@127.0.0.1", "llm.model", "m"))
                .startsWith("llm.endpoint must not carry credentials"));
        assertEquals("llm.max_templates must be between 1 and 200, got 500",
                error(Map.of("llm.endpoint", "http://127.0.0.1", "llm.model", "m", "llm.max_templates", 500)));
        assertEquals("llm.timeout_seconds must be a whole number, got soon",
                error(Map.of("llm.endpoint", "http://127.0.0.1", "llm.model", "m", "llm.timeout_seconds", "soon")));
        assertTrue(error(Map.of("llm.endpoint", "http://127.0.0.1", "llm.model", "m", "llm.allowed_hosts",
                List.of("*.corp"))).startsWith("llm.allowed_hosts takes exact host names"));
    }

    @Test
    void theKeyItselfIsNeverTakenFromTheConfig() {
        assertTrue(error(Map.of("llm.endpoint", "http://127.0.0.1", "llm.model", "m", "llm.api_key", "sk-1"))
                .startsWith("llm.api_key is not accepted"));
        assertTrue(error(Map.of("llm", Map.of("endpoint", "http://127.0.0.1", "model", "m", "api_key", "sk-1")))
                .endsWith("name that variable in llm.api_key_env"), "nested, the same rule as the API's");
        assertTrue(error(Map.of("llm.endpoint", "http://127.0.0.1", "llm.model", "m", "llm.api_key_env", "sk-abc-123"))
                .startsWith("llm.api_key_env must be the name of an environment variable"));
    }

    @Test
    void theKeyComesFromTheNamedEnvironmentVariable() {
        LlmConfig c = LlmConfig.from(Map.of("llm.endpoint", "http://127.0.0.1", "llm.model", "m",
                "llm.api_key_env", "LLM_KEY")).orElseThrow();

        assertEquals(Optional.of("k1"), c.settings().apiKey(Map.of("LLM_KEY", "k1")::get));
        LlmConfigException e = assertThrows(LlmConfigException.class, () -> c.settings().apiKey(Map.<String, String>of()::get));
        assertEquals("llm.api_key_env names LLM_KEY, which is not set", e.getMessage());
    }

    private static String error(Map<String, Object> config) {
        return assertThrows(LlmConfigException.class, () -> LlmConfig.from(config)).getMessage();
    }
}
