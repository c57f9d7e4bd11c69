package io.cyberbrain.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigSecretsTest {

    @Test
    void aSecretInClearIsFoundFlatOrNestedAndNamesItsEnvTwin() {
        List<ConfigSecrets.ClearSecret> found = ConfigSecrets.find(Map.of(
                "llm", Map.of("endpoint", "http://127.0.0.1:11434", "api_key", "sk-live-123"),
                "service_map.registry_password", "hunter2",
                "hooks", List.of(Map.of("url", "https://bot:p4ss@hooks.example.org/x"))));

        assertEquals(List.of("hooks[0].url", "llm.api_key", "service_map.registry_password"),
                found.stream().map(ConfigSecrets.ClearSecret::path).sorted().toList());
        assertTrue(found.stream().anyMatch(s -> s.message().equals("llm.api_key is not accepted: put the secret in an "
                + "environment variable of the worker and name that variable in llm.api_key_env")), found.toString());
    }

    @Test
    void envReferencesCountsAndEmptyValuesAreNotSecrets() {
        assertEquals(List.of(), ConfigSecrets.find(Map.of(
                "llm", Map.of("api_key_env", "LLM_KEY", "max_output_tokens", 1024, "endpoint", "https://llm.lan/v1"),
                "log_triage", Map.of("top_templates", 20, "token_budget", 5000),
                "password", "")));
    }

    @Test
    void theVariablesAConfigNamesThroughEnvKeysAreFoundFlatNestedAndInListsAndNothingElse() {
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("llm.api_key_env", "FLAT_KEY");
        config.put("llm", Map.of("api_key_env", " NESTED_KEY "));
        config.put("hooks", List.of(Map.of("token_env", "LISTED_TOKEN")));
        config.put("export_env", "not a variable name; rm -rf");
        config.put("environment", "NOT_A_REFERENCE");
        config.put("proxy_env", 3);

        assertEquals(java.util.Set.of("FLAT_KEY", "NESTED_KEY", "LISTED_TOKEN"), ConfigSecrets.envReferences(config));
        assertEquals(java.util.Set.of(), ConfigSecrets.envReferences(Map.of()));
    }

    @Test
    void maskingHidesSecretValuesAndUrlCredentialsAndKeepsTheRest() {
        Map<String, Object> shown = ConfigSecrets.masked(Map.of(
                "llm.api_key", "sk-live-123",
                "llm", Map.of("token", "t-1", "model", "qwen", "endpoint", "http://u:pw@10.0.0.2:8000"),
                "top_templates", 20));

        assertEquals("********", shown.get("llm.api_key"));
        assertEquals(Map.of("token", "********", "model", "qwen", "endpoint", "http://********@10.0.0.2:8000"),
                shown.get("llm"));
        assertEquals(20, shown.get("top_templates"));
        assertFalse(shown.toString().contains("sk-live") || shown.toString().contains("pw@"), shown.toString());
    }
}
