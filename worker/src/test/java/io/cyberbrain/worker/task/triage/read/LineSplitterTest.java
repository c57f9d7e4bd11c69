package io.cyberbrain.worker.task.triage.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LineSplitterTest {

    @Test
    void theWordWiseNewlineSearchFindsWhatAByteLoopFinds() {
        Random random = new Random(10);
        byte[] alphabet = {'\n', 0x0B, 0x09, (byte) 0x8A, (byte) 0x0A ^ (byte) 0x80, 'a', 0, (byte) 0xFF, 0x01};
        for (int round = 0; round < 5_000; round++) {
            byte[] data = new byte[random.nextInt(40)];
            for (int i = 0; i < data.length; i++) {
                data[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            int from = data.length == 0 ? 0 : random.nextInt(data.length);
            int to = from + random.nextInt(data.length - from + 1);
            int expected = -1;
            for (int i = from; i < to; i++) {
                if (data[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertEquals(expected, LineSplitter.indexOfNewline(data, from, to), "round " + round);
        }
    }

    @Test
    void linesSplitAcrossBuffersAndCutAtTheCapComeOutWhole() {
        List<String> lines = new ArrayList<>();
        LineSplitter splitter = new LineSplitter("k", (key, line) -> lines.add(line), 12);
        byte[] input = "first line\r\nsecond\nthird is much too long for the cap\nlast".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < input.length; i += 7) {
            splitter.feed(input, i, Math.min(7, input.length - i));
        }
        assertEquals(input.length - 4, splitter.finish(false), "the unfinished last line is left for the next run");
        assertEquals(List.of("first line", "second", "third is muc"), lines);
        assertEquals(1, splitter.cutLines());
    }
}
