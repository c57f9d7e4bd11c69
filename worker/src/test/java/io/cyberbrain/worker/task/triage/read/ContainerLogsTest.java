package io.cyberbrain.worker.task.triage.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogsTest {

    @TempDir
    Path jobDir;

    @Test
    void eachContainerLogIsReadWholeUnderItsContainerName() throws Exception {
        Path dir = Files.createDirectories(jobDir.resolve("container-logs"));
        Files.writeString(dir.resolve("web.log"), "w1\nw2"); // the last line, unfinished, is a line here
        Files.writeString(dir.resolve("db-1.log"), "d1\n");
        Files.writeString(dir.resolve("notes.md"), "not a log\n");
        LogDir.Collected sink = new LogDir.Collected();

        ReadResult r = new LogWindowReader(ReadOptions.defaults()).readContainerLogs(dir, sink);

        assertEquals(List.of("container:db-1|d1", "container:web|w1", "container:web|w2"), sink.keyed);
        assertEquals(List.of(), r.cursors(), "no cursors: the launcher windows container logs");
        assertEquals(3, r.linesRead());
    }

    @Test
    void aMissingFolderReadsNothing() throws Exception {
        LogDir.Collected sink = new LogDir.Collected();

        ReadResult r = new LogWindowReader(ReadOptions.defaults()).readContainerLogs(jobDir.resolve("none"), sink);

        assertEquals(List.of(), sink.keyed);
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void aContainerLogBeyondThePerFileLimitIsCutWithAWarning() throws Exception {
        Path dir = Files.createDirectories(jobDir.resolve("container-logs"));
        Files.writeString(dir.resolve("big.log"), "0123456789\n".repeat(10));
        LogDir.Collected sink = new LogDir.Collected();

        ReadResult r = new LogWindowReader(ReadOptions.defaults().withLimits(1000, 25)).readContainerLogs(dir, sink);

        assertEquals(List.of("0123456789", "0123456789"), sink.texts);
        assertTrue(r.warnings().get(0).reason().contains("85 bytes beyond the read limit"), r.warnings().toString());
    }
}
