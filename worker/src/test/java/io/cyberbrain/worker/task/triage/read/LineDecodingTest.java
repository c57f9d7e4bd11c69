package io.cyberbrain.worker.task.triage.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineDecodingTest {

    @TempDir
    Path root;

    @Test
    void aLineLongerThanTheCapIsCutAndTheRestSkippedUpToItsNewline() {
        LogDir logs = new LogDir(root, ReadOptions.defaults().withMaxLineBytes(64 * 1024));
        logs.run();
        logs.append("app.log", "before\n" + "x".repeat(1024 * 1024) + "\nafter\n");

        List<String> read = logs.run();

        assertEquals(3, read.size());
        assertEquals("before", read.get(0));
        assertEquals("x".repeat(64 * 1024), read.get(1));
        assertEquals("after", read.get(2));
        assertEquals(1, logs.file("app.log").cutLines());
    }

    @Test
    void aLongLineSplitAcrossReadsIsStillCutOnce() {
        LogDir logs = new LogDir(root, ReadOptions.defaults().withMaxLineBytes(10));
        logs.run();
        logs.append("app.log", "0123456789ABCDEF\nok\n");

        assertEquals(List.of("0123456789", "ok"), logs.run());
    }

    @Test
    void aLineOfExactlyTheCapIsWhole() {
        LogDir logs = new LogDir(root, ReadOptions.defaults().withMaxLineBytes(10));
        logs.run();
        logs.append("app.log", "0123456789\n");

        assertEquals(List.of("0123456789"), logs.run());
        assertEquals(0, logs.file("app.log").cutLines());
    }

    @Test
    void crlfEndingsAreRemovedAndMalformedUtf8IsReplaced() {
        LogDir logs = new LogDir(root);
        logs.run();
        logs.appendBytes("app.log", new byte[] {'o', 'k', '\r', '\n', 'b', (byte) 0xFF, 'd', '\n'});
        logs.append("app.log", "caf\u00e9 \u2713\n");

        assertEquals(List.of("ok", "b\uFFFDd", "caf\u00e9 \u2713"), logs.run());
    }

    @Test
    void emptyLinesAreLines() {
        LogDir logs = new LogDir(root);
        logs.run();
        logs.append("app.log", "a\n\nb\n");

        assertEquals(List.of("a", "", "b"), logs.run());
        assertEquals("a\n\nb\n".getBytes(StandardCharsets.UTF_8).length, logs.cursors.get(0).offset());
    }
}
