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

class NvidiaSmiCsvParserTest {

    private static final String DIR = "query_gpu_csv/";
    private final NvidiaSmiCsvParser parser = new NvidiaSmiCsvParser();

    @Test
    void everyCopiedQueryGpuCsvParsesToOneGpuPerRowWithMemoryFigures() {
        List<Path> files = Fixtures.files(Fixtures.root().resolve("query_gpu_csv"), "query-gpu.csv");
        assertEquals(20, files.size());
        for (Path f : files) {
            List<GpuInfo> gpus = parser.parseQueryGpu(Fixtures.read(f));
            assertEquals(1, gpus.size(), f.toString());
            GpuInfo g = gpus.get(0);
            assertTrue(g.name().startsWith("NVIDIA "), f + " " + g.name());
            assertNotNull(g.memoryTotalMib(), f.toString());
            assertNotNull(g.memoryUsedMib(), f.toString());
            assertNotNull(g.freeMib(), f.toString());
            assertNotNull(g.temperatureC(), f.toString());
            assertNotNull(g.powerDrawW(), f.toString());
        }
    }

    @Test
    void everyCopiedComputeAppsCsvParsesWithPidsAndNames() {
        List<Path> files = Fixtures.files(Fixtures.root().resolve("query_gpu_csv"), "query-compute-apps.csv");
        assertEquals(20, files.size());
        int total = 0;
        for (Path f : files) {
            List<GpuProcess> ps = parser.parseComputeApps(Fixtures.read(f));
            for (GpuProcess p : ps) {
                assertTrue(p.pid() > 0, f.toString());
                assertNotNull(p.name(), f.toString());
            }
            total += ps.size();
        }
        // data lines in the files: 2+2+1+3+3+3+3+3+2 on Linux, 10+12+19+21 on Windows; Linux idle files are header only
        assertEquals(84, total);
    }

    @Test
    void h100MigUnderLoadFiguresMatchTheFile() {
        GpuInfo g = parser.parseQueryGpu(Fixtures.read(DIR
                + "linux-x86_64__nvidia-h100-mig__590.48.01__load__query-gpu.csv")).get(0);
        assertEquals(0, g.index());
        assertEquals("NVIDIA H100 80GB HBM3", g.name());
        assertEquals("590.48.01", g.driverVersion());
        assertEquals("00000000:00:09.0", g.pciBusId());
        assertEquals(81559, g.memoryTotalMib());
        assertEquals(11125, g.memoryUsedMib());
        assertEquals(69956, g.freeMib());
        assertEquals(479, g.memoryReservedMib());
        assertNull(g.utilizationGpuPct(), "[N/A] under MIG");
        assertEquals(53, g.temperatureC());
        assertEquals(433.78, g.powerDrawW());
        assertEquals(700.0, g.powerLimitW());
        assertEquals("P0", g.performanceState());
        assertEquals(Boolean.TRUE, g.migEnabled());
        assertEquals(new EccCounts(true, 0L, 0L, 0L, 0L), g.ecc());
        assertTrue(g.activeClockEventReasons().isEmpty());
        assertEquals(new RemappedRows(null, null, null, null), g.remappedRows());
    }

    @Test
    void rtx2080SuperIdleShowsActiveIdleReasonsAndMissingEcc() {
        GpuInfo g = parser.parseQueryGpu(Fixtures.read(DIR
                + "linux-x86_64__nvidia-geforce-rtx-2080-super__595.71.05__idle__query-gpu.csv")).get(0);
        assertEquals("NVIDIA GeForce RTX 2080 SUPER", g.name());
        assertEquals(8192, g.memoryTotalMib());
        assertEquals(214, g.memoryUsedMib());
        assertEquals(7571, g.freeMib());
        assertEquals(40, g.temperatureC());
        assertEquals(39.32, g.powerDrawW());
        assertEquals(250.0, g.powerLimitW());
        assertTrue(g.activeClockEventReasons().contains("sw_power_cap"), g.activeClockEventReasons().toString());
        assertFalse(g.ecc().reported());
    }

    @Test
    void h200PlainUnderLoadReportsUtilisationAndRemappedRows() {
        GpuInfo g = parser.parseQueryGpu(Fixtures.read(DIR
                + "linux-x86_64__nvidia-h200__590.48.01__load__query-gpu.csv")).get(0);
        assertEquals("NVIDIA H200", g.name());
        assertEquals(143771, g.memoryTotalMib());
        assertEquals(32362, g.memoryUsedMib());
        assertEquals(100, g.utilizationGpuPct());
        assertEquals(7, g.utilizationMemoryPct());
        assertEquals(52, g.temperatureC());
        assertEquals(627.40, g.powerDrawW());
        assertEquals(Boolean.FALSE, g.migEnabled());
        assertEquals(Boolean.FALSE, g.remappedRows().pending());
        assertEquals(Boolean.FALSE, g.remappedRows().failure());
    }

