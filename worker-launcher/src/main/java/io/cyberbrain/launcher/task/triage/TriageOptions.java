package io.cyberbrain.launcher.task.triage;

import java.util.Map;

/**
 * The {@code triage.*} keys of a job's config, read flat ({@code "triage.top_n"}) or nested
 * ({@code {"triage": {"top_n": 20}}}):
 * <ul>
 * <li>{@code triage.top_n}: templates listed by count and by severity, and new templates listed; default 20
 * (1 to 200).</li>
 * <li>{@code triage.samples}: redacted sample messages per listed template; default 3 (0 to 3).</li>
 * <li>{@code triage.spike_factor}: a template spikes when its rate per hour is at least this many times its
 * baseline rate; default 3.0 (at least 1.1).</li>
 * <li>{@code triage.spike_min_count}: and it has at least this many entries in the window; default 20.</li>
 * </ul>
 */
public record TriageOptions(int topN, int samples, double spikeFactor, long spikeMinCount) {

    public static final int DEFAULT_TOP_N = 20;
    public static final int DEFAULT_SAMPLES = 3;
    public static final double DEFAULT_SPIKE_FACTOR = 3.0;
    public static final long DEFAULT_SPIKE_MIN_COUNT = 20;

    private static final String PREFIX = "triage";

    public static TriageOptions defaults() {
        return new TriageOptions(DEFAULT_TOP_N, DEFAULT_SAMPLES, DEFAULT_SPIKE_FACTOR, DEFAULT_SPIKE_MIN_COUNT);
    }

    /**
     * @throws IllegalArgumentException naming the key and what is wrong with it
     */
    public static TriageOptions from(Map<String, Object> config) {
        Map<String, Object> c = config == null ? Map.of() : config;
        ConfigSection s = ConfigSection.of(c, PREFIX);
        return new TriageOptions(
                (int) s.whole("top_n", DEFAULT_TOP_N, 1, 200),
                (int) s.whole("samples", DEFAULT_SAMPLES, 0, 3),
                decimal(c, "spike_factor", DEFAULT_SPIKE_FACTOR, 1.1, 1_000_000),
                s.whole("spike_min_count", DEFAULT_SPIKE_MIN_COUNT, 1, Long.MAX_VALUE));
    }

    private static double decimal(Map<String, Object> c, String name, double dflt, double min, double max) {
        Object v = ConfigSection.of(c, PREFIX).value(name);
        if (v == null) {
            return dflt;
        }
        double d;
        if (v instanceof Number num) {
            d = num.doubleValue();
        } else if (v instanceof String s) {
            try {
                d = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PREFIX + "." + name + " must be a number, got " + v);
            }
        } else {
            throw new IllegalArgumentException(PREFIX + "." + name + " must be a number, got " + v);
        }
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException(PREFIX + "." + name + " must be between " + min + " and " + max
                    + ", got " + v);
        }
        return d;
    }
}
