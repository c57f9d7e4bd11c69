package io.cyberbrain.worker.task.triage;

import java.util.Map;
import java.util.function.Function;

/**
 * One section of a job's configuration ({@code logs.*}, {@code llm.*}, {@code triage.*}), written either with
 * flat keys ({@code "logs.include"}) or nested ({@code {"logs": {"include": ...}}}), as directives may carry
 * either. Conversions are checked, and every error names the full key, so a bad directive says what to fix.
 */
public final class ConfigSection {

    private final Map<String, Object> config;
    private final String prefix;
    private final Function<String, ? extends IllegalArgumentException> error;

    private ConfigSection(Map<String, Object> config, String prefix, Function<String, ? extends IllegalArgumentException> error) {
        this.config = config == null ? Map.of() : config;
        this.prefix = prefix;
        this.error = error;
    }

    public static ConfigSection of(Map<String, Object> config, String prefix) {
        return new ConfigSection(config, prefix, IllegalArgumentException::new);
    }

    /** With the exception type the section's callers expect. */
    public static ConfigSection of(Map<String, Object> config, String prefix,
                                   Function<String, ? extends IllegalArgumentException> error) {
        return new ConfigSection(config, prefix, error);
    }

    /** The full key of {@code name}, for messages. */
    public String key(String name) {
        return prefix + "." + name;
    }

    public IllegalArgumentException error(String message) {
        return error.apply(message);
    }

    /** The raw value, or null when absent. */
    public Object value(String name) {
        String flat = key(name);
        if (config.containsKey(flat)) {
            return config.get(flat);
        }
        if (config.get(prefix) instanceof Map<?, ?> nested) {
            return nested.get(name);
        }
        return null;
    }

    /** A whole number (a JSON number without fraction, or its digits as a string) within bounds. */
    public long whole(String name, long dflt, long min, long max, String what) {
        Object v = value(name);
        if (v == null) {
            return dflt;
        }
        long n;
        if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
            n = num.longValue();
        } else if (v instanceof String s && s.trim().matches("-?\\d{1,18}")) {
            n = Long.parseLong(s.trim());
        } else {
            throw error(key(name) + " must be " + what + ", got " + v);
        }
        if (n < min || n > max) {
            throw error(key(name) + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    public long whole(String name, long dflt, long min, long max) {
        return whole(name, dflt, min, max, "a whole number");
    }

    public boolean bool(String name, boolean dflt) {
        Object v = value(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw error(key(name) + " must be true or false, got " + v);
    }
}
