package io.cyberbrain.worker.task.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class CapacityPlannerTest {

    @Test
    void idlenessWeighsMemorySixtyAndUtilisationFortyPercent() {
        assertEquals(0.0, CapacityPlanner.idlenessScore(0, 24576, 0), 1e-9);
        assertEquals(1.0, CapacityPlanner.idlenessScore(24576, 24576, 100), 1e-9);
        assertEquals(0.6 * 0.5 + 0.4 * 0.25, CapacityPlanner.idlenessScore(12288, 24576, 25), 1e-9);
        assertEquals(0.4, CapacityPlanner.idlenessScore(0, 1000, 150), 1e-9, "clamped");
    }

    @Test
    void idlenessOfAGpuTreatsUnknownUtilisationAsBusyAndUnknownMemoryAsNoScore() {
        assertEquals(0.6 * 0.5 + 0.4, CapacityPlanner.idlenessScore(gpu(0, 1000, 500, null)), 1e-9);
        assertNull(CapacityPlanner.idlenessScore(gpu(0, null, 500, 10)));
    }

    @Test
    void modelsFitWhereFreeMemoryCoversSizePlusHeadroomAndTheFreestGpuIsBest() {
        // GPU 0: 24 GiB card with 10 GiB used; GPU 1: 12 GiB card, idle; GPU 2: memory unknown
        List<GpuInfo> gpus = List.of(gpu(0, 24576, 10240, 50), gpu(1, 12288, 0, 0), gpu(2, null, null, null));
        CapacityPlan plan = new CapacityPlanner(List.of(4.0, 12.0, 14.0, 16.0), 512).plan(gpus);

        assertEquals(List.of(14336, 12288), plan.gpus().stream().limit(2).map(CapacityPlan.GpuRoom::freeMib).toList());
        CapacityPlan.ModelFit four = plan.models().get(0);
        assertEquals(4096 + 512, four.requiredMib());
        assertEquals(List.of(0, 1), four.fitsOn());
        assertEquals(0, four.bestGpu());
        assertEquals(14336L - 4096, four.freeAfterMib());

        CapacityPlan.ModelFit twelve = plan.models().get(1);
        assertEquals(List.of(0), twelve.fitsOn(), "12 GiB + headroom does not fit an exactly 12 GiB free card");

        CapacityPlan.ModelFit fourteen = plan.models().get(2);
        assertEquals(List.of(), fourteen.fitsOn(), "14336 free < 14336 + 512");
        assertNull(fourteen.bestGpu());
        assertNull(fourteen.freeAfterMib());
    }

    @Test
    void equalRoomGoesToTheIdlerGpu() {
        List<GpuInfo> gpus = List.of(gpu(0, 16384, 0, 90), gpu(1, 16384, 0, 5));
        CapacityPlan plan = new CapacityPlanner(List.of(8.0), 512).plan(gpus);
        assertEquals(1, plan.models().get(0).bestGpu());
    }

    @Test
    void migGpuOffersOnlyItsLargestInstance() {
        GpuInfo a100 = Fixtures.xml("telegraf/a100-sxm4-v12.xml").gpus().get(0);
        CapacityPlan plan = new CapacityPlanner(CapacityPlanner.DEFAULT_MODEL_SIZES_GIB, 512).plan(List.of(a100));
        assertEquals(80999, plan.gpus().get(0).freeMib());
        assertEquals(19955, plan.gpus().get(0).allocatableMib());
        assertEquals(List.of(4.0, 8.0, 16.0, 24.0, 48.0), plan.models().stream().map(CapacityPlan.ModelFit::sizeGib).toList());
        assertEquals(List.of(List.of(1), List.of(1), List.of(1), List.of(), List.of()),
                plan.models().stream().map(CapacityPlan.ModelFit::fitsOn).toList());
    }

    static GpuInfo gpu(int index, Integer total, Integer used, Integer util) {
        return new GpuInfo(index, index, "GPU " + index, "GPU-" + index, null, null, total, used, null, null, util, null,
                null, null, null, null, null, null, List.of(), null, null, null, null, List.of(), List.of());
    }
}
