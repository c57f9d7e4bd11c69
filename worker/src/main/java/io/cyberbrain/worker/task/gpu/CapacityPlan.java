package io.cyberbrain.worker.task.gpu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where models of the configured sizes fit right now. */
public record CapacityPlan(int headroomMib, List<GpuRoom> gpus, List<ModelFit> models) {

    public CapacityPlan {
        gpus = List.copyOf(gpus);
        models = List.copyOf(models);
    }

    /**
     * One GPU's room.
     *
     * @param allocatableMib the largest block one model can get (the freest MIG instance when MIG is on)
     * @param idleness       {@link CapacityPlanner#idlenessScore}, lower is more idle; null without memory figures
     */
    public record GpuRoom(int gpuIndex, String name, Integer freeMib, Integer allocatableMib, Double idleness) {

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("gpu_index", gpuIndex);
            m.put("name", name);
            m.put("free_mb", freeMib);
            m.put("allocatable_mb", allocatableMib);
            m.put("idleness_score", idleness);
            return m;
        }
    }

    /**
     * One model size.
     *
     * @param requiredMib  the model plus the headroom margin
     * @param fitsOn       GPU indexes with at least {@code requiredMib} allocatable, by index
     * @param bestGpu      the one left with the most free memory after placing it; null if none fits
     * @param freeAfterMib allocatable memory left on the best GPU once the model (without the margin) is placed
     */
    public record ModelFit(double sizeGib, long requiredMib, List<Integer> fitsOn, Integer bestGpu,
                           Long freeAfterMib) {

        public ModelFit {
            fitsOn = List.copyOf(fitsOn);
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("size_gib", sizeGib);
            m.put("required_mb", requiredMib);
            m.put("fits_on", fitsOn);
            m.put("best_gpu", bestGpu);
            m.put("free_after_mb", freeAfterMib);
            return m;
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("headroom_mb", headroomMib);
        m.put("gpus", gpus.stream().map(GpuRoom::toJson).toList());
        m.put("models", models.stream().map(ModelFit::toJson).toList());
        return m;
    }
}
