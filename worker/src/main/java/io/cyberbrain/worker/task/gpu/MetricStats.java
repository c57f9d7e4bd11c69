package io.cyberbrain.worker.task.gpu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Peak and 95th percentile of one metric over the history window; both null without samples. */
public record MetricStats(Double peak, Double p95, int samples) {

    public static final MetricStats EMPTY = new MetricStats(null, null, 0);

    /**
     * Nearest-rank percentile (the smallest sample at or above 95 % of the samples): it is always a
     * value that was really observed, which reads better in a report than an interpolated one.
     */
    public static MetricStats of(List<Double> values) {
        List<Double> sorted = new ArrayList<>();
        for (Double v : values) {
            if (v != null && !v.isNaN()) {
                sorted.add(v);
            }
        }
        if (sorted.isEmpty()) {
            return EMPTY;
        }
        Collections.sort(sorted);
        int rank = (int) Math.ceil(0.95 * sorted.size());
        return new MetricStats(sorted.get(sorted.size() - 1), sorted.get(Math.max(0, rank - 1)), sorted.size());
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peak", peak);
        m.put("p95", p95);
        m.put("samples", samples);
        return m;
    }
}
