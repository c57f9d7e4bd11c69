package io.cyberbrain.worker.task.triage.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CursorWindowTest {

    @TempDir
    Path root;

    @Test
    void aFirstRunReadsOnlyTheTailOfEachFileStartingAtALineBoundary() {
        LogDir logs = new LogDir(root, ReadOptions.defaults().withFirstRunTailBytes(100));
        logs.lines("app.log", "old", 0, 100); // ~700 bytes
        logs.lines("small.log", "s", 0, 3);

        List<String> read = logs.run();

        List<String> app = read.stream().filter(l -> l.startsWith("old-")).toList();
        assertTrue(app.size() > 5 && app.size() < 20, app.toString());
        assertEquals("old-99", app.get(app.size() - 1));
        int first = Integer.parseInt(app.get(0).substring(4));
        assertEquals(LogDir.expected("old", first, 100), app, "whole lines, in order, up to the end");
        assertTrue(read.containsAll(LogDir.expected("s", 0, 3)), "a file smaller than the tail is read whole");
        assertEquals(FileRead.TAIL, logs.file("app.log").mode());
    }

    @Test
    void aSecondRunReadsOnlyTheLinesAppendedSinceTheFirst() {
        LogDir logs = new LogDir(root);
        logs.lines("app.log", "a", 0, 5);
        assertEquals(LogDir.expected("a", 0, 5), logs.run());

        logs.lines("app.log", "a", 5, 8);

        assertEquals(LogDir.expected("a", 5, 8), logs.run());
        assertEquals(FileRead.RESUMED, logs.file("app.log").mode());
        assertEquals(List.of(), logs.run(), "nothing new, nothing read");
    }

    @Test
    void aPartialLastLineIsNotConsumedAndIsReadWholeOnceItEnds() {
        LogDir logs = new LogDir(root);
        logs.append("app.log", "one\ntw");

        assertEquals(List.of("one"), logs.run());
        assertEquals(4, logs.cursors.get(0).offset(), "the cursor stops before the partial line");

        logs.append("app.log", "o\nthree\n");

        assertEquals(List.of("two", "three"), logs.run());
    }

    @Test
    void aFileThatAppearsAfterAPreviousSuccessIsReadFromItsStartNotItsTail() {
        LogDir logs = new LogDir(root, ReadOptions.defaults().withFirstRunTailBytes(10));
        logs.lines("app.log", "a", 0, 1);
        logs.run();

        logs.lines("new.log", "n", 0, 50);

        assertEquals(LogDir.expected("n", 0, 50), logs.run());
        assertEquals(FileRead.NEW, logs.file("new.log").mode());
    }

    @Test
    void cursorsOfFilesThatDisappearedAreDropped() {
        LogDir logs = new LogDir(root);
        logs.lines("a.log", "a", 0, 2).lines("b.log", "b", 0, 2);
        logs.run();
        assertEquals(2, logs.cursors.size());

        logs.delete("b.log");
        logs.run();

        assertEquals(List.of("a.log"), logs.cursors.stream().map(FileCursor::sourceKey).toList());
    }

    @Test
    void cursorsCarryIdentityAndTheHashOfTheHead() throws IOException {
        LogDir logs = new LogDir(root);
        logs.lines("x/app.log", "a", 0, 3);
        logs.run();

        FileCursor c = logs.cursors.get(0);
        assertEquals("x/app.log", c.sourceKey());
        assertEquals(Files.size(logs.path("x/app.log")), c.offset());
        assertEquals(c.offset(), c.fileSize());
        assertEquals(Files.getAttribute(logs.path("x/app.log"), "unix:ino"), c.inode());
        assertEquals(Files.getAttribute(logs.path("x/app.log"), "unix:dev"), c.device());
        assertEquals(LogWindowReader.sha256(Files.readAllBytes(logs.path("x/app.log")), (int) c.fileSize()),
                c.headSha256());
        assertEquals(c, FileCursor.listFromJson(FileCursor.toJson(logs.cursors)).get(0), "JSON round trip");
    }

    @Test
    void theLimitsLeaveTheRestBehindTheCursorForTheNextRunWithoutLosingALine() {
        LogDir logs = new LogDir(root, ReadOptions.defaults().withLimits(60, 40));
        logs.run();
        logs.lines("a.log", "a", 0, 10).lines("b.log", "b", 0, 10); // 40 bytes each

        List<String> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.addAll(logs.run());
        }

        List<String> expected = new ArrayList<>(LogDir.expected("a", 0, 10));
        expected.addAll(LogDir.expected("b", 0, 10));
        assertEquals(expected.stream().sorted().toList(), all.stream().sorted().toList());
    }

    @Test
    void aRunCutShortByThePerRunLimitSaysSo() {
        LogDir logs = new LogDir(root, ReadOptions.defaults().withLimits(30, 1000));
        logs.run();
        logs.lines("a.log", "a", 0, 10);

        logs.run();

        assertTrue(logs.last.budgetExhausted());
        assertTrue(logs.file("a.log").backlogBytes() > 0);
        assertTrue(logs.last.bytesRead() <= 30);
    }

    @Test
    void aMissingRootFailsTheReadInsteadOfForgettingEveryCursor() {
        LogWindowReader reader = new LogWindowReader(ReadOptions.defaults());
        IOException e = assertThrows(IOException.class,
                () -> reader.read(root.resolve("absent"), List.of(), false, (k, l) -> { }));
        assertFalse(e.getMessage().contains(root.toString()), "no machine path in the message");
    }
}
