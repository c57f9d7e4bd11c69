package io.cyberbrain.worker.task.triage.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationTest {

    @TempDir
    Path root;

    @Test
    void afterARenameRotationTheOldFileIsReadToItsEndThenTheNewOneFromZero() {
        LogDir logs = new LogDir(root);
        logs.lines("app.log", "l", 0, 5);
        assertEquals(LogDir.expected("l", 0, 5), logs.run());

        logs.lines("app.log", "l", 5, 8);      // written before the rotation
        logs.rename("app.log", "app.log.1");   // logrotate create: rename...
        logs.lines("app.log", "l", 8, 12);     // ...and a new file

        assertEquals(LogDir.expected("l", 5, 12), logs.run(), "none lost, none repeated, oldest first");
        assertEquals(FileRead.ROTATED, logs.file("app.log.1").mode());
        assertEquals(FileRead.NEW, logs.file("app.log").mode());
        assertEquals(List.of(), logs.run());
    }

    @Test
    void aRotationWithAPartialLineReadsTheLineOnceFromTheRotatedFile() {
        LogDir logs = new LogDir(root);
        logs.append("app.log", "a\nb");
        assertEquals(List.of("a"), logs.run());

        logs.append("app.log", "-end\n");
        logs.rename("app.log", "app.log.1");
        logs.append("app.log", "c\n");

        assertEquals(List.of("b-end", "c"), logs.run());
    }

    @Test
    void copytruncateRereadsTheTruncatedFileFromZeroAndTheCopyFromTheCursor() {
        LogDir logs = new LogDir(root);
        logs.lines("app.log", "l", 0, 5);
        logs.run();

        logs.lines("app.log", "l", 5, 7);
        logs.copyTruncate("app.log", "app.log.1");
        logs.lines("app.log", "l", 7, 9);

        assertEquals(LogDir.expected("l", 5, 9), logs.run().stream().sorted().toList());
        assertEquals(FileRead.TRUNCATED, logs.file("app.log").mode());
        assertEquals(FileRead.CONTINUED, logs.file("app.log.1").mode());
    }

    @Test
    void aFileShorterThanItsCursorIsReadFromZero() {
        LogDir logs = new LogDir(root);
        logs.lines("app.log", "l", 0, 10);
        logs.run();

        logs.copyTruncate("app.log", "gone.bak");
        logs.lines("app.log", "m", 0, 2);

        assertEquals(LogDir.expected("m", 0, 2), logs.run());
    }

    @Test
    void aReusedInodeWithAnotherHeadIsANewFile() throws Exception {
        LogDir logs = new LogDir(root);
        logs.lines("app.log", "new", 0, 4);
        Path p = logs.path("app.log");
        long size = Files.size(p);
        // a cursor of an earlier file that had this inode: same identity, other first bytes, offset inside
        FileCursor stale = new FileCursor("other.log", (Long) Files.getAttribute(p, "unix:dev"),
                (Long) Files.getAttribute(p, "unix:ino"), 6, size, LogWindowReader.sha256(new byte[] {1, 2, 3}, 3));
        logs.cursors = List.of(stale);
        logs.succeededOnce = true;

        assertEquals(LogDir.expected("new", 0, 4), logs.run());
        assertEquals(FileRead.TRUNCATED, logs.file("app.log").mode());
    }

    @Test
    void withoutInodesRotationIsFollowedByTheHeadOfTheFile() {
        LogDir logs = new LogDir(root, ReadOptions.defaults().withFileIdentity(false));
        logs.lines("app.log", "l", 0, 5);
        logs.run();
        logs.lines("app.log", "l", 5, 7);
        logs.rename("app.log", "app.log.1");
        logs.lines("app.log", "l", 7, 9);

        assertEquals(LogDir.expected("l", 5, 9), logs.run());

        logs.rename("app.log.1", "app.log.2");
        logs.rename("app.log", "app.log.1");
        logs.lines("app.log", "l", 9, 10);

        assertEquals(LogDir.expected("l", 9, 10), logs.run());
    }

    @Test
    void rotatedFilesAreReadBeforeTheLiveOne() {
        LogDir logs = new LogDir(root);
        logs.lines("app.log", "l", 0, 1);
        logs.run();
        logs.lines("app.log", "l", 1, 3);
        logs.rename("app.log", "app.log.1");
        logs.lines("app.log", "l", 3, 5);
        logs.rename("app.log.1", "app.log.2");
        logs.rename("app.log", "app.log.1");
        logs.lines("app.log", "l", 5, 7);

        List<String> read = new ArrayList<>(logs.run());

        assertEquals(LogDir.expected("l", 1, 7), read);
    }
}
