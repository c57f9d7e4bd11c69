package io.cyberbrain.worker.task.gpu;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Summary of one GPU's samples over the history window ({@code inputs.gpu_history}, gathered by the
 * launcher from {@code gpu_state}).
 *
 * @param samples number of samples for this GPU
 * @param first   earliest {@code captured_at}, null when no sample had a readable one
 */
public record GpuHistory(int gpuIndex, int samples, Instant first, Instant last, MetricStats memoryUsedMib,
                         MetricStats utilizationGpuPct, MetricStats temperatureC, MetricStats powerDrawW) {

    /**
     * Summarises the raw input (a list of sample maps, as Jackson read it from job.json). Samples
     * without a usable {@code gpu_index} are skipped; a missing metric in a sample only drops that
     * metric. Returns one entry per GPU by index, empty when there is no history.
     */
    public static List<GpuHistory> summarize(Object rawSamples) {
        if (!(rawSamples instanceof List<?> list)) {
            return List.of();
        }
        Map<Integer, List<Map<?, ?>>> byGpu = new TreeMap<>();
        for (Object o : list) {
            if (o instanceof Map<?, ?> sample) {
                Integer index = integer(sample.get("gpu_index"));
                if (index != null) {
                    byGpu.computeIfAbsent(index, k -> new ArrayList<>()).add(sample);
                }
            }
        }
        List<GpuHistory> out = new ArrayList<>();
        byGpu.forEach((index, samples) -> out.add(summarizeOne(index, samples)));
        return out;
    }

    private static GpuHistory summarizeOne(int index, List<Map<?, ?>> samples) {
        List<Double> mem = new ArrayList<>();
        List<Double> util = new ArrayList<>();
        List<Double> temp = new ArrayList<>();
        List<Double> power = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        for (Map<?, ?> s : samples) {
            mem.add(decimal(s.get("memory_used_mb")));
            util.add(decimal(s.get("utilization_gpu_pct")));
            temp.add(decimal(s.get("temperature_c")));
            power.add(decimal(s.get("power_draw_w")));
            Instant at = instant(s.get("captured_at"));
            if (at != null) {
                first = first == null || at.isBefore(first) ? at : first;
                last = last == null || at.isAfter(last) ? at : last;
            }
        }
        return new GpuHistory(index, samples.size(), first, last, MetricStats.of(mem), MetricStats.of(util),
                MetricStats.of(temp), MetricStats.of(power));
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gpu_index", gpuIndex);
        m.put("samples", samples);
        m.put("first_captured_at", first == null ? null : first.toString());
        m.put("last_captured_at", last == null ? null : last.toString());
        m.put("memory_used_mb", memoryUsedMib.toJson());
        m.put("utilization_gpu_pct", utilizationGpuPct.toJson());
        m.put("temperature_c", temperatureC.toJson());
        m.put("power_draw_w", powerDrawW.toJson());
        return m;
    }

    static Double decimal(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        return o == null ? null : NvidiaValues.decimal(o.toString());
    }

    static Integer integer(Object o) {
        Double d = decimal(o);
        return d == null || d != Math.rint(d) ? null : d.intValue();
    }

    private static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        String s = o.toString().strip();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
