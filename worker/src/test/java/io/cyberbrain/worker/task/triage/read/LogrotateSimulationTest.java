package io.cyberbrain.worker.task.triage.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A logger writes numbered lines (sometimes a line in two writes) while logrotate rotates in one of its ways
 * and triage runs now and then: every line must be read exactly once.
 */
class LogrotateSimulationTest {

    private static final int KEEP = 4;

    @TempDir
    Path root;

    @ParameterizedTest(name = "{0}, inodes={1}, seed={2}")
    @CsvSource({
            "create, true, 1", "create, true, 2", "create, false, 3",
            "create_compress, true, 4", "create_compress, false, 5",
            "create_delaycompress, true, 6", "create_delaycompress, false, 7",
            "copytruncate, true, 8", "copytruncate, false, 9",
            "copytruncate_delaycompress, true, 10"})
    void everyLineIsReadExactlyOnce(String mode, boolean inodes, long seed) throws Exception {
        Random random = new Random(seed);
        LogDir logs = new LogDir(root, ReadOptions.defaults().withFileIdentity(inodes));
        logs.append("app.log", "");
        List<String> read = new ArrayList<>(logs.run());
        List<String> written = new ArrayList<>();
        int next = 0;
        int rotationsSinceRun = 0;

        for (int step = 0; step < 120; step++) {
            int n = random.nextInt(6);
            for (int i = 0; i < n; i++) {
                String line = "line-" + next++ + "-" + "x".repeat(random.nextInt(40));
                written.add(line);
                if (random.nextInt(5) == 0) { // a line in two writes, a run may fall between them
                    int cut = 1 + random.nextInt(line.length() - 1);
                    logs.append("app.log", line.substring(0, cut));
                    if (random.nextBoolean()) {
                        read.addAll(logs.run());
                        rotationsSinceRun = 0;
                    }
                    logs.append("app.log", line.substring(cut) + "\n");
                } else {
                    logs.append("app.log", line + "\n");
                }
            }
            if (random.nextInt(4) == 0 && rotationsSinceRun < KEEP - 2) {
                rotate(logs, mode);
                rotationsSinceRun++;
            }
            if (random.nextInt(3) == 0) {
                read.addAll(logs.run());
                rotationsSinceRun = 0;
            }
        }
        read.addAll(logs.run());

        assertEquals(written.size(), read.size(), "as many lines read as written");
        assertEquals(written.stream().sorted().toList(), read.stream().sorted().toList());
    }

    /** One logrotate pass keeping {@value #KEEP} rotations. */
    private static void rotate(LogDir logs, String mode) throws Exception {
        boolean compress = mode.contains("compress");
        boolean delay = mode.contains("delaycompress");
        String ext = compress ? ".gz" : "";
        logs.delete("app.log." + KEEP + ext);
        for (int i = KEEP - 1; i >= 2; i--) {
            if (Files.exists(logs.path("app.log." + i + ext))) {
                logs.rename("app.log." + i + ext, "app.log." + (i + 1) + ext);
            }
        }
        if (Files.exists(logs.path("app.log.1"))) {
            if (compress) {
                logs.gzip("app.log.1", "app.log.2.gz");
            } else {
                logs.rename("app.log.1", "app.log.2");
            }
        } else if (Files.exists(logs.path("app.log.1.gz"))) {
            logs.rename("app.log.1.gz", "app.log.2.gz");
        }
        if (mode.startsWith("copytruncate")) {
            logs.copyTruncate("app.log", "app.log.1");
        } else {
            logs.rename("app.log", "app.log.1");
            logs.append("app.log", "");
        }
        if (compress && !delay) {
            logs.gzip("app.log.1", "app.log.1.gz");
        }
    }
}
