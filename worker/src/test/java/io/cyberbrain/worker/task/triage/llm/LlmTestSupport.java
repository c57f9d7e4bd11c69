package io.cyberbrain.worker.task.triage.llm;

import java.util.HashMap;
import java.util.Map;

import io.cyberbrain.llm.LlmClient;

/** Configs read as a job's config is, and a client on them (the real HTTP transport and policy; loopback needs no DNS). */
final class LlmTestSupport {

    private LlmTestSupport() {
    }

    static LlmConfig config(String endpoint, Map<String, Object> more) {
        Map<String, Object> m = new HashMap<>(more);
        m.put("llm.endpoint", endpoint);
        m.putIfAbsent("llm.model", "qwen2.5:7b");
        return LlmConfig.from(m).orElseThrow();
    }

    static LlmConfig config(String endpoint) {
        return config(endpoint, Map.of());
    }

    static LlmClient client(LlmConfig config) {
        return LlmClient.create(config.settings());
    }
}
