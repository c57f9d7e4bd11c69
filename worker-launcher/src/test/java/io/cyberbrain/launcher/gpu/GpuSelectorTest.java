package io.cyberbrain.launcher.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cyberbrain.worker.task.gpu.GpuInfo;
import io.cyberbrain.worker.task.gpu.NvidiaSmiXmlParser;

class GpuSelectorTest {

    /** nvidia-smi -q -x of Tesla K80 GPUs, listed out of bus order (the worker module's test fixtures). */
    static final String OUT_OF_ORDER = "xml/openpai/nvidia_smi_out_of_order.xml";

    static List<GpuInfo> fixture(String name) throws Exception {
        try (var in = GpuSelectorTest.class.getResourceAsStream("/nvidia_smi/" + name)) {
            return new NvidiaSmiXmlParser().parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).gpus();
        }
    }

    @Test
    void noGpuMeansTheCpuWithAReason() {
        GpuSelector.Placement p = GpuSelector.choose(List.of(), 0, null);
        assertNull(p.gpuIndex());
        assertTrue(p.reason().contains("no NVIDIA GPU"));
    }

    @Test
    void theMostIdleGpuWithEnoughFreeVramWins() throws Exception {
        List<GpuInfo> k80s = fixture(OUT_OF_ORDER);
        GpuSelector.Placement p = GpuSelector.choose(k80s, 1024, null);
        GpuInfo chosen = k80s.stream().filter(g -> g.index() == p.gpuIndex()).findFirst().orElseThrow();
        for (GpuInfo other : k80s) {
            double score = io.cyberbrain.worker.task.gpu.CapacityPlanner.idlenessScore(other);
            assertTrue(io.cyberbrain.worker.task.gpu.CapacityPlanner.idlenessScore(chosen) <= score);
        }
        assertTrue(p.reason().contains("most idle"), p.reason());
    }

    @Test
    void aGpuWithoutEnoughFreeVramIsNeverChosen() throws Exception {
        List<GpuInfo> gpus = fixture(OUT_OF_ORDER);
        int biggestFree = gpus.stream().mapToInt(GpuInfo::freeMib).max().orElseThrow();
        GpuSelector.Placement p = GpuSelector.choose(gpus, biggestFree + 1, null);
        assertNull(p.gpuIndex());
        assertTrue(p.reason().contains("MiB free"), p.reason());
    }

    @Test
    void anOverrideWinsWhenItFitsAndFallsBackWhenItDoesNot() throws Exception {
        List<GpuInfo> gpus = fixture(OUT_OF_ORDER);
        assertEquals(3, GpuSelector.choose(gpus, 0, 3).gpuIndex());
        assertNull(GpuSelector.choose(gpus, 0, 9).gpuIndex());
    }
}
