package io.cyberbrain.rag.search;

/**
 * How relevant a passage is to a query, on a scale a reader can use, and from where it counts at all: the one rule
 * behind the API's search (REST, web UI, MCP) and the runbook passages of a log triage.
 *
 * <p>The relevance of a hit is the cosine similarity of the query's and the passage's all-MiniLM-L6-v2 vectors (a
 * chunk with several vectors counts its best), clamped to [0, 1]. It does not depend on the other results. The fused
 * score that ranks the hits cannot serve: it standardises cosine and BM25 over the candidates of one query, so some
 * passage always comes first with a high score, however unrelated the query is to the whole library; nor can a shared
 * word, since "failed", "user" and "error" are in most logs and runbooks.
 *
 * <p>{@link #FLOOR}: calibrated on 540 labelled pairs of log templates and runbook paragraphs (docs/benchmarks.md,
 * "Runbook relevance": F1 0.898, precision 0.917 at 0.45). It holds for this model; another model needs its own
 * calibration.
 */
public final class Relevance {

    /** The relevance from which a passage is returned. */
    public static final double FLOOR = 0.45;

    private Relevance() {
    }

    /** The relevance of a cosine similarity: the cosine itself, negatives (opposite meaning) as 0. */
    public static double of(double cosine) {
        if (!(cosine > 0)) {
            return 0; // also NaN
        }
        return Math.min(1, cosine);
    }

    /** Whether a passage of this cosine similarity to the query reaches the {@link #FLOOR}. */
    public static boolean passes(double cosine) {
        return of(cosine) >= FLOOR;
    }
}
