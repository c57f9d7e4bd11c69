package io.cyberbrain.launcher.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class WorkerOutputTest {

    @Test
    void outputWithinTheLimitIsKeptWhole() {
        WorkerOutput output = new WorkerOutput(100);
        output.write("started\nfailed: no result\n".getBytes(StandardCharsets.UTF_8));
        assertFalse(output.cut());
        assertEquals(26, output.totalBytes());
        assertEquals("started\nfailed: no result\n", new String(output.tail(), StandardCharsets.UTF_8));
        assertEquals("result\n", output.tailText(7));
    }

    @Test
    void writesOfEverySizeKeepExactlyTheLastBytesAndCountAll() {
        Random random = new Random(42);
        for (int limit : new int[] {1, 7, 64, 1000}) {
            WorkerOutput output = new WorkerOutput(limit);
            ByteArrayOutputStream everything = new ByteArrayOutputStream();
            for (int i = 0; i < 500; i++) {
                byte[] chunk = new byte[random.nextInt(3 * limit + 2)];
                random.nextBytes(chunk);
                int offset = chunk.length == 0 ? 0 : random.nextInt(chunk.length);
                output.write(chunk, offset, chunk.length - offset);
                everything.write(chunk, offset, chunk.length - offset);
                byte[] all = everything.toByteArray();
                assertArrayEquals(Arrays.copyOfRange(all, Math.max(0, all.length - limit), all.length), output.tail(),
                        "limit " + limit + ", write " + i);
                assertEquals(all.length, output.totalBytes());
                assertEquals(all.length > limit, output.cut());
            }
        }
    }

    @Test
    void aLimitOutsideTheRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WorkerOutput(0));
        assertThrows(IllegalArgumentException.class, () -> new WorkerOutput(Integer.MAX_VALUE));
    }

    @Test
    void anIncompleteReadIsSaid() {
        WorkerOutput output = new WorkerOutput(10);
        output.markIncomplete("the engine did not hand over all of the output within 30 s");
        assertTrue(output.incomplete().contains("30 s"));
    }
}
