package io.cyberbrain.worker.task.gpu;

import java.util.LinkedHashMap;
import java.util.Map;

/** One MIG instance of a partitioned GPU and its own framebuffer. */
public record MigDevice(Integer index, Integer memoryTotalMib, Integer memoryUsedMib, Integer memoryFreeMib) {

    /** Free memory as reported, else total minus used. */
    public Integer freeMib() {
        if (memoryFreeMib != null) {
            return memoryFreeMib;
        }
        return memoryTotalMib != null && memoryUsedMib != null ? Math.max(0, memoryTotalMib - memoryUsedMib) : null;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("memory_total_mb", memoryTotalMib);
        m.put("memory_used_mb", memoryUsedMib);
        m.put("memory_free_mb", memoryFreeMib);
        return m;
    }
}
