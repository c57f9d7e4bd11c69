package io.cyberbrain.worker.task.triage.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressedLogsTest {

    @TempDir
    Path root;

    @TempDir
    Path scratch;

    private LogDir afterAFirstRun() {
        LogDir logs = new LogDir(root);
        logs.run();
        return logs;
    }

    private void gzFile(Path target, String content) throws Exception {
        Path plain = scratch.resolve("plain");
        Files.writeString(plain, content);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
            Files.copy(plain, out);
        }
    }

    @Test
    void aGzIsReadOnceInFullAndNeverAgainEvenRenamed() throws Exception {
        LogDir logs = afterAFirstRun();
        gzFile(logs.path("app.log.2.gz"), "z-0\nz-1\nz-2"); // a last line without newline is a line in a .gz

        assertEquals(List.of("z-0", "z-1", "z-2"), logs.run());
        assertEquals(FileRead.COMPRESSED, logs.file("app.log.2.gz").mode());

        logs.rename("app.log.2.gz", "app.log.3.gz");

        assertEquals(List.of(), logs.run());
        assertEquals(FileRead.ALREADY_READ, logs.file("app.log.3.gz").mode());
        assertEquals(List.of(), logs.run(), "still known under its new name");
    }

    @Test
    void aGzMadeFromAPartlyReadFileSkipsWhatWasReadAlready() {
        LogDir logs = new LogDir(root);
        logs.lines("app.log", "l", 0, 4);
        logs.run();
        logs.lines("app.log", "l", 4, 6);
        // logrotate without delaycompress: rename, compress at once, new file
        logs.rename("app.log", "app.log.1");
        logs.gzip("app.log.1", "app.log.1.gz");
        logs.lines("app.log", "l", 6, 8);

        assertEquals(LogDir.expected("l", 4, 8), logs.run());
        assertEquals(FileRead.CONTINUED, logs.file("app.log.1.gz").mode());
    }

    @Test
    void withDelaycompressTheRotatedFileIsFollowedIntoItsGz() {
        LogDir logs = new LogDir(root);
        logs.lines("app.log", "l", 0, 2);
        logs.run();
        logs.lines("app.log", "l", 2, 4);
        logs.rename("app.log", "app.log.1");
        logs.lines("app.log", "l", 4, 5);
        assertEquals(LogDir.expected("l", 2, 5), logs.run());

        logs.lines("app.log", "l", 5, 6);
        logs.gzip("app.log.1", "app.log.2.gz");
        logs.rename("app.log", "app.log.1");
        logs.lines("app.log", "l", 6, 7);

        assertEquals(LogDir.expected("l", 5, 7), logs.run());
        assertEquals(List.of(), logs.run());
    }

    @Test
    void aGzBesideTheFileItIsMadeFromWaitsUntilTheCompressionIsOver() throws Exception {
        LogDir logs = new LogDir(root);
        logs.lines("app.log.1", "l", 0, 3);
        logs.run();
        gzFile(logs.path("app.log.1.gz"), "l-0\nl-1\nl-2\n");

        assertEquals(List.of(), logs.run());
        assertEquals(FileRead.DEFERRED, logs.file("app.log.1.gz").mode());

        logs.delete("app.log.1");
        assertEquals(List.of(), logs.run(), "the .gz holds only lines read from app.log.1");
    }

    @Test
    void onAFirstRunCompressedFilesAreHistoryMarkedReadNotRead() throws Exception {
        LogDir logs = new LogDir(root);
        gzFile(logs.path("app.log.4.gz"), "old\n");

        assertEquals(List.of(), logs.run());
        assertEquals(FileRead.HISTORY, logs.file("app.log.4.gz").mode());
        assertEquals(List.of(), logs.run());
    }

    @Test
    void aGzThatExpandsPastTheCapIsCutWithAWarning() throws Exception {
        LogDir logs = new LogDir(root, ReadOptions.defaults().withMaxDecompressedBytes(1000));
        logs.run();
        gzFile(logs.path("bomb.log.gz"), "x\n".repeat(100_000));

        List<String> read = logs.run();

        assertEquals(500, read.size());
        assertTrue(logs.last.warnings().stream().anyMatch(w -> w.sourceKey().equals("bomb.log.gz")
                && w.reason().contains("more than 1000 bytes")), logs.last.warnings().toString());
        assertEquals(List.of(), logs.run(), "marked read all the same");
    }

    @Test
    void aDamagedGzIsReportedWithoutAStackTraceAndNotRetried() throws Exception {
        LogDir logs = afterAFirstRun();
        Files.writeString(logs.path("broken.log.gz"), "this is not gzip\n");

        assertEquals(List.of(), logs.run());

        ReadWarning w = logs.last.warnings().get(0);
        assertEquals("broken.log.gz", w.sourceKey());
        assertTrue(w.reason().startsWith("not a valid gzip file"), w.reason());
        assertTrue(!w.reason().contains("\n") && !w.reason().contains("Exception"), w.reason());
        logs.run();
        assertEquals(List.of(), logs.last.warnings());
    }
}
