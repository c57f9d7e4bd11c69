package io.cyberbrain.worker.task.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class GpuHealthTest {

    @Test
    void thermalPowerBrakeAndHardwareSlowdownsAreFlaggedButPowerCapAndIdleAreNot() {
        List<HealthWarning> w = GpuHealth.check(List.of(
                gpu(0, List.of("gpu_idle", "sw_power_cap"), EccCounts.UNKNOWN, null, null, RetiredPages.UNKNOWN,
                        RemappedRows.UNKNOWN),
                gpu(1, List.of("hw_thermal_slowdown", "hw_power_brake_slowdown"), EccCounts.UNKNOWN, null, null,
                        RetiredPages.UNKNOWN, RemappedRows.UNKNOWN)));
        assertEquals(1, w.size());
        assertEquals(new HealthWarning(1, "throttling", "clocks held down by hw_thermal_slowdown, hw_power_brake_slowdown"),
                w.get(0));
    }

    @Test
    void uncorrectedEccErrorsAreFlagged() {
        List<HealthWarning> w = GpuHealth.check(List.of(
                gpu(0, List.of(), new EccCounts(true, 3L, 0L, 12L, 0L), null, null, RetiredPages.UNKNOWN, RemappedRows.UNKNOWN),
                gpu(1, List.of(), new EccCounts(true, 0L, 0L, 0L, 2L), null, null, RetiredPages.UNKNOWN, RemappedRows.UNKNOWN)));
        assertEquals(List.of("ecc_uncorrected"), w.stream().map(HealthWarning::kind).toList());
        assertEquals(1, w.get(0).gpuIndex());
    }

    @Test
    void pendingRetirementsAndRemapsAreFlagged() {
        List<HealthWarning> w = GpuHealth.check(List.of(
                gpu(0, List.of(), EccCounts.UNKNOWN, null, null, new RetiredPages(2, 1, true), RemappedRows.UNKNOWN),
                gpu(1, List.of(), EccCounts.UNKNOWN, null, null, RetiredPages.UNKNOWN, new RemappedRows(0, 1, true, true))));
        assertEquals(List.of("retired_pages_pending", "remapped_rows_pending", "remapped_rows_failure"),
                w.stream().map(HealthWarning::kind).toList());
    }

    @Test
    void temperatureWithinFiveDegreesOfSlowdownIsFlagged() {
        List<HealthWarning> w = GpuHealth.check(List.of(
                gpu(0, List.of(), EccCounts.UNKNOWN, 85, 91, RetiredPages.UNKNOWN, RemappedRows.UNKNOWN),
                gpu(1, List.of(), EccCounts.UNKNOWN, 86, 91, RetiredPages.UNKNOWN, RemappedRows.UNKNOWN),
                gpu(2, List.of(), EccCounts.UNKNOWN, 86, null, RetiredPages.UNKNOWN, RemappedRows.UNKNOWN)));
        assertEquals(1, w.size());
        assertEquals("temperature_near_slowdown", w.get(0).kind());
        assertEquals(1, w.get(0).gpuIndex());
    }

    @Test
    void teslaK80FixtureWithLifetimeDoubleBitErrorsWarnsOnTwoGpus() {
        List<HealthWarning> w = GpuHealth.check(Fixtures.xml("openpai/nvidia_smi_out_of_order.xml").gpus());
        assertEquals(List.of(1, 2), w.stream().map(HealthWarning::gpuIndex).toList());
        assertEquals(List.of("ecc_uncorrected", "ecc_uncorrected"), w.stream().map(HealthWarning::kind).toList());
    }

    @Test
    void healthyFixturesHaveNoWarnings() {
        for (String f : List.of("telegraf/a100-sxm4-v12.xml", "telegraf/rtx-3090-v12.xml", "telegraf/a10g.xml",
                "openpai/nvidia_smi_sample_ecc_unsupported.xml")) {
            assertEquals(List.of(), GpuHealth.check(Fixtures.xml(f).gpus()), f);
        }
    }

    private static GpuInfo gpu(int index, List<String> reasons, EccCounts ecc, Integer temp, Integer slowdown,
                               RetiredPages retired, RemappedRows remapped) {
        return new GpuInfo(index, index, "GPU", "GPU-" + index, null, null, 1000, 0, 1000, null, 0, 0, temp, slowdown,
                null, null, null, null, reasons, ecc, retired, remapped, null, List.of(), List.of());
    }
}
