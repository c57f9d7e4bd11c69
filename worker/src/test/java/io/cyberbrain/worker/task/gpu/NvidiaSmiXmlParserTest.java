package io.cyberbrain.worker.task.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class NvidiaSmiXmlParserTest {

    private final NvidiaSmiXmlParser parser = new NvidiaSmiXmlParser();

    @Test
    void everyCopiedXmlFixtureParsesWithNamedGpusAndMemory() {
        List<Path> files = Fixtures.files(Fixtures.root().resolve("xml"), ".xml");
        assertTrue(files.size() >= 9, "fixtures copied: " + files);
        for (Path f : files) {
            NvidiaSmiSnapshot s = parser.parse(Fixtures.read(f));
            assertFalse(s.gpus().isEmpty(), f.toString());
            for (GpuInfo g : s.gpus()) {
                assertNotNull(g.name(), f + " name");
                assertNotNull(g.uuid(), f + " uuid");
            }
            List<Integer> indexes = s.gpus().stream().map(GpuInfo::index).toList();
            assertEquals(indexes.stream().sorted().toList(), indexes, f + " ordered by index");
        }
    }

    @Test
    void a100WithMigReportsMemoryPowerAndInstancesButNoUtilisation() {
        NvidiaSmiSnapshot s = Fixtures.xml("telegraf/a100-sxm4-v12.xml");
        assertEquals("535.54.03", s.driverVersion());
        assertEquals("12.2", s.cudaVersion());
        assertEquals(1, s.gpus().size());
        GpuInfo g = s.gpus().get(0);
        assertEquals("NVIDIA A100-SXM4-80GB", g.name());
        assertEquals("GPU-513536b6-7d19-9063-b049-1e69664bb298", g.uuid());
        assertEquals(1, g.index());
        assertEquals(1, g.minorNumber());
        assertEquals(81920, g.memoryTotalMib());
        assertEquals(50, g.memoryUsedMib());
        assertEquals(80999, g.freeMib());
        assertEquals(869, g.memoryReservedMib());
        assertNull(g.utilizationGpuPct(), "N/A under MIG");
        assertNull(g.utilizationMemoryPct());
        assertEquals(27, g.temperatureC());
        assertEquals(89, g.temperatureSlowdownC());
        assertEquals(92, g.temperatureShutdownC());
        assertEquals(67.03, g.powerDrawW());
        assertEquals(500.0, g.powerLimitW());
        assertEquals("P0", g.performanceState());
        assertTrue(g.activeClockEventReasons().isEmpty(), "clocks_event_reasons all Not Active");
        assertEquals(Boolean.TRUE, g.migEnabled());
        assertEquals(4, g.migDevices().size());
        assertEquals(19955, g.migDevices().get(3).freeMib());
        assertEquals(19955, g.allocatableMib(), "a model only gets one MIG instance");
        assertEquals(Boolean.TRUE, g.ecc().enabled());
        assertEquals(0L, g.ecc().volatileUncorrected());
        assertEquals(0L, g.ecc().aggregateCorrected());
        assertFalse(g.retiredPages().reported(), "retired pages all N/A");
        assertFalse(g.remappedRows().reported(), "<remapped_rows>N/A</remapped_rows>");
        assertTrue(g.processes().isEmpty());
    }

    @Test
    void rtx3090ReportsEnforcedPowerLimitAndIdleReason() {
        GpuInfo g = Fixtures.xml("telegraf/rtx-3090-v12.xml").gpus().get(0);
        assertEquals("NVIDIA GeForce RTX 3090", g.name());
        assertEquals("525.147.05", g.driverVersion());
        assertEquals(24576, g.memoryTotalMib());
        assertEquals(1, g.memoryUsedMib());
        assertEquals(24258, g.freeMib());
        assertEquals(0, g.utilizationGpuPct());
        assertEquals(37, g.temperatureC());
        assertEquals(95, g.temperatureSlowdownC());
        assertEquals(27.23, g.powerDrawW());
        assertEquals(200.0, g.powerLimitW(), "enforced limit, not the 350 W default");
        assertEquals(List.of("gpu_idle"), g.activeClockEventReasons());
        assertFalse(g.ecc().reported(), "consumer board: ECC N/A");
        assertNull(g.migEnabled());
        assertEquals(0, g.processes().size());
    }

    @Test
    void oldFormatGtx1070TiWithoutDriverVersionOrMinorNumberParses() {
        NvidiaSmiSnapshot s = Fixtures.xml("telegraf/gtx-1070-ti.xml");
        assertNull(s.driverVersion());
        GpuInfo g = s.gpus().get(0);
        assertEquals("GeForce GTX 1070 Ti", g.name());
        assertEquals(0, g.index(), "document position when there is no minor number");
        assertNull(g.minorNumber());
        assertEquals(4096, g.memoryTotalMib());
        assertEquals(42, g.memoryUsedMib());
        assertEquals(4054, g.freeMib());
        assertEquals(39, g.temperatureC());
        assertNull(g.temperatureSlowdownC());
        assertNull(g.powerDrawW(), "N/A");
        assertNull(g.powerLimitW(), "missing");
        assertEquals("P8", g.performanceState());
        assertFalse(g.ecc().reported());
    }

    @Test
    void outdatedGt730WithAlmostNothingParsesToNulls() {
        GpuInfo g = Fixtures.xml("openpai/nvidia_smi_outdated_gpu.xml").gpus().get(0);
        assertEquals("GeForce GT 730", g.name());
        assertNull(g.memoryTotalMib());
        assertNull(g.freeMib());
        assertNull(g.utilizationGpuPct());
        assertNull(g.temperatureC());
        assertNull(g.powerDrawW());
    }

    @Test
    void teslaK80ListedOutOfOrderIsOrderedByMinorNumber() {
        NvidiaSmiSnapshot s = Fixtures.xml("openpai/nvidia_smi_out_of_order.xml");
        assertEquals("430.26", s.driverVersion());
        assertNull(s.cudaVersion(), "Not Found");
        assertEquals(List.of(0, 1, 2, 3), s.gpus().stream().map(GpuInfo::index).toList());
        assertEquals(List.of("GPU-3341aba2-f01d-2c1f-7dd4-e389779faec2", "GPU-c3b26f7a-8dcb-619c-fa1b-8029265a4db0",
                        "GPU-b01b80eb-0f18-1df0-cf88-0725bd90f1e1", "GPU-30bc2701-3bc2-5f35-0ebd-9867a077e138"),
                s.gpus().stream().map(GpuInfo::uuid).toList());
        assertEquals(2, s.processCount());

        GpuInfo one = s.gpus().get(1);
        assertEquals("Tesla K80", one.name());
        assertEquals(11441, one.memoryTotalMib());
        assertEquals(587, one.memoryUsedMib());
        assertEquals(99, one.utilizationGpuPct());
        assertEquals(29, one.utilizationMemoryPct());
        assertEquals(64, one.temperatureC());
        assertEquals(88, one.temperatureSlowdownC());
        assertEquals(135.72, one.powerDrawW());
        assertEquals(149.0, one.powerLimitW());
        assertEquals(List.of("applications_clocks_setting"), one.activeClockEventReasons());
        assertEquals(new EccCounts(true, 0L, 0L, 7L, 7L), one.ecc(), "old single/double-bit totals");
        assertEquals(new RetiredPages(1, 1, false), one.retiredPages(), "pending_blacklist No");
        GpuProcess p = one.processes().get(0);
        assertEquals(58813L, p.pid());
        assertEquals("python", p.name());
        assertEquals("C", p.type());
        assertEquals(576, p.usedMemoryMib());
        assertEquals(1, p.gpuIndex());
        assertEquals(one.uuid(), p.gpuUuid());

        assertEquals(34.44, s.gpus().get(0).powerDrawW());
        assertEquals(4L, s.gpus().get(2).ecc().aggregateUncorrected());
    }

    @Test
    void rtx2080TiWithoutEccReportsNullCountersAndOldThrottleReasons() {
        NvidiaSmiSnapshot s = Fixtures.xml("openpai/nvidia_smi_sample_ecc_unsupported.xml");
        assertEquals(2, s.gpus().size());
        GpuInfo first = s.gpus().get(0);
        GpuInfo second = s.gpus().get(1);
        assertEquals("GeForce RTX 2080 Ti", first.name());
        assertEquals(10989, first.memoryTotalMib());
        assertEquals(0, first.memoryUsedMib());
        assertEquals(24, first.temperatureC());
        assertEquals(2.12, first.powerDrawW());
        assertEquals(19.11, second.powerDrawW());
        assertEquals(250.0, second.powerLimitW());
        assertEquals(EccCounts.UNKNOWN, first.ecc(), "ECC N/A everywhere");
        assertEquals(List.of("gpu_idle"), first.activeClockEventReasons());
        assertEquals(List.of("sw_power_cap"), second.activeClockEventReasons());
    }

    @Test
    void gtx1070SampleListsProcessesPerGpu() {
        NvidiaSmiSnapshot s = Fixtures.xml("openpai/nvidia_smi_sample.xml");
        assertEquals(4, s.processCount());
        GpuInfo first = s.gpus().get(0);
        assertEquals("GeForce GTX 1070", first.name());
        assertEquals(8112, first.memoryTotalMib());
        assertEquals(2028, first.memoryUsedMib());
        assertEquals(100, first.utilizationGpuPct());
        assertEquals(119.47, first.powerDrawW());
        assertEquals(List.of("/usr/lib/xorg/Xorg", "/usr/bin/gnome-shell", "./ethminer"),
                first.processes().stream().map(GpuProcess::name).toList());
        assertEquals(2283, first.processes().get(2).usedMemoryMib());
        assertEquals(4057, s.gpus().get(1).memoryUsedMib());
    }

    @Test
    void a10gReportsRemappedRowsAndEnabledEcc() {
        GpuInfo g = Fixtures.xml("telegraf/a10g.xml").gpus().get(0);
        assertEquals("NVIDIA A10G", g.name());
        assertEquals(new RemappedRows(0, 0, false, false), g.remappedRows());
        assertEquals(Boolean.TRUE, g.ecc().enabled());
        assertEquals(0L, g.ecc().aggregateUncorrected());
        assertEquals(1, g.processes().size());
        assertEquals(22569, g.freeMib());
    }

    @Test
    void v13SchemaUsesAveragePowerDrawAndSramParityCounters() {
        GpuInfo g = Fixtures.xml("telegraf/rtx-3080-v13.xml").gpus().get(0);
        assertEquals("NVIDIA GeForce RTX 3080", g.name());
        assertEquals(10240, g.memoryTotalMib());
        assertEquals(9184, g.memoryUsedMib());
        assertEquals(660, g.freeMib());
        assertEquals(65, g.utilizationGpuPct());
        assertEquals(139.62, g.powerDrawW(), "average_power_draw, as --query-gpu's power.draw");
        assertEquals(320.0, g.powerLimitW(), "current_power_limit");
        assertEquals("P2", g.performanceState());
        assertFalse(g.ecc().reported());
    }

    @Test
    void markerValuesAndUnknownErrorsBecomeNull() {
        String xml = """
                <?xml version="1.0" ?>
                <!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v12.dtd">
                <nvidia_smi_log>
                  <driver_version>[N/A]</driver_version>
                  <gpu id="00000000:01:00.0">
                    <product_name>Test GPU</product_name>
                    <uuid>GPU-1</uuid>
                    <minor_number>Unknown Error</minor_number>
                    <fb_memory_usage><total>8192 MiB</total><used>Unknown Error</used><free>[Not Supported]</free></fb_memory_usage>
                    <utilization><gpu_util>[N/A]</gpu_util><memory_util>Not Supported</memory_util></utilization>
                    <temperature><gpu_temp>garbage C</gpu_temp></temperature>
                    <power_readings><power_draw>Unknown Error</power_draw><power_limit>N/A</power_limit></power_readings>
                    <clocks_throttle_reasons><clocks_throttle_reason_hw_slowdown>N/A</clocks_throttle_reason_hw_slowdown></clocks_throttle_reasons>
                    <processes><process_info><pid>N/A</pid></process_info><process_info><pid>42</pid><used_memory>N/A</used_memory></process_info></processes>
                  </gpu>
                </nvidia_smi_log>
                """;
        NvidiaSmiSnapshot s = parser.parse(xml);
        GpuInfo g = s.gpus().get(0);
        assertNull(s.driverVersion());
        assertNull(g.minorNumber());
        assertEquals(8192, g.memoryTotalMib());
        assertNull(g.memoryUsedMib());
        assertNull(g.freeMib());
        assertNull(g.utilizationGpuPct());
        assertNull(g.utilizationMemoryPct());
        assertNull(g.temperatureC());
        assertNull(g.powerDrawW());
        assertNull(g.powerLimitW());
        assertTrue(g.activeClockEventReasons().isEmpty());
        assertEquals(1, g.processes().size(), "a process without pid is skipped");
        assertNull(g.processes().get(0).usedMemoryMib());
    }

    @Test
    void thresholdsGivenOnlyAsTLimitMarginsAreConvertedToDegrees() {
        // the temperature block of the shared rtx-4000-sff-ada-v13.xml fixture
        String xml = """
                <nvidia_smi_log><gpu><product_name>NVIDIA RTX 4000 SFF Ada Generation</product_name><uuid>GPU-1</uuid>
                  <temperature>
                    <gpu_temp>38 C</gpu_temp>
                    <gpu_temp_tlimit>49 C</gpu_temp_tlimit>
                    <gpu_temp_max_tlimit_threshold>-7 C</gpu_temp_max_tlimit_threshold>
                    <gpu_temp_slow_tlimit_threshold>-2 C</gpu_temp_slow_tlimit_threshold>
                    <gpu_temp_max_gpu_tlimit_threshold>0 C</gpu_temp_max_gpu_tlimit_threshold>
                  </temperature>
                </gpu></nvidia_smi_log>
                """;
        GpuInfo g = parser.parse(xml).gpus().get(0);
        assertEquals(38, g.temperatureC());
        assertEquals(89, g.temperatureSlowdownC());
        assertEquals(94, g.temperatureShutdownC());
    }

    @Test
    void documentThatIsNotNvidiaSmiXmlIsRejected() {
        assertThrows(GpuDataException.class, () -> parser.parse("NVIDIA-SMI has failed because it couldn't communicate"));
        assertThrows(GpuDataException.class, () -> parser.parse("<html><body/></html>"));
        assertThrows(GpuDataException.class, () -> parser.parse(""));
    }

    @Test
    void externalEntitiesAreNotResolved() {
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE nvidia_smi_log [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <nvidia_smi_log><gpu><product_name>&x;</product_name><uuid>GPU-1</uuid></gpu></nvidia_smi_log>
                """;
        try {
            NvidiaSmiSnapshot s = parser.parse(xml);
            String name = s.gpus().get(0).name();
            assertTrue(name == null || !name.contains("root:"), name);
        } catch (GpuDataException refused) {
            // refusing the document is just as good
        }
    }
}
