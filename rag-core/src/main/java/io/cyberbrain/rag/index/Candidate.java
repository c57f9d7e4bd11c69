package io.cyberbrain.rag.index;

/**
 * A chunk that was among the best of at least one retriever, with both component scores (each computed
 * exactly, also for the retriever that did not rank it in its top list) and its 1-based rank in each
 * top list (0 = not in that list).
 */
public record Candidate(long chunkId, long documentId, int chunkIndex, float dense, float bm25,
                        int denseRank, int bm25Rank) {
}
