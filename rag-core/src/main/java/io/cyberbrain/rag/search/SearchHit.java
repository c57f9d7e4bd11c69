package io.cyberbrain.rag.search;

/**
 * One result: the chunk, its fused score and the components behind it.
 *
 * @param score      the fused score that ranks the hits of one query (relative to the other candidates: only its order
 *                   means something)
 * @param denseScore cosine similarity of the query and the chunk
 * @param bm25Score  BM25 score of the chunk (0 when no query term occurs in it)
 * @param denseRank  1-based rank among the dense candidates, 0 when not among them
 * @param bm25Rank   1-based rank among the BM25 candidates, 0 when not among them
 */
public record SearchHit(long chunkId, long documentId, int chunkIndex, double score,
                        double denseScore, double bm25Score, int denseRank, int bm25Rank) {

    /** How close in meaning the chunk is to the query, in [0, 1] ({@link Relevance}). */
    public double relevance() {
        return Relevance.of(denseScore);
    }
}