    @Test
    void twoGpuExporterSampleWithFewColumnsGivesTwoGpusByIndex() {
        List<GpuInfo> gpus = parser.parseQueryGpu(Fixtures.read(DIR + "nvidia_gpu_exporter_testdata_query_2gpu.csv"));
        assertEquals(2, gpus.size());
        assertEquals("NVIDIA GeForce RTX 2080 SUPER", gpus.get(0).name());
        assertEquals(575, gpus.get(0).memoryUsedMib());
        assertNull(gpus.get(0).memoryTotalMib(), "not queried");
        assertEquals("466.63", gpus.get(0).driverVersion());
        assertEquals(1, gpus.get(1).index());
        assertEquals("Some Other GPU", gpus.get(1).name());
        assertEquals(1234, gpus.get(1).memoryUsedMib());
    }

    @Test
    void h100ComputeAppsUnderLoadListsThreeProcessesWithMemory() {
        List<GpuProcess> ps = parser.parseComputeApps(Fixtures.read(DIR
                + "linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__load__query-compute-apps.csv"));
        assertEquals(3, ps.size());
        GpuProcess burn = ps.get(2);
        assertEquals(11345L, burn.pid());
        assertEquals("./gpu_burn", burn.name());
        assertEquals(15690, burn.usedMemoryMib());
        assertEquals("GPU-00000000-0000-0000-0000-000000000000", burn.gpuUuid());
        assertNull(burn.gpuIndex(), "matched to a GPU later, by UUID");
        assertEquals(List.of(2566, 1542, 15690), ps.stream().map(GpuProcess::usedMemoryMib).toList());
    }

    @Test
    void windowsComputeAppsWithoutPerProcessMemoryGiveNullMemory() {
        List<GpuProcess> ps = parser.parseComputeApps(Fixtures.read(DIR
                + "windows-x86_64__nvidia-geforce-rtx-2080-super__591.86__idle__query-compute-apps.csv"));
        assertEquals(10, ps.size());
        assertEquals("C:\\Windows\\System32\\dwm.exe", ps.get(2).name());
        assertTrue(ps.stream().allMatch(p -> p.usedMemoryMib() == null));
    }

    @Test
    void idleComputeAppsWithOnlyAHeaderGiveNoProcesses() {
        assertEquals(List.of(), parser.parseComputeApps(Fixtures.read(DIR
                + "linux-x86_64__nvidia-h200__590.48.01__idle__query-compute-apps.csv")));
    }

    @Test
    void computeAppsAsTheTaskQueriesThemParseWithAndWithoutHeaderOrUnits() {
        String withHeader = """
                pid, process_name, gpu_uuid, used_gpu_memory [MiB]
                4242, /usr/bin/python3, GPU-aaaa, 8000 MiB
                """;
        String bare = "4242, /usr/bin/python3, GPU-aaaa, 8000\n";
        for (String csv : List.of(withHeader, bare)) {
            List<GpuProcess> ps = parser.parseComputeApps(csv);
            assertEquals(1, ps.size(), csv);
            assertEquals(new GpuProcess(null, "GPU-aaaa", 4242, "/usr/bin/python3", null, 8000, null, null), ps.get(0));
        }
    }

    @Test
    void commaInsideAProcessNameStaysInTheName() {
        String csv = """
                pid, process_name, gpu_uuid, used_gpu_memory [MiB]
                77, python train.py --layers=1,2,3, GPU-aaaa, 512 MiB
                """;
        GpuProcess p = parser.parseComputeApps(csv).get(0);
        assertEquals("python train.py --layers=1,2,3", p.name());
        assertEquals("GPU-aaaa", p.gpuUuid());
        assertEquals(512, p.usedMemoryMib());
    }

    @Test
    void queryGpuWithoutHeaderIsRejected() {
        assertThrows(GpuDataException.class, () -> parser.parseQueryGpu("0, NVIDIA X, 100 MiB\n"));
        assertThrows(GpuDataException.class, () -> parser.parseQueryGpu(""));
    }

    @Test
    void headerUnitsAreStrippedFromColumnNames() {
        assertEquals("memory.used", NvidiaSmiCsvParser.columnName(" memory.used [MiB]"));
        assertEquals("clocks_event_reasons_counters.sw_power_cap",
                NvidiaSmiCsvParser.columnName("clocks_event_reasons_counters.sw_power_cap [us]"));
        assertEquals("pstate", NvidiaSmiCsvParser.columnName("pstate"));
    }
}
