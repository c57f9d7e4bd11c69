package io.cyberbrain.worker.task.triage;

import java.time.DateTimeException;
import java.time.ZoneId;
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
 * <li>{@code triage.timezone}: zone of log timestamps that name none (an IANA id such as {@code Europe/Paris} or
 * an offset such as {@code +02:00}); default the zone of the host the worker runs on. Year-less stamps
 * (syslog) get the year that puts them at most a few days after the window's end.</li>
 * </ul>
 */
public record TriageOptions(int topN, int samples, double spikeFactor, long spikeMinCount, ZoneId zone) {

    public TriageOptions(int topN, int samples, double spikeFactor, long spikeMinCount) {
        this(topN, samples, spikeFactor, spikeMinCount, ZoneId.systemDefault());
    }

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
                s.whole("spike_min_count", DEFAULT_SPIKE_MIN_COUNT, 1, Long.MAX_VALUE),
                zone(s.value("timezone")));
    }

    private static ZoneId zone(Object v) {
        if (v == null || v instanceof String str && str.isBlank()) {
            return ZoneId.systemDefault();
        }
        if (!(v instanceof String str)) {
            throw new IllegalArgumentException(PREFIX + ".timezone must be a zone id such as Europe/Paris or +02:00, got "
                    + v);
        }
        try {
            return ZoneId.of(str.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(PREFIX + ".timezone is not a known zone: " + str);
        }
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
