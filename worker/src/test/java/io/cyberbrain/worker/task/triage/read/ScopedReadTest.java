package io.cyberbrain.worker.task.triage.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run scoped to some files reads only those, and leaves every other file's cursor where it was. */
class ScopedReadTest {

    @TempDir
    Path root;

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void aScopedRunReadsTheNamedFilesAndALaterFullRunReadsWhatItLeft() {
        LogDir logs = new LogDir(root);
        logs.lines("a.log", "a", 0, 3).lines("b.log", "b", 0, 3).lines("nginx/x.log", "x", 0, 3);
        logs.run();
        logs.lines("a.log", "a", 3, 5).lines("b.log", "b", 3, 6).lines("nginx/x.log", "x", 3, 4);

        logs.scope = List.of("a.log", "nginx/*.log");
        List<String> scoped = logs.run();
        assertEquals(concat(LogDir.expected("a", 3, 5), LogDir.expected("x", 3, 4)), scoped.stream().sorted().toList());
        assertTrue(logs.last.files().stream().noneMatch(f -> f.sourceKey().equals("b.log")), "b.log is not read");
        assertEquals(4L, logs.file("a.log").firstLine(), "a.log's window starts at its line 4");

        logs.scope = null;
        assertEquals(LogDir.expected("b", 3, 6), logs.run(), "b.log from where the full run left it, a.log not again");
        assertEquals(4L, logs.file("b.log").firstLine());
        assertEquals(List.of(), logs.run());
    }

    @Test
    void aFileRotatedWhileOutOfScopeIsReadToItsEndByTheNextFullRun() {
        LogDir logs = new LogDir(root);
        logs.lines("app.log", "l", 0, 5).lines("other.log", "o", 0, 1);
        logs.run();

        logs.lines("app.log", "l", 5, 8);
        logs.rename("app.log", "app.log.1");
        logs.lines("app.log", "l", 8, 10);
        logs.lines("other.log", "o", 1, 2);

        logs.scope = List.of("other.log");
        assertEquals(LogDir.expected("o", 1, 2), logs.run());

        logs.scope = null;
        assertEquals(LogDir.expected("l", 5, 10), logs.run(), "none lost, none repeated");
        assertEquals(FileRead.RESUMED, logs.file("app.log.1").mode());
        assertEquals(6L, logs.file("app.log.1").firstLine());
    }

    @Test
    void aCopyMadeWhileOutOfScopeContinuesItsCursorInTheNextFullRun() {
        LogDir logs = new LogDir(root);
        logs.lines("app.log", "l", 0, 5).lines("other.log", "o", 0, 1);
        logs.run();

        logs.lines("app.log", "l", 5, 7);
        logs.copyTruncate("app.log", "app.log.1");
        logs.delete("app.log");

        logs.scope = List.of("other.log");
        assertEquals(List.of(), logs.run());

        logs.scope = null;
        assertEquals(LogDir.expected("l", 5, 7), logs.run(), "the copy from the old cursor, not from 0");
    }

    @Test
    void aScopeNamingNoFileReadsNoneAndKeepsEveryCursor() {
        LogDir logs = new LogDir(root);
        logs.lines("a.log", "a", 0, 2);
        logs.run();
        List<FileCursor> before = logs.cursors;
        logs.lines("a.log", "a", 2, 3);

        logs.scope = List.of();
        assertEquals(List.of(), logs.run());
        assertEquals(before.stream().map(c -> c.sourceKey() + "@" + c.offset() + "/" + c.lines()).toList(),
                logs.cursors.stream().map(c -> c.sourceKey() + "@" + c.offset() + "/" + c.lines()).toList());

        logs.scope = null;
        assertEquals(LogDir.expected("a", 2, 3), logs.run());
    }
}
