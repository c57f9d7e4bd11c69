package io.cyberbrain.llm;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the client needs to reach a local model: the endpoint (base URL without a trailing {@code /} or {@code /v1}),
 * the model id, where a bearer key comes from, the endpoint policy's allowlist, the timeouts and {@code max_tokens}.
 * Read from a job's config by the worker, from typed configuration by the services.
 */
public record LlmSettings(URI endpoint, String model, String apiKeyEnv, Set<String> allowedHosts, boolean allowCgnat,
                         Duration requestTimeout, Duration connectTimeout, int maxOutputTokens) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    public LlmSettings {
        allowedHosts = Set.copyOf(allowedHosts);
        if (model == null || model.isBlank()) {
            throw new LlmConfigException("llm.model is required when llm.endpoint is set");
        }
        if (apiKeyEnv != null && !ENV_NAME.matcher(apiKeyEnv).matches()) {
            throw new LlmConfigException("llm.api_key_env must be the name of an environment variable "
                    + "(letters, digits, underscores), not the key itself");
        }
    }

    /** Settings with the defaults: no key, no allowlist, CGNAT local, 60 s per request, 5 s to connect, 1024 tokens. */
    public static LlmSettings of(String endpoint, String model) {
        return new LlmSettings(endpoint(endpoint), model == null ? null : model.trim(), null, Set.of(), true,
                Duration.ofSeconds(60), Duration.ofSeconds(5), 1024);
    }

    public LlmSettings withApiKeyEnv(String env) {
        return new LlmSettings(endpoint, model, env == null ? null : env.trim(), allowedHosts, allowCgnat, requestTimeout,
                connectTimeout, maxOutputTokens);
    }

    public LlmSettings withAllowedHosts(Collection<String> hosts, boolean cgnat) {
        return new LlmSettings(endpoint, model, apiKeyEnv, hosts(hosts), cgnat, requestTimeout, connectTimeout,
                maxOutputTokens);
    }

    public LlmSettings withTimeouts(Duration request, Duration connect) {
        return new LlmSettings(endpoint, model, apiKeyEnv, allowedHosts, allowCgnat, request, connect, maxOutputTokens);
    }

    public LlmSettings withMaxOutputTokens(int tokens) {
        return new LlmSettings(endpoint, model, apiKeyEnv, allowedHosts, allowCgnat, requestTimeout, connectTimeout, tokens);
    }

    /** {@code scheme://host:port} of the endpoint, as recorded on every call. */
    public String endpointLabel() {
        int port = endpoint.getPort();
        if (port < 0) {
            port = "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
        }
        return endpoint.getScheme().toLowerCase(Locale.ROOT) + "://" + endpoint.getHost() + ":" + port;
    }

    /** {@code {endpoint}/v1/chat/completions}. */
    public URI chatCompletionsUri() {
        return URI.create(endpoint + "/v1/chat/completions");
    }

    /**
     * The bearer key, read from the environment variable {@code apiKeyEnv} names; empty without one.
     *
     * @throws LlmConfigException when the variable is named but not set
     */
    public Optional<String> apiKey(Function<String, String> environment) {
        if (apiKeyEnv == null) {
            return Optional.empty();
        }
        String key = environment.apply(apiKeyEnv);
        if (key == null || key.isBlank()) {
            throw new LlmConfigException("llm.api_key_env names " + apiKeyEnv + ", which is not set");
        }
        return Optional.of(key.trim());
    }

    /**
     * An endpoint URL checked and normalised: http or https, a host, no credentials, query or fragment; trailing
     * {@code /} and {@code /v1} dropped.
     *
     * @throws LlmConfigException saying what is wrong with it
     */
    public static URI endpoint(String text) {
        if (text == null || text.isBlank()) {
            throw new LlmConfigException("llm.endpoint is not a valid URL");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new LlmConfigException("llm.endpoint is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new LlmConfigException("llm.endpoint must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new LlmConfigException("llm.endpoint has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new LlmConfigException("llm.endpoint must not carry credentials; use llm.api_key_env");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new LlmConfigException("llm.endpoint must not have a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/v1")) {
            path = path.substring(0, path.length() - 3);
        }
        try {
            return new URI(scheme + "://" + uri.getRawAuthority() + path);
        } catch (URISyntaxException e) {
            throw new LlmConfigException("llm.endpoint is not a valid URL");
        }
    }

    /** Exact host names for the allowlist, normalised; a wildcard, scheme or port is refused. */
    public static Set<String> hosts(Collection<String> raw) {
        Set<String> out = new LinkedHashSet<>();
        for (String h : raw) {
            String n = LlmEndpointPolicy.normalizeHost(h);
            if (n.isEmpty()) {
                continue;
            }
            if (n.contains("*") || n.contains("/") || n.contains(":") && !n.startsWith("[")) {
                throw new LlmConfigException("llm.allowed_hosts takes exact host names (no wildcard, scheme or port): "
                        + h.trim());
            }
            out.add(n);
        }
        return out;
    }
}
