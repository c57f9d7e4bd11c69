package io.cyberbrain.worker.task.gpu;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything the GPU report says, already redacted: the GPUs (with their processes), history, capacity
 * and warnings.
 *
 * @param source where the GPU data came from: {@code nvidia-smi}, {@code inputs.nvidia_smi_xml} or
 *               {@code inputs.query_gpu_csv}
 * @param processSource where the processes came from: {@code nvidia-smi -q -x}, the compute-apps query,
 *                      {@code inputs.compute_apps_csv}, or null when none were found
 * @param unassignedProcesses processes from the compute-apps CSV whose GPU UUID matched no GPU
 */
public record GpuReport(Instant capturedAt, String source, String processSource, NvidiaSmiSnapshot snapshot,
                        List<GpuProcess> unassignedProcesses, List<GpuHistory> history, CapacityPlan capacity,
                        List<HealthWarning> warnings) {

    public GpuReport {
        unassignedProcesses = List.copyOf(unassignedProcesses);
        history = List.copyOf(history);
        warnings = List.copyOf(warnings);
    }

    public List<GpuInfo> gpus() {
        return snapshot.gpus();
    }

    /** Every process, by GPU, then those whose GPU could not be told (gpuIndex null). */
    public List<GpuProcess> processes() {
        return Stream.concat(snapshot.gpus().stream().flatMap(g -> g.processes().stream()),
                unassignedProcesses.stream()).toList();
    }

    /** Percentage of VRAM free over the GPUs that report both figures; null when none does. */
    public Integer vramFreePct() {
        long total = 0;
        long free = 0;
        for (GpuInfo g : gpus()) {
            if (g.memoryTotalMib() != null && g.memoryTotalMib() > 0 && g.freeMib() != null) {
                total += g.memoryTotalMib();
                free += g.freeMib();
            }
        }
        return total == 0 ? null : (int) Math.round(100.0 * free / total);
    }

    /** Counts only, e.g. "2 GPUs, 3 processes, 41% VRAM free, 1 warning". */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(plural(gpus().size(), "GPU", "GPUs")).append(", ")
                .append(plural(processes().size(), "process", "processes"));
        Integer free = vramFreePct();
        if (free != null) {
            sb.append(", ").append(free).append("% VRAM free");
        }
        sb.append(", ").append(plural(warnings.size(), "warning", "warnings"));
        return sb.toString();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gpu_available", true);
        m.put("captured_at", capturedAt == null ? null : capturedAt.toString());
        m.put("source", source);
        m.put("process_source", processSource);
        m.put("driver_version", snapshot.driverVersion());
        m.put("cuda_version", snapshot.cudaVersion());
        m.put("vram_free_pct", vramFreePct());
        m.put("gpus", gpus().stream().map(g -> {
            Map<String, Object> gj = g.toJson();
            gj.put("idleness_score", CapacityPlanner.idlenessScore(g));
            return gj;
        }).toList());
        m.put("processes", processes().stream().map(GpuProcess::toJson).toList());
        m.put("history", history.stream().map(GpuHistory::toJson).toList());
        m.put("capacity", capacity.toJson());
        m.put("warnings", warnings.stream().map(HealthWarning::toJson).toList());
        return m;
    }

    static String plural(int n, String one, String many) {
        return String.format(Locale.ROOT, "%d %s", n, n == 1 ? one : many);
    }
}
