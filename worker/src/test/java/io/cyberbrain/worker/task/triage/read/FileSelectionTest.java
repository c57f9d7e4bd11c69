package io.cyberbrain.worker.task.triage.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSelectionTest {

    @TempDir
    Path root;

    @TempDir
    Path outside;

    @Test
    void theProductsOwnRunsFolderIsNeverReadWhateverTheGlobs() {
        LogDir logs = new LogDir(root, ReadOptions.defaults().withInclude(List.of("**")));
        logs.lines("runs/1/2/container-logs/web.log", "job", 0, 2);
        logs.lines("runs/job.log", "job", 2, 3);
        logs.lines("app.log", "a", 0, 1);
        logs.lines("x/runs/app.log", "nested", 0, 1); // only the top-level runs/ is the product's

        List<String> read = logs.run();

        assertEquals(List.of("a-0", "nested-0"), read.stream().sorted().toList());
    }

    @Test
    void defaultGlobsTakeLogsRotationsAndTextButNotOtherFiles() {
        LogDir logs = new LogDir(root);
        logs.lines("a.log", "a", 0, 1).lines("a.log.1", "a1", 0, 1).lines("d/b.txt", "b", 0, 1)
                .lines("syslog", "s", 0, 1).lines("app.log-20240501", "date", 0, 1)
                .lines("data.csv", "csv", 0, 1).lines("image.png", "png", 0, 1);

        assertEquals(List.of("a-0", "a1-0", "b-0", "date-0", "s-0"), logs.run().stream().sorted().toList());
    }

    @Test
    void includeAndExcludeGlobsComeFromTheConfig() {
        ReadOptions options = ReadOptions.from(Map.of(
                "logs.include", List.of("**/*.log"),
                "logs", Map.of("exclude", "archive/**, **/debug.log")));
        LogDir logs = new LogDir(root, options);
        logs.lines("keep.log", "k", 0, 1).lines("svc/keep.log", "k2", 0, 1).lines("archive/old.log", "old", 0, 1)
                .lines("svc/debug.log", "dbg", 0, 1).lines("notes.txt", "t", 0, 1);

        assertEquals(List.of("k-0", "k2-0"), logs.run().stream().sorted().toList());
    }

    @Test
    void symlinksAreFollowedOnlyInsideTheRootAndAFileIsReadOnce() throws Exception {
        LogDir logs = new LogDir(root);
        logs.lines("real.log", "r", 0, 2);
        Files.writeString(outside.resolve("secret.log"), "outside\n");
        Files.createSymbolicLink(root.resolve("escape.log"), outside.resolve("secret.log"));
        Files.createSymbolicLink(root.resolve("alias.log"), root.resolve("real.log"));
        Files.createSymbolicLink(root.resolve("dangling.log"), root.resolve("nothing"));

        List<String> read = logs.run();

        assertEquals(LogDir.expected("r", 0, 2), read);
        List<String> warned = logs.last.warnings().stream().map(ReadWarning::sourceKey).sorted().toList();
        assertEquals(List.of("dangling.log", "escape.log"), warned);
        assertTrue(logs.last.warnings().stream().noneMatch(w -> w.reason().contains(outside.toString())));
    }

    @Test
    void anUnreadableFileIsSkippedAndReportedAndKeepsItsCursor() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        LogDir logs = new LogDir(root);
        logs.lines("locked.log", "l", 0, 2).lines("open.log", "o", 0, 1);
        logs.run();
        logs.lines("locked.log", "l", 2, 3);
        Files.setPosixFilePermissions(logs.path("locked.log"), PosixFilePermissions.fromString("---------"));

        assertEquals(List.of(), logs.run());

        assertEquals(List.of(new ReadWarning("locked.log", "permission denied")), logs.last.warnings());
        Files.setPosixFilePermissions(logs.path("locked.log"), PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of("l-2"), logs.run());
    }

    @Test
    void aFolderThatCannotBeListedIsReportedAndTheRestIsRead() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root lists every folder");
        LogDir logs = new LogDir(root);
        logs.lines("ok.log", "ok", 0, 1).lines("closed/x.log", "x", 0, 1);
        Files.setPosixFilePermissions(root.resolve("closed"), PosixFilePermissions.fromString("---------"));
        try {
            assertEquals(List.of("ok-0"), logs.run());
            assertEquals(List.of(new ReadWarning("closed", "permission denied")), logs.last.warnings());
        } finally {
            Files.setPosixFilePermissions(root.resolve("closed"), PosixFilePermissions.fromString("rwx------"));
        }
    }
}
