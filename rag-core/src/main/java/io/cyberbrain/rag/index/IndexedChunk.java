package io.cyberbrain.rag.index;

/**
 * What the index keeps of a chunk: ids for the hit, the text for BM25 (analysed on add, not stored) and its
 * vector(s). The {@code embedding} table holds one vector per chunk; several vectors per chunk (one per
 * embedding window, scored by the best) are supported for evaluation.
 */
public record IndexedChunk(long chunkId, long documentId, int chunkIndex, String text, float[][] vectors) {

    public IndexedChunk(long chunkId, long documentId, int chunkIndex, String text, float[] vector) {
        this(chunkId, documentId, chunkIndex, text, new float[][] {vector});
    }

    public IndexedChunk {
        if (vectors == null || vectors.length == 0) {
            throw new IllegalArgumentException("chunk " + chunkId + " has no vector");
        }
    }
}
