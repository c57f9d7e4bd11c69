package io.cyberbrain.rag.search;

/** How {@link HybridSearcher} combines the dense and the BM25 candidate lists. */
public enum Fusion {
    /** Reciprocal rank fusion: sum of 1 / (k + rank) over the lists a chunk is in. Scale-free. */
    RRF,
    /** Each score min-max normalised over the candidates, then w * dense + (1 - w) * bm25. */
    MIN_MAX,
    /** Each score z-normalised over the candidates, then w * dense + (1 - w) * bm25. */
    Z_SCORE,
    /** Dense similarity only (for evaluation and as a fallback). */
    DENSE,
    /** BM25 only (for evaluation and as a fallback). */
    BM25
}
