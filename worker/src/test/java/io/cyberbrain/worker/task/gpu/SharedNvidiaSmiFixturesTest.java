package io.cyberbrain.worker.task.gpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Parses every nvidia-smi XML and CSV of the shared fixture collection ({@code ../shared/data/fixtures/nvidia_smi}
 * next to the repository), one test per file. The collection is not part of the repository: without it
 * these tests are skipped, so the build passes anywhere.
 */
class SharedNvidiaSmiFixturesTest {

    static final String RELATIVE = "shared/data/fixtures/nvidia_smi";

    @TestFactory
    Stream<DynamicTest> everySharedXmlAndCsvFileParses() {
        Path root = locate(Path.of("").toAbsolutePath());
        assumeTrue(root != null, "no ../" + RELATIVE + " above " + Path.of("").toAbsolutePath());
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> xml = Fixtures.files(root.resolve("xml"), ".xml");
        List<Path> csv = Fixtures.files(root.resolve("query_gpu_csv"), ".csv");
        assertFalse(xml.isEmpty(), "no XML under " + root);
        assertFalse(csv.isEmpty(), "no CSV under " + root);
        for (Path f : xml) {
            tests.add(DynamicTest.dynamicTest(root.relativize(f).toString(), () -> {
                NvidiaSmiSnapshot s = new NvidiaSmiXmlParser().parse(Fixtures.read(f));
                assertFalse(s.gpus().isEmpty(), "no GPU");
                s.gpus().forEach(g -> assertNotNull(g.name(), "GPU without a name"));
            }));
        }
        for (Path f : csv) {
            tests.add(DynamicTest.dynamicTest(root.relativize(f).toString(), () -> {
                String text = Fixtures.read(f);
                if (f.getFileName().toString().endsWith("query-compute-apps.csv")) {
                    new NvidiaSmiCsvParser().parseComputeApps(text).forEach(p -> assertTrue(p.pid() > 0));
                } else {
                    List<GpuInfo> gpus = new NvidiaSmiCsvParser().parseQueryGpu(text);
                    assertFalse(gpus.isEmpty(), "no GPU");
                    gpus.forEach(g -> assertNotNull(g.name(), "GPU without a name"));
                }
            }));
        }
        return tests.stream();
    }

    /** Walks up from {@code start} (the module or the repository) looking for {@code ../shared/...}. */
    static Path locate(Path start) {
        for (Path dir = start; dir != null && dir.getParent() != null; dir = dir.getParent()) {
            Path candidate = dir.getParent().resolve(RELATIVE);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
