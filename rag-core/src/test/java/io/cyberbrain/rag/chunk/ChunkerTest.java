package io.cyberbrain.rag.chunk;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkerTest {

    private static String words(int n) {
        StringBuilder sb = new StringBuilder("  ");
        for (int i = 0; i < n; i++) {
            sb.append("w").append(i).append(i % 7 == 0 ? "\n\t" : " ");
        }
        return sb.toString();
    }

    @Test
    void emptyAndBlankTextGiveNoChunk() {
        Chunker c = new Chunker();
        assertTrue(c.chunk("").isEmpty());
        assertTrue(c.chunk(null).isEmpty());
        assertTrue(c.chunk(" \n\t\u00A0 ").isEmpty());
    }

    @Test
    void shortTextIsOneChunkWithExactOffsets() {
        String text = "  Hello,   world!\nSecond line.  ";
        List<Chunk> chunks = new Chunker().chunk(text);
        assertEquals(1, chunks.size());
        Chunk ch = chunks.get(0);
        assertEquals(0, ch.index());
        assertEquals(4, ch.wordCount());
        assertEquals(2, ch.startOffset());
        assertEquals(text.length() - 2, ch.endOffset());
        assertEquals("Hello,   world!\nSecond line.", ch.text());
    }

    @Test
    void defaultChunksAre500WordsWith50Overlap() {
        String text = words(1200);
        List<Chunk> chunks = new Chunker().chunk(text);
        // starts at words 0, 450, 900; the third reaches the end (900..1199)
        assertEquals(3, chunks.size());
        assertEquals(500, chunks.get(0).wordCount());
        assertEquals(500, chunks.get(1).wordCount());
        assertEquals(300, chunks.get(2).wordCount());
        for (Chunk c : chunks) {
            assertEquals(c.text(), text.substring(c.startOffset(), c.endOffset()));
        }
        assertTrue(chunks.get(1).text().startsWith("w450 "));
        assertTrue(chunks.get(0).text().endsWith("w499"));
        // the overlap: the last 50 words of chunk 0 open chunk 1
        String[] first = chunks.get(0).text().split("\\s+");
        String[] second = chunks.get(1).text().split("\\s+");
        for (int i = 0; i < 50; i++) {
            assertEquals(first[450 + i], second[i]);
        }
        assertEquals(text.stripTrailing().length(), chunks.get(2).endOffset());
    }

    @Test
    void configurableSizeAndNoTrailingSubsetChunk() {
        List<Chunk> chunks = new Chunker(10, 3).chunk(words(17));
        // starts 0, 7; the second covers 7..16 and reaches the end
        assertEquals(2, chunks.size());
        assertEquals(10, chunks.get(1).wordCount());
        assertEquals(1, chunks.get(1).index());
        assertEquals(1, new Chunker(10, 3).chunk(words(10)).size());
        assertThrows(IllegalArgumentException.class, () -> new Chunker(10, 10));
        assertThrows(IllegalArgumentException.class, () -> new Chunker(0, 0));
    }
}
