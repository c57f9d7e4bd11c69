package io.cyberbrain.worker.task.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GpuHistoryTest {

    @Test
    void peakAndNearestRankP95PerGpu() {
        List<Object> samples = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            samples.add(sample(0, "2024-05-01T10:%02d:00Z".formatted(i), i * 100, 24576, i * 5, 40 + i, 100.5 + i));
        }
        samples.add(sample(1, "2024-05-01T10:05:00Z", 7000, 8192, 90, 80, 200.0));

        List<GpuHistory> h = GpuHistory.summarize(samples);

        assertEquals(2, h.size());
        GpuHistory g0 = h.get(0);
        assertEquals(0, g0.gpuIndex());
        assertEquals(20, g0.samples());
        assertEquals(Instant.parse("2024-05-01T10:01:00Z"), g0.first());
        assertEquals(Instant.parse("2024-05-01T10:20:00Z"), g0.last());
        assertEquals(2000.0, g0.memoryUsedMib().peak());
        assertEquals(1900.0, g0.memoryUsedMib().p95(), "19th of 20 sorted values");
        assertEquals(100.0, g0.utilizationGpuPct().peak());
        assertEquals(95.0, g0.utilizationGpuPct().p95());
        assertEquals(60.0, g0.temperatureC().peak());
        assertEquals(59.0, g0.temperatureC().p95());
        assertEquals(120.5, g0.powerDrawW().peak());

        GpuHistory g1 = h.get(1);
        assertEquals(1, g1.samples());
        assertEquals(7000.0, g1.memoryUsedMib().peak());
        assertEquals(7000.0, g1.memoryUsedMib().p95(), "a single sample is its own p95");
    }

    @Test
    void missingOrMalformedHistoryMeansNoHistory() {
        assertEquals(List.of(), GpuHistory.summarize(null));
        assertEquals(List.of(), GpuHistory.summarize("not a list"));
        assertEquals(List.of(), GpuHistory.summarize(List.of()));
        assertEquals(List.of(), GpuHistory.summarize(List.of(Map.of("memory_used_mb", 5))), "no gpu_index");
    }

    @Test
    void nullMetricsAndUnreadableTimestampsOnlyDropThemselves() {
        Map<String, Object> partial = new HashMap<>();
        partial.put("gpu_index", "0");
        partial.put("captured_at", "yesterday");
        partial.put("memory_used_mb", null);
        partial.put("utilization_gpu_pct", "55");
        List<GpuHistory> h = GpuHistory.summarize(List.of(partial, sample(0, "2024-05-01T10:00:00+02:00", 300, 1000, 10, 50, null)));
        GpuHistory g = h.get(0);
        assertEquals(2, g.samples());
        assertEquals(1, g.memoryUsedMib().samples());
        assertEquals(300.0, g.memoryUsedMib().peak());
        assertEquals(55.0, g.utilizationGpuPct().peak());
        assertEquals(Instant.parse("2024-05-01T08:00:00Z"), g.first());
        assertNull(g.powerDrawW().peak());
    }

    static Map<String, Object> sample(int gpu, String at, Integer used, Integer total, Integer util, Integer temp,
                                      Double power) {
        Map<String, Object> m = new HashMap<>();
        m.put("gpu_index", gpu);
        m.put("captured_at", at);
        m.put("memory_used_mb", used);
        m.put("memory_total_mb", total);
        m.put("utilization_gpu_pct", util);
        m.put("temperature_c", temp);
        m.put("power_draw_w", power);
        return m;
    }
}
