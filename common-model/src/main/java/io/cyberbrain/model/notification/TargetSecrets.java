package io.cyberbrain.model.notification;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets in a target's config: a webhook URL (its path is the credential) and an SMTP password, each
 * given as the value or as the name of an environment variable ({@code *_env}). Secrets are masked
 * wherever a config is shown, and a masked value sent back on update keeps what is stored.
 */
public final class TargetSecrets {

    public static final String MASK = "********";

    /** Each secret key and its environment-variable twin. */
    static final Map<String, String> TWINS = Map.of(
            TargetConfig.WEBHOOK_URL, TargetConfig.WEBHOOK_URL_ENV,
            TargetConfig.SMTP_PASSWORD, TargetConfig.SMTP_PASSWORD_ENV);

    private TargetSecrets() {
    }

    /** The config as it may be shown: the webhook URL reduced to scheme and host, the password hidden. */
    public static Map<String, Object> masked(Map<String, Object> config) {
        Map<String, Object> shown = new LinkedHashMap<>(config == null ? Map.of() : config);
        shown.computeIfPresent(TargetConfig.WEBHOOK_URL, (k, v) -> maskUrl(v));
        shown.computeIfPresent(TargetConfig.SMTP_PASSWORD, (k, v) -> MASK);
        return shown;
    }

    /**
     * Applies a partial update: a null value removes the key, a masked secret keeps the stored one, and
     * setting one of a secret and its {@code *_env} twin drops the other, so switching needs one call.
     */
    public static Map<String, Object> merge(Map<String, Object> stored, Map<String, Object> patch) {
        Map<String, Object> merged = new LinkedHashMap<>(stored == null ? Map.of() : stored);
        patch.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else if (!(TWINS.containsKey(key) && value instanceof String s && s.contains(MASK))) {
                merged.put(key, value);
                // Giving both in one request is left for validation to refuse.
                twin(key).filter(t -> !patch.containsKey(t)).ifPresent(merged::remove);
            }
        });
        return merged;
    }

    /** A secret given as {@code *_env} whose variable is not set in this service's environment. */
    public static final class MissingSecretException extends RuntimeException {
        MissingSecretException(String variable, String key) {
            super("environment variable " + variable + " (config." + key + ") is not set");
        }
    }

    /** The config with each {@code *_env} key replaced by its variable's value under the secret's key. */
    public static Map<String, Object> resolve(Map<String, Object> config, EnvironmentVariables env) {
        Map<String, Object> resolved = new LinkedHashMap<>(config);
        TWINS.forEach((secret, envKey) -> {
            if (resolved.remove(envKey) instanceof String variable) {
                resolved.put(secret, env.get(variable).orElseThrow(() -> new MissingSecretException(variable, envKey)));
            }
        });
        return resolved;
    }

    private static Optional<String> twin(String key) {
        if (TWINS.containsKey(key)) {
            return Optional.of(TWINS.get(key));
        }
        return TWINS.entrySet().stream().filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey).findFirst();
    }

    private static String maskUrl(Object value) {
        URI uri = TargetConfig.httpUrl(value);
        if (uri == null) {
            return MASK;
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + "/" + MASK;
    }
}
