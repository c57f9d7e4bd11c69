package io.cyberbrain.worker.task.gpu;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A health finding for one GPU.
 *
 * @param kind stable code for filtering and alerting ({@code throttling}, {@code ecc_uncorrected},
 *             {@code retired_pages_pending}, {@code remapped_rows_pending}, {@code remapped_rows_failure},
 *             {@code temperature_near_slowdown})
 */
public record HealthWarning(int gpuIndex, String kind, String message) {

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gpu_index", gpuIndex);
        m.put("kind", kind);
        m.put("message", message);
        return m;
    }
}
