package io.cyberbrain.worker.task.triage.llm;

import io.cyberbrain.llm.LlmConfigException;
import io.cyberbrain.llm.LlmSettings;
import io.cyberbrain.policy.ConfigSecrets;
import io.cyberbrain.worker.task.triage.ConfigSection;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The optional local LLM, from the job's config map. Keys are read flat ({@code "llm.endpoint"}) or nested
 * ({@code {"llm": {"endpoint": ...}}}):
 * <ul>
 * <li>{@code llm.endpoint}: base URL of an OpenAI-compatible server (Ollama, vLLM, llama.cpp server), e.g.
 * {@code http://127.0.0.1:11434}; a trailing {@code /v1} is dropped. Absent or blank: no LLM (the task
 * runs without classification).</li>
 * <li>{@code llm.enabled}: false turns the LLM off even with an endpoint; default true.</li>
 * <li>{@code llm.model}: model id, required with an endpoint.</li>
 * <li>{@code llm.api_key_env}: name of an environment variable of the worker holding a bearer key;
 * optional. The key itself never goes in the config ({@code llm.api_key} is refused, by the shared
 * {@link ConfigSecrets} rule).</li>
 * <li>{@code llm.allowed_hosts}: exact host names (list or comma-separated) accepted whatever they resolve
 * to; default none.</li>
 * <li>{@code llm.allow_cgnat}: whether 100.64.0.0/10 counts as local; default true (see
 * {@link LlmEndpointPolicy}).</li>
 * <li>{@code llm.timeout_seconds}: whole-request timeout, default 60; {@code llm.connect_timeout_seconds},
 * default 5.</li>
 * <li>{@code llm.max_templates}: how many of the top templates are classified, default 20 (1 to 200);
 * {@code llm.batch_size}: templates per call, default 10 (1 to 50).</li>
 * <li>{@code llm.max_output_tokens}: {@code max_tokens} of each request, default 1024.</li>
 * </ul>
 *
 * @param endpoint the base URL, without trailing {@code /} or {@code /v1}
 */
public record LlmConfig(URI endpoint, String model, String apiKeyEnv, Set<String> allowedHosts, boolean allowCgnat,
                        Duration requestTimeout, Duration connectTimeout, int maxTemplates, int batchSize,
                        int maxOutputTokens) {

    public static final int DEFAULT_MAX_TEMPLATES = 20;
    public static final int DEFAULT_BATCH_SIZE = 10;

    private static final String PREFIX = "llm";

    private static ConfigSection section(Map<String, Object> c) {
        return ConfigSection.of(c, PREFIX, LlmConfigException::new);
    }
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    public LlmConfig {
        allowedHosts = Set.copyOf(allowedHosts);
    }

    /**
     * The LLM settings of a job, or empty when no LLM is configured.
     *
     * @throws LlmConfigException naming the key whose value cannot be used
     */
    public static Optional<LlmConfig> from(Map<String, Object> config) {
        Map<String, Object> c = config == null ? Map.of() : config;
        // The shared rule the API also applies when a config is saved.
        ConfigSecrets.find(c).stream().filter(s -> s.path().startsWith(PREFIX + ".")).findFirst().ifPresent(s -> {
            throw new LlmConfigException(s.message());
        });
        Object endpointValue = section(c).value("endpoint");
        if (!section(c).bool("enabled", true) || endpointValue == null
                || endpointValue instanceof String s && s.isBlank()) {
            return Optional.empty();
        }
        if (!(endpointValue instanceof String endpointText)) {
            throw new LlmConfigException("llm.endpoint must be a URL string");
        }
        URI endpoint = endpoint(endpointText.trim());

        Object modelValue = section(c).value("model");
        if (!(modelValue instanceof String model) || model.isBlank()) {
            throw new LlmConfigException("llm.model is required when llm.endpoint is set");
        }
        String apiKeyEnv = null;
        Object envValue = section(c).value("api_key_env");
        if (envValue != null) {
            if (!(envValue instanceof String env) || !ENV_NAME.matcher(env.trim()).matches()) {
                throw new LlmConfigException("llm.api_key_env must be the name of an environment variable "
                        + "(letters, digits, underscores), not the key itself");
            }
            apiKeyEnv = env.trim();
        }
        return Optional.of(new LlmConfig(endpoint, model.trim(), apiKeyEnv, hosts(c),
                section(c).bool("allow_cgnat", true),
                Duration.ofSeconds(section(c).whole("timeout_seconds", 60, 1, 3600)),
                Duration.ofSeconds(section(c).whole("connect_timeout_seconds", 5, 1, 300)),
                (int) section(c).whole("max_templates", DEFAULT_MAX_TEMPLATES, 1, 200),
                (int) section(c).whole("batch_size", DEFAULT_BATCH_SIZE, 1, 50),
                (int) section(c).whole("max_output_tokens", 1024, 16, 65536)));
    }

    /** What the shared client needs: endpoint, model, key, policy, timeouts, {@code max_tokens}. */
    public LlmSettings settings() {
        return new LlmSettings(endpoint, model, apiKeyEnv, allowedHosts, allowCgnat, requestTimeout, connectTimeout,
                maxOutputTokens);
    }

    /** {@code scheme://host:port} of the endpoint, as recorded on every call. */
    public String endpointLabel() {
        return settings().endpointLabel();
    }

    /** {@code {endpoint}/v1/chat/completions}. */
    public URI chatCompletionsUri() {
        return settings().chatCompletionsUri();
    }

    private static URI endpoint(String text) {
        return LlmSettings.endpoint(text);
    }

    // ---------------------------------------------------------------- config values

    private static Set<String> hosts(Map<String, Object> c) {
        Object v = section(c).value("allowed_hosts");
        List<String> raw = new ArrayList<>();
        if (v == null) {
            return Set.of();
        } else if (v instanceof String s) {
            raw.addAll(List.of(s.split(",")));
        } else if (v instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new LlmConfigException("llm.allowed_hosts must be a list of host names");
                }
                raw.add(s);
            }
        } else {
            throw new LlmConfigException("llm.allowed_hosts must be a list of host names or a comma-separated string");
        }
        return LlmSettings.hosts(raw);
    }

}
