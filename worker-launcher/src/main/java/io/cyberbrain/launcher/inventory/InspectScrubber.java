package io.cyberbrain.launcher.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cyberbrain.redaction.Redactor;

/**
 * Redacts container environment values before an inspect object leaves the launcher (into job.json on disk
 * and into the worker). Host names and ports survive redaction, so the service map still sees
 * {@code postgres://app:[REDACTED]@db:5432/app} point at {@code db}; passwords and keys do not reach the disk.
 */
public final class InspectScrubber {

    private InspectScrubber() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> scrub(Map<String, Object> inspect, Redactor redactor) {
        if (!(inspect.get("Config") instanceof Map<?, ?> config) || !(config.get("Env") instanceof List<?> env)) {
            return inspect;
        }
        List<String> scrubbed = new ArrayList<>(env.size());
        for (Object entry : env) {
            String s = String.valueOf(entry);
            int eq = s.indexOf('=');
            scrubbed.add(eq < 0 ? s : s.substring(0, eq + 1) + redactor.redact(s.substring(eq + 1)));
        }
        Map<String, Object> configCopy = new LinkedHashMap<>((Map<String, Object>) config);
        configCopy.put("Env", scrubbed);
        Map<String, Object> copy = new LinkedHashMap<>(inspect);
        copy.put("Config", configCopy);
        return copy;
    }
}
