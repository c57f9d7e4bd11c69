package io.cyberbrain.launcher.gpu;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.cyberbrain.worker.task.gpu.CapacityPlanner;
import io.cyberbrain.worker.task.gpu.GpuInfo;

/**
 * Chooses the GPU for a worker: an explicit override wins if that GPU exists and fits; otherwise the most
 * idle GPU (lowest 0.6 VRAM pressure + 0.4 utilisation) among those with enough free VRAM; otherwise the
 * CPU. No GPU at all is a normal state.
 */
public final class GpuSelector {

    /** The choice and why, for the audit row. A null index means the worker runs without a GPU. */
    public record Placement(Integer gpuIndex, String reason) {
        static Placement cpu(String reason) {
            return new Placement(null, reason);
        }
    }

    private GpuSelector() {
    }

    public static Placement choose(List<GpuInfo> gpus, int minVramMib, Integer override) {
        if (gpus.isEmpty()) {
            return Placement.cpu("no NVIDIA GPU seen: CPU");
        }
        if (override != null) {
            Optional<GpuInfo> wanted = gpus.stream().filter(g -> g.index() == override).findFirst();
            if (wanted.isEmpty()) {
                return Placement.cpu("GPU " + override + " was asked for but does not exist: CPU");
            }
            if (!fits(wanted.get(), minVramMib)) {
                return Placement.cpu("GPU " + override + " was asked for but has " + wanted.get().freeMib() + " MiB free of the "
                        + minVramMib + " MiB needed: CPU");
            }
            return new Placement(override, "GPU " + override + " as asked");
        }
        return gpus.stream().filter(g -> fits(g, minVramMib)).filter(g -> CapacityPlanner.idlenessScore(g) != null)
                .min(Comparator.comparingDouble((GpuInfo g) -> CapacityPlanner.idlenessScore(g)).thenComparingInt(GpuInfo::index))
                .map(g -> new Placement(g.index(), String.format(java.util.Locale.ROOT,
                        "GPU %d, the most idle with %d MiB free (score %.2f = 0.6 VRAM pressure + 0.4 utilisation)",
                        g.index(), g.freeMib(), CapacityPlanner.idlenessScore(g))))
                .orElseGet(() -> Placement.cpu("no GPU has " + minVramMib + " MiB free: CPU"));
    }

    private static boolean fits(GpuInfo gpu, int minVramMib) {
        Integer free = gpu.freeMib();
        return free != null && free >= minVramMib;
    }
}
