package io.cyberbrain.rag.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits extracted text into overlapping word windows (500 words, 50 overlap by default).
 *
 * <p>A "word" is a maximal run of non-whitespace characters: this needs no language knowledge, never
 * splits inside a token the embedder or BM25 would see as one, and makes offsets exact. Each chunk keeps
 * the character offsets of its first and last word in the source so a hit can be shown in context and the
 * chunk text is always {@code source.substring(start, end)} (whitespace between words is kept as is).
 *
 * <p>The overlap keeps a sentence that straddles a boundary whole in at least one chunk. The last chunk
 * is never a pure subset of the previous one: chunking stops as soon as a chunk reaches the end.
 */
public final class Chunker {

    public static final int DEFAULT_CHUNK_WORDS = 500;
    public static final int DEFAULT_OVERLAP_WORDS = 50;

    private final int chunkWords;
    private final int overlapWords;

    /** The design's defaults: 500 words, 50 overlap. */
    public Chunker() {
        this(DEFAULT_CHUNK_WORDS, DEFAULT_OVERLAP_WORDS);
    }

    public Chunker(int chunkWords, int overlapWords) {
        if (chunkWords < 1) {
            throw new IllegalArgumentException("chunkWords must be >= 1: " + chunkWords);
        }
        if (overlapWords < 0 || overlapWords >= chunkWords) {
            throw new IllegalArgumentException("overlapWords must be in [0, chunkWords): " + overlapWords);
        }
        this.chunkWords = chunkWords;
        this.overlapWords = overlapWords;
    }

    public int chunkWords() {
        return chunkWords;
    }

    public int overlapWords() {
        return overlapWords;
    }

    /** Chunks of {@code text}; empty (or whitespace-only) text gives no chunk. */
    public List<Chunk> chunk(String text) {
        List<Chunk> chunks = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return chunks;
        }
        // One pass to find word boundaries; two int arrays are far cheaper than a List of substrings.
        int[] starts = new int[16];
        int[] ends = new int[16];
        int n = 0;
        int len = text.length();
        int i = 0;
        while (i < len) {
            while (i < len && isSpace(text.charAt(i))) {
                i++;
            }
            if (i >= len) {
                break;
            }
            int s = i;
            while (i < len && !isSpace(text.charAt(i))) {
                i++;
            }
            if (n == starts.length) {
                starts = java.util.Arrays.copyOf(starts, n * 2);
                ends = java.util.Arrays.copyOf(ends, n * 2);
            }
            starts[n] = s;
            ends[n] = i;
            n++;
        }
        if (n == 0) {
            return chunks;
        }
        int step = chunkWords - overlapWords;
        for (int first = 0; ; first += step) {
            int last = Math.min(first + chunkWords, n) - 1;
            int start = starts[first];
            int end = ends[last];
            chunks.add(new Chunk(chunks.size(), text.substring(start, end), start, end, last - first + 1));
            if (last == n - 1) {
                break;
            }
        }
        return chunks;
    }

    /** Unicode whitespace plus the no-break spaces PDF extraction tends to produce. */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || c == '\u00A0' || c == '\u2007' || c == '\u202F';
    }
}
