package io.cyberbrain.worker.task.gpu;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ECC error totals. Volatile counts reset with the driver, aggregate ones are the board's lifetime.
 * Each total is null when the GPU does not report it (no ECC, or ECC off), which is not the same as 0.
 */
public record EccCounts(Boolean enabled, Long volatileCorrected, Long volatileUncorrected,
                        Long aggregateCorrected, Long aggregateUncorrected) {

    public static final EccCounts UNKNOWN = new EccCounts(null, null, null, null, null);

    /** True when any counter is known. */
    public boolean reported() {
        return volatileCorrected != null || volatileUncorrected != null || aggregateCorrected != null
                || aggregateUncorrected != null;
    }

    /** Uncorrected errors, lifetime if the GPU keeps that count, else since the driver loaded. */
    public Long uncorrected() {
        return aggregateUncorrected != null ? aggregateUncorrected : volatileUncorrected;
    }

    public boolean hasUncorrected() {
        return positive(volatileUncorrected) || positive(aggregateUncorrected);
    }

    private static boolean positive(Long v) {
        return v != null && v > 0;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", enabled);
        m.put("volatile_corrected", volatileCorrected);
        m.put("volatile_uncorrected", volatileUncorrected);
        m.put("aggregate_corrected", aggregateCorrected);
        m.put("aggregate_uncorrected", aggregateUncorrected);
        return m;
    }
}
