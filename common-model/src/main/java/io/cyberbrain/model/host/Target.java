package io.cyberbrain.model.host;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Where a run's jobs run: one host by name ({@code {"host": "gpu-box"}}), any host whose labels contain a selector
 * ({@code {"labels": {"gpu": "true"}}}), or every matching online host, one job each ({@code {"all": true}}, with or
 * without labels). No target: the default (any host, or the host that owns the containers a job reads).
 */
public record Target(String host, Map<String, String> labels, boolean all) {

    public static final int MAX_LABELS = 20;
    static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,198}[A-Za-z0-9])?");
    static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?");
    static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9._-]{0,63}");

    public Target {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static Target host(String name) {
        return new Target(name, Map.of(), false);
    }

    /** One job per matching host. */
    public boolean fansOut() {
        return all;
    }

    /**
     * The target as a caller sent it, checked; null when it is absent or refused (each problem goes to {@code errors}
     * with its field).
     */
    public static Target validate(String host, Map<String, String> labels, Boolean all, String field,
                                  BiConsumer<String, String> errors) {
        boolean fanOut = Boolean.TRUE.equals(all);
        boolean hasLabels = labels != null && !labels.isEmpty();
        Counter counter = new Counter(errors);
        if (host == null && !hasLabels && !fanOut) {
            counter.accept(field, "name a host, labels, or all: true");
        }
        if (host != null && (hasLabels || fanOut)) {
            counter.accept(field, "a host target names one host: give host alone, or labels and/or all");
        }
        if (host != null && !HOST_NAME.matcher(host).matches()) {
            counter.accept(field + ".host", "must be a host name: letters, digits, '.', '_' and '-', at most 200 characters");
        }
        if (labels != null) {
            validLabels(labels, field + ".labels", counter);
        }
        return counter.seen > 0 ? null : new Target(host, labels, fanOut);
    }

    /** Checks configured or patched labels by the same rule as a selector's; problems go to {@code errors}. */
    public static boolean validLabels(Map<String, String> labels, String field, BiConsumer<String, String> errors) {
        Counter counter = new Counter(errors);
        if (labels.size() > MAX_LABELS) {
            counter.accept(field, "at most " + MAX_LABELS + " labels");
        }
        labels.forEach((k, v) -> {
            if (k == null || !LABEL_KEY.matcher(k).matches()) {
                counter.accept(field, "label key '" + k + "' must be letters, digits, '.', '_', '/' and '-', at most 63");
            } else if (v == null || !LABEL_VALUE.matcher(v).matches()) {
                counter.accept(field + "." + k, "must be letters, digits, '.', '_' and '-', at most 63 characters");
            }
        });
        return counter.seen == 0;
    }

    /**
     * Labels written as {@code key=value} pairs (a launcher's CYBERBRAIN_HOST_LABELS, an MCP argument), checked as
     * {@link #validLabels} does; problems go to {@code errors}.
     */
    public static Map<String, String> labelsFromPairs(List<String> pairs, String field, BiConsumer<String, String> errors) {
        Map<String, String> labels = new LinkedHashMap<>();
        Counter counter = new Counter(errors);
        for (String pair : pairs) {
            String p = pair == null ? "" : pair.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                counter.accept(field, "'" + p + "' is not key=value");
                continue;
            }
            labels.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
        }
        validLabels(labels, field, counter);
        return labels;
    }

    public static boolean validHostName(String name) {
        return name != null && HOST_NAME.matcher(name).matches();
    }

    /** Whether a host of this name and labels is one this target means (state and status aside). */
    public boolean matches(String hostName, Map<String, ?> hostLabels) {
        if (host != null) {
            return host.equals(hostName);
        }
        return labels.entrySet().stream().allMatch(e -> hostLabels != null && e.getValue().equals(hostLabels.get(e.getKey())));
    }

    /** The stored form ({@code run.target}, {@code schedule.target}), as the wire has it. */
    public Map<String, Object> toConfig() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (host != null) {
            out.put("host", host);
        }
        if (!labels.isEmpty()) {
            out.put("labels", new TreeMap<>(labels));
        }
        if (all) {
            out.put("all", true);
        }
        return out;
    }

    /** A stored target read back; null for none. */
    public static Target fromConfig(Map<String, Object> stored) {
        if (stored == null || stored.isEmpty()) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (stored.get("labels") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        }
        Object host = stored.get("host");
        return new Target(host == null ? null : String.valueOf(host), labels, Boolean.TRUE.equals(stored.get("all")));
    }

    /** Counts what it passes on, so a validation knows whether it found anything. */
    private static final class Counter implements BiConsumer<String, String> {
        private final BiConsumer<String, String> errors;
        int seen;

        Counter(BiConsumer<String, String> errors) {
            this.errors = errors;
        }

        @Override
        public void accept(String field, String message) {
            seen++;
            errors.accept(field, message);
        }
    }
}
