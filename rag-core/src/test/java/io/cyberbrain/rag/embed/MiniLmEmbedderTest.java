package io.cyberbrain.rag.embed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loads the real model from the jar (a few seconds). */
class MiniLmEmbedderTest {

    private static MiniLmEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = new MiniLmEmbedder();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedText() {
        List<float[]> v = embedder.embedAll(List.of(
                "The container keeps restarting because it runs out of memory.",
                "The service is killed repeatedly after exhausting its RAM.",
                "Quarterly revenue grew by ten percent in Europe."));
        for (float[] x : v) {
            assertEquals(384, x.length);
            assertEquals(1.0, VectorMath.dot(x, x), 1e-4);
        }
        float para = VectorMath.dot(v.get(0), v.get(1));
        float other = VectorMath.dot(v.get(0), v.get(2));
        assertTrue(para > 0.35 && para > other + 0.3, para + " vs " + other);
    }

    @Test
    void batchedAndSingleEmbeddingsAgree() {
        String a = "GPU temperature is high";
        String b = "A much longer sentence about backups of the database that pads the batch to more tokens.";
        List<float[]> batch = embedder.embedAll(List.of(a, b));
        assertEquals(1.0, VectorMath.dot(batch.get(0), embedder.embed(a)), 1e-4);
        assertEquals(1.0, VectorMath.dot(batch.get(1), embedder.embed(b)), 1e-4);
    }

    @Test
    void longTextIsEmbeddedThroughWindowsSoItsEndCounts() {
        StringBuilder filler = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            filler.append("The quarterly sales report lists revenue by region and product line. ");
        }
        String tail = "The GPU overheats and the graphics card throttles its clock under load.";
        String text = filler + tail;
        long[] ids = embedder.tokenize(text);
        assertTrue(ids.length > 400, "long text: " + ids.length + " tokens");
        List<long[]> windows = embedder.windows(ids);
        assertEquals((int) Math.ceil(ids.length / (double) (MiniLmEmbedder.MODEL_MAX_TOKENS - 2)), windows.size());
        for (long[] w : windows) {
            assertTrue(w.length <= MiniLmEmbedder.MODEL_MAX_TOKENS);
        }
        // the last window ends with the text's last token
        long[] last = windows.get(windows.size() - 1);
        assertEquals(ids[ids.length - 1], last[last.length - 2]);

        float[] whole = embedder.embed(text);
        float[] firstOnly = embedder.embed(filler.toString().substring(0, 300));
        float[] topic = embedder.embed("graphics card overheating and throttling");
        // with a 128-token truncation the GPU sentence would be invisible; through windows it moves the vector
        assertTrue(VectorMath.dot(whole, topic) > VectorMath.dot(firstOnly, topic) + 0.03,
                VectorMath.dot(whole, topic) + " vs " + VectorMath.dot(firstOnly, topic));
        assertEquals(windows.size(), embedder.embedWindowsAll(List.of(text)).get(0).vectors().length);
    }

    @Test
    void windowsOfALongTextAreEqualSoNoneIsAShortRemnant() {
        long[] ids = new long[MiniLmEmbedder.MODEL_MAX_TOKENS + 6];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1000 + i;
        }
        List<long[]> windows = embedder.windows(ids);
        assertEquals(2, windows.size());
        assertEquals(ids.length / 2 + 2, windows.get(0).length);
        assertEquals(ids.length / 2 + 2, windows.get(1).length);
        assertEquals(ids[0], windows.get(0)[1]);
        assertEquals(ids[ids.length / 2], windows.get(1)[1]);
        assertEquals(ids[ids.length - 1], windows.get(1)[windows.get(1).length - 2]);
    }

    @Test
    void windowsShareTheOverlapAndStillCoverTheWholeText() {
        try (MiniLmEmbedder overlapping = new MiniLmEmbedder(64, 16, 8)) {
            long[] ids = new long[300];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = 1000 + i;
            }
            List<long[]> windows = overlapping.windows(ids);
            int covered = 0;
            for (long[] w : windows) {
                assertTrue(w.length <= 64, "window of " + w.length);
                assertTrue(w[1] <= ids[covered], "a gap before " + w[1]);
                covered = (int) (w[w.length - 2] - 1000) + 1;
            }
            assertEquals(ids.length, covered);
        }
    }

    @Test
    void emptyTextStillGetsAVector() {
        float[] v = embedder.embed("");
        assertEquals(384, v.length);
        assertEquals(1.0, VectorMath.dot(v, v), 1e-4);
    }
}
