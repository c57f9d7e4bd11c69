package io.cyberbrain.worker.task.triage;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Rate spikes against the template baselines the launcher supplies ({@code template_baselines}: hash to a
 * list of {@code {"window_start", "window_end", "line_count"}} of the previous successful windows).
 *
 * <p>A template's baseline rate is the sum of its counts over the sum of the durations of its baseline
 * windows (windows that cannot be read or last no time are ignored), per hour; its current rate is its count
 * in this window over this window's duration. It spikes when it has at least {@code minCount} entries, a
 * baseline rate above zero, and a current rate at least {@code factor} times the baseline.
 */
final class SpikeDetector {

    /** Shortest window a rate is computed over: shorter ones count as this long. */
    static final Duration MIN_WINDOW = Duration.ofMinutes(1);

    record Spike(TriageTemplate template, double baselinePerHour, double currentPerHour, double factor) {
    }

    private final Map<?, ?> baselines;
    private final double factor;
    private final long minCount;

    SpikeDetector(Object baselinesInput, double factor, long minCount) {
        this.baselines = baselinesInput instanceof Map<?, ?> m ? m : Map.of();
        this.factor = factor;
        this.minCount = minCount;
    }

    boolean hasBaselines() {
        return !baselines.isEmpty();
    }

    /**
     * @param windowHours this window's duration in hours, or null when it is unknown (then nothing spikes)
     * @return the spikes, largest factor first
     */
    List<Spike> detect(List<TriageTemplate> templates, Double windowHours) {
        List<Spike> out = new ArrayList<>();
        if (windowHours == null || baselines.isEmpty()) {
            return out;
        }
        for (TriageTemplate t : templates) {
            if (t.count() < minCount) {
                continue;
            }
            double baseline = baselineRate(baselines.get(t.hash()));
            if (!(baseline > 0)) {
                continue;
            }
            double current = t.count() / windowHours;
            double f = current / baseline;
            if (f >= factor) {
                out.add(new Spike(t, baseline, current, f));
            }
        }
        out.sort(Comparator.comparingDouble(Spike::factor).reversed().thenComparing(s -> s.template().hash()));
        return out;
    }

    /** Count per hour over the readable windows; NaN when none. */
    static double baselineRate(Object windows) {
        if (!(windows instanceof List<?> list)) {
            return Double.NaN;
        }
        double count = 0;
        double hours = 0;
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> w)) {
                continue;
            }
            Instant start = instant(w.get("window_start"));
            Instant end = instant(w.get("window_end"));
            if (start == null || end == null || !end.isAfter(start) || !(w.get("line_count") instanceof Number n)
                    || n.doubleValue() < 0) {
                continue;
            }
            count += n.doubleValue();
            hours += hours(Duration.between(start, end));
        }
        return hours > 0 ? count / hours : Double.NaN;
    }

    static double hours(Duration d) {
        Duration x = d.compareTo(MIN_WINDOW) < 0 ? MIN_WINDOW : d;
        return x.toMillis() / 3_600_000.0;
    }

    private static Instant instant(Object v) {
        if (!(v instanceof String s)) {
            return null;
        }
        try {
            return Instant.parse(s.trim());
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(s.trim()).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
