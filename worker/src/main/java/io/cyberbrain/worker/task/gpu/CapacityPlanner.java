package io.cyberbrain.worker.task.gpu;

import java.util.ArrayList;
import java.util.List;

/** Answers "which GPU has room for a model of N GiB" from the current free VRAM. */
public final class CapacityPlanner {

    public static final List<Double> DEFAULT_MODEL_SIZES_GIB = List.of(4.0, 8.0, 16.0, 24.0, 48.0);
    public static final int DEFAULT_HEADROOM_MIB = 512;

    private static final long MIB_PER_GIB = 1024;

    private final List<Double> modelSizesGib;
    private final int headroomMib;

    public CapacityPlanner(List<Double> modelSizesGib, int headroomMib) {
        this.modelSizesGib = List.copyOf(modelSizesGib);
        this.headroomMib = Math.max(0, headroomMib);
    }

    /**
     * How busy a GPU is, 0 (idle) to 1 (full): {@code 0.6 * used/total + 0.4 * util/100}. Memory
     * weighs more because a model that does not fit cannot run at all, while a busy GPU only slows it.
     * Both fractions are clamped to [0, 1]. The launcher uses this to pick a GPU; lower is better.
     */
    public static double idlenessScore(double usedMib, double totalMib, double utilizationGpuPct) {
        double memory = totalMib > 0 ? clamp(usedMib / totalMib) : 1.0;
        return 0.6 * memory + 0.4 * clamp(utilizationGpuPct / 100.0);
    }

    /**
     * The score of a reported GPU; null without total and used memory. Unknown utilisation (MIG mode,
     * old boards) counts as 100 %: a GPU whose load cannot be seen should not look like the idlest.
     */
    public static Double idlenessScore(GpuInfo gpu) {
        Integer total = gpu.memoryTotalMib();
        Integer used = gpu.memoryUsedMib();
        if (total == null || total <= 0 || used == null) {
            return null;
        }
        double util = gpu.utilizationGpuPct() == null ? 100.0 : gpu.utilizationGpuPct();
        return idlenessScore(used, total, util);
    }

    public CapacityPlan plan(List<GpuInfo> gpus) {
        List<CapacityPlan.GpuRoom> rooms = new ArrayList<>();
        for (GpuInfo g : gpus) {
            rooms.add(new CapacityPlan.GpuRoom(g.index(), g.name(), g.freeMib(), g.allocatableMib(), idlenessScore(g)));
        }
        List<CapacityPlan.ModelFit> fits = new ArrayList<>();
        for (double size : modelSizesGib) {
            fits.add(fit(size, rooms));
        }
        return new CapacityPlan(headroomMib, rooms, fits);
    }

    private CapacityPlan.ModelFit fit(double sizeGib, List<CapacityPlan.GpuRoom> rooms) {
        long modelMib = (long) Math.ceil(sizeGib * MIB_PER_GIB);
        long required = modelMib + headroomMib;
        List<Integer> fitsOn = new ArrayList<>();
        CapacityPlan.GpuRoom best = null;
        for (CapacityPlan.GpuRoom r : rooms) {
            if (r.allocatableMib() == null || r.allocatableMib() < required) {
                continue;
            }
            fitsOn.add(r.gpuIndex());
            if (best == null || better(r, best)) {
                best = r;
            }
        }
        return new CapacityPlan.ModelFit(sizeGib, required, fitsOn, best == null ? null : best.gpuIndex(),
                best == null ? null : best.allocatableMib() - modelMib);
    }

    /** Most room first; on a tie the idler GPU, then the lower index (rooms arrive by index). */
    private static boolean better(CapacityPlan.GpuRoom candidate, CapacityPlan.GpuRoom best) {
        int byRoom = Integer.compare(candidate.allocatableMib(), best.allocatableMib());
        if (byRoom != 0) {
            return byRoom > 0;
        }
        double c = candidate.idleness() == null ? Double.MAX_VALUE : candidate.idleness();
        double b = best.idleness() == null ? Double.MAX_VALUE : best.idleness();
        return c < b;
    }

    private static double clamp(double v) {
        if (Double.isNaN(v)) {
            return 1.0;
        }
        return Math.max(0.0, Math.min(1.0, v));
    }
}
