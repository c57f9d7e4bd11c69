package io.cyberbrain.launcher.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cyberbrain.model.config.ConfigSecrets;
import io.cyberbrain.redaction.Redactor;

/**
 * Takes secrets out of a container's inspect object before it leaves the launcher (into job.json on disk and into
 * the worker): the environment, labels, command and arguments. A value whose name says it is a secret
 * ({@code POSTGRES_PASSWORD}, {@code GITHUB_TOKEN}, a label {@code ...api_key}, a flag {@code --db-password}: the
 * {@link ConfigSecrets} rule) is masked whole, since a password alone looks like any other word; every other value
 * of the environment and command goes through the redactor (labels, which the service map reads, keep theirs). Host names and ports survive, so the service map still sees
 * {@code postgres://app:[REDACTED]@db:5432/app} point at {@code db}.
 */
public final class InspectScrubber {

    private InspectScrubber() {
    }

    public static Map<String, Object> scrub(Map<String, Object> inspect, Redactor redactor) {
        Map<String, Object> copy = new LinkedHashMap<>(inspect);
        if (inspect.get("Args") instanceof List<?> args) {
            copy.put("Args", command(args, redactor));
        }
        if (inspect.get("Config") instanceof Map<?, ?> config) {
            Map<String, Object> configCopy = new LinkedHashMap<>();
            config.forEach((k, v) -> configCopy.put(String.valueOf(k), v));
            if (config.get("Env") instanceof List<?> env) {
                configCopy.put("Env", env(env, redactor));
            }
            if (config.get("Labels") instanceof Map<?, ?> labels) {
                // The service map reads labels (compose project, service, depends_on): only secrets go, nothing is redacted.
                Map<String, Object> named = new LinkedHashMap<>();
                labels.forEach((k, v) -> named.put(String.valueOf(k), v));
                configCopy.put("Labels", ConfigSecrets.masked(named));
            }
            for (String key : List.of("Cmd", "Entrypoint")) {
                if (config.get(key) instanceof List<?> command) {
                    configCopy.put(key, command(command, redactor));
                }
            }
            copy.put("Config", configCopy);
        }
        return copy;
    }

    private static List<String> env(List<?> env, Redactor redactor) {
        List<String> scrubbed = new ArrayList<>(env.size());
        for (Object entry : env) {
            String s = String.valueOf(entry);
            int eq = s.indexOf('=');
            scrubbed.add(eq < 0 ? s : s.substring(0, eq + 1) + value(s.substring(0, eq), s.substring(eq + 1), redactor));
        }
        return scrubbed;
    }

    /** Arguments: {@code --password x} and {@code --password=x} are masked by the flag's name, the rest redacted. */
    private static List<String> command(List<?> args, Redactor redactor) {
        List<String> scrubbed = new ArrayList<>(args.size());
        boolean secretNext = false;
        for (Object arg : args) {
            String s = String.valueOf(arg);
            int eq = s.indexOf('=');
            if (secretNext && !s.startsWith("-")) {
                scrubbed.add(ConfigSecrets.MASK);
                secretNext = false;
                continue;
            }
            secretNext = s.startsWith("-") && eq < 0 && secretFlag(s);
            scrubbed.add(s.startsWith("-") && eq > 0 && secretFlag(s.substring(0, eq)) ? s.substring(0, eq + 1) + ConfigSecrets.MASK
                    : redactor.redact(s));
        }
        return scrubbed;
    }

    private static boolean secretFlag(String flag) {
        return ConfigSecrets.isSecretKey(flag.replaceFirst("^-+", "").replace('-', '_').toLowerCase(Locale.ROOT));
    }

    private static Object value(String name, Object value, Redactor redactor) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value);
        return ConfigSecrets.isSecretKey(name) && !text.isBlank() ? ConfigSecrets.MASK : redactor.redact(text);
    }
}
