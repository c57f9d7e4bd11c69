package io.cyberbrain.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule for secrets in task configs (a directive's {@code task_config}, a job's {@code default_config}, and
 * the snapshots runs take of them): a secret never sits in a config in clear, because configs are copied into
 * every run and job, written to the worker's {@code job.json} and shown to viewers. It goes in an environment
 * variable of the worker, and the config names that variable under the key's {@code _env} twin
 * ({@code llm.api_key_env}, not {@code llm.api_key}).
 *
 * <p>In clear means: a key named as a secret ({@code api_key}, {@code password}, {@code token},
 * {@code secret}, {@code private_key}, or any key ending {@code _api_key}, {@code _password}, {@code _token},
 * {@code _secret}, {@code _private_key}), flat ({@code "llm.api_key"}) or nested, with a value; or a URL
 * with credentials in it ({@code https://user:pass@host}). The worker refuses such a config before using it,
 * the API refuses it when saved ({@code ConfigSecretsCheck} in common-model), and anything stored before is shown
 * {@link #masked}.
 */
public final class ConfigSecrets {

    public static final String MASK = "********";

    private static final Set<String> NAMES = Set.of("api_key", "apikey", "password", "passwd", "token", "secret",
            "private_key", "secret_key", "access_key", "client_secret", "bearer_token", "auth_token", "access_token");
    private static final List<String> SUFFIXES = List.of("_api_key", "_apikey", "_password", "_passwd", "_token",
            "_secret", "_private_key", "_secret_key", "_access_key");
    /** What an {@code _env} key may name: the worker refuses anything else, so nothing else is passed to it. */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)([^/@\\s?#]+)@");

    private ConfigSecrets() {
    }

    /** One secret in clear: where ({@code llm.api_key}) and what is wrong. */
    public record ClearSecret(String path, String message) {
    }

    /** Every secret in clear in {@code config}, in the order met; empty when the config may be stored. */
    public static List<ClearSecret> find(Map<String, ?> config) {
        List<ClearSecret> found = new ArrayList<>();
        walk("", config, found);
        return found;
    }

    /**
     * The environment variables {@code config} names through {@code *_env} keys ({@code llm.api_key_env}, flat or
     * nested, in lists too), in the order met: what the worker of a job with this config may read from its environment.
     */
    public static Set<String> envReferences(Map<String, ?> config) {
        Set<String> names = new LinkedHashSet<>();
        references(config, names);
        return names;
    }

    private static void references(Object value, Set<String> names) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (String.valueOf(k).toLowerCase(Locale.ROOT).endsWith("_env") && v instanceof String name
                        && ENV_NAME.matcher(name.trim()).matches()) {
                    names.add(name.trim());
                } else {
                    references(v, names);
                }
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> references(v, names));
        }
    }

    /** Whether a key, or the last segment of a dotted key, names a secret. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        int dot = k.lastIndexOf('.');
        String last = dot < 0 ? k : k.substring(dot + 1);
        return NAMES.contains(last) || SUFFIXES.stream().anyMatch(last::endsWith);
    }

    /** The config as it may be shown: values of secret keys and credentials in URLs replaced by {@link #MASK}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> masked(Map<String, ?> config) {
        if (config == null) {
            return null;
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        config.forEach((k, v) -> shown.put(k, isSecretKey(k) && present(v) ? MASK : maskValue(v)));
        return shown;
    }

    @SuppressWarnings("unchecked")
    private static Object maskValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return masked((Map<String, ?>) m);
        }
        if (v instanceof List<?> list) {
            return list.stream().map(ConfigSecrets::maskValue).toList();
        }
        if (v instanceof String s) {
            return URL_CREDENTIALS.matcher(s).replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK + "@"));
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static void walk(String prefix, Object value, List<ClearSecret> found) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                String path = prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k;
                if (isSecretKey(String.valueOf(k)) && present(v)) {
                    found.add(new ClearSecret(path, path + " is not accepted: put the secret in an environment variable "
                            + "of the worker and name that variable in " + path + "_env"));
                } else {
                    walk(path, v, found);
                }
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(prefix + "[" + i + "]", list.get(i), found);
            }
        } else if (value instanceof String s && URL_CREDENTIALS.matcher(s).find()) {
            found.add(new ClearSecret(prefix, prefix + " must not carry credentials in its URL; put the secret in an "
                    + "environment variable of the worker and name it in a *_env key (such as llm.api_key_env)"));
        }
    }

    private static boolean present(Object v) {
        return v != null && !(v instanceof String s && s.isBlank());
    }
}
