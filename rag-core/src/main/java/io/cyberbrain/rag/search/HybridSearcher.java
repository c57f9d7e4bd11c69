package io.cyberbrain.rag.search;

import io.cyberbrain.rag.embed.Embedder;
import io.cyberbrain.rag.index.Candidate;
import io.cyberbrain.rag.index.SearchIndex;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Search by meaning and by words: the best chunks by dense similarity and by BM25, fused into one ranking.
 *
 * <p>Default fusion: z-score linear with equal weights over the union of both candidate lists: each
 * retriever's scores are standardised over the candidates ((x - mean) / stddev) and averaged. Both component
 * scores are known exactly for every candidate (the index computes the cosine of a BM25-only candidate and the
 * BM25 of a dense-only one), so nothing is guessed for a chunk that only one retriever ranked highly; unlike
 * min-max, one outlier score does not squash the others. On the development collection (bench/ir.sh, figures
 * in rag-core/README.md) it beat BM25 alone, dense alone, reciprocal rank fusion and min-max fusion on nDCG@10,
 * R@100 and MAP@100. w = 0.5 is the neutral choice, not a tuned one. RRF and min-max remain selectable.
 *
 * <p>The fused score ranks but says nothing of relevance (see {@link Relevance}): by default hits below the relevance
 * floor are left out, so a query unrelated to the library finds nothing.
 *
 * <p>Thread-safe (the index and the embedder are).
 */
public final class HybridSearcher {

    /**
     * @param fusion       how the lists are combined
     * @param denseWeight  weight w of the dense score in the linear fusions (BM25 gets 1 - w)
     * @param rrfK         the constant k of reciprocal rank fusion (60 in the original paper)
     * @param candidates   chunks taken from each retriever before fusion (at least top_k)
     * @param minRelevance hits below this {@link Relevance} are not returned (0: all are); the top_k are taken from
     *                     those that pass, in the fused order. BM25 alone knows no meaning, so there it does not apply.
     */
    public record Options(Fusion fusion, double denseWeight, int rrfK, int candidates, double minRelevance) {

        /** The product's search: z-score fusion of equal weights, passages from the relevance {@link Relevance#FLOOR}. */
        public static final Options DEFAULT = new Options(Fusion.Z_SCORE, 0.5, 60, 100, Relevance.FLOOR);

        public Options {
            if (fusion == null) {
                throw new IllegalArgumentException("fusion is required");
            }
            if (denseWeight < 0 || denseWeight > 1) {
                throw new IllegalArgumentException("denseWeight must be in [0, 1]: " + denseWeight);
            }
            if (rrfK < 1 || candidates < 1) {
                throw new IllegalArgumentException("rrfK and candidates must be >= 1");
            }
            if (!(minRelevance >= 0 && minRelevance <= 1)) {
                throw new IllegalArgumentException("minRelevance must be in [0, 1]: " + minRelevance);
            }
        }

        public Options withFusion(Fusion f) {
            return new Options(f, denseWeight, rrfK, candidates, minRelevance);
        }

        public Options withMinRelevance(double min) {
            return new Options(fusion, denseWeight, rrfK, candidates, min);
        }
    }

    /**
     * Longest query accepted, in characters: bounds what one query costs (its embedding windows and BM25 terms); a
     * question or a log template is far shorter.
     */
    public static final int MAX_QUERY_CHARS = 2000;

    /** Hard bound on top_k, whatever a caller asks for. */
    public static final int MAX_TOP_K = 1000;

    private final SearchIndex index;
    private final Embedder embedder;
    private final Options options;

    public HybridSearcher(SearchIndex index, Embedder embedder) {
        this(index, embedder, Options.DEFAULT);
    }

    /** @param embedder embeds the query; may be null when callers always pass the query vector */
    public HybridSearcher(SearchIndex index, Embedder embedder, Options options) {
        this.index = index;
        this.embedder = embedder;
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** Embeds the query and searches; {@code documentFilter} null means every document. */
    public List<SearchHit> search(String query, int topK, Collection<Long> documentFilter) {
        float[] v = options.fusion() == Fusion.BM25 ? null : embedder.embed(query);
        return search(query, v, topK, documentFilter);
    }

    /** Searches with an already computed (unit) query vector, e.g. one embedded in a batch. */
    public List<SearchHit> search(String query, float[] queryVector, int topK, Collection<Long> documentFilter) {
        if (topK < 1) {
            return List.of();
        }
        int k = Math.min(topK, MAX_TOP_K);
        Fusion fusion = options.fusion();
        List<String> terms = fusion == Fusion.DENSE ? null : index.analyzer().analyze(query);
        float[] vector = fusion == Fusion.BM25 ? null : queryVector;
        if (fusion != Fusion.BM25 && vector == null) {
            throw new IllegalArgumentException("a query vector is required for " + fusion);
        }
        List<Candidate> cands = index.candidates(vector, terms, Math.max(k, options.candidates()), documentFilter);

        double[] dense = new double[cands.size()];
        double[] lex = new double[cands.size()];
        for (int i = 0; i < cands.size(); i++) {
            dense[i] = cands.get(i).dense();
            lex[i] = cands.get(i).bm25();
        }
        double w = options.denseWeight();
        double[] fused = new double[cands.size()];
        switch (fusion) {
            case DENSE -> fused = dense;
            case BM25 -> fused = lex;
            case RRF -> {
                for (int i = 0; i < cands.size(); i++) {
                    Candidate c = cands.get(i);
                    double s = 0;
                    if (c.denseRank() > 0) {
                        s += 1.0 / (options.rrfK() + c.denseRank());
                    }
                    if (c.bm25Rank() > 0) {
                        s += 1.0 / (options.rrfK() + c.bm25Rank());
                    }
                    fused[i] = s;
                }
            }
            case MIN_MAX -> {
                double[] d = minMax(dense);
                double[] l = minMax(lex);
                for (int i = 0; i < fused.length; i++) {
                    fused[i] = w * d[i] + (1 - w) * l[i];
                }
            }
            case Z_SCORE -> {
                double[] d = zScore(dense);
                double[] l = zScore(lex);
                for (int i = 0; i < fused.length; i++) {
                    fused[i] = w * d[i] + (1 - w) * l[i];
                }
            }
            default -> throw new IllegalStateException(fusion.name());
        }
        // The floor only removes hits: the fused scores above are computed over every candidate, so the order of those
        // that pass is the order they had without it.
        double floor = fusion == Fusion.BM25 ? 0 : options.minRelevance();
        List<SearchHit> hits = new ArrayList<>(cands.size());
        for (int i = 0; i < cands.size(); i++) {
            Candidate c = cands.get(i);
            // Only chunks a retriever actually ranked belong in a single-retriever result.
            if (fusion == Fusion.DENSE && c.denseRank() == 0 || fusion == Fusion.BM25 && c.bm25Rank() == 0) {
                continue;
            }
            if (floor > 0 && Relevance.of(c.dense()) < floor) {
                continue;
            }
            hits.add(new SearchHit(c.chunkId(), c.documentId(), c.chunkIndex(), fused[i],
                    c.dense(), c.bm25(), c.denseRank(), c.bm25Rank()));
        }
        hits.sort(Comparator.comparingDouble(SearchHit::score).reversed().thenComparingLong(SearchHit::chunkId));
        return hits.size() > k ? new ArrayList<>(hits.subList(0, k)) : hits;
    }

    /** (x - min) / (max - min); a constant list maps to 1 when positive (all equally good), else 0. */
    static double[] minMax(double[] x) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double[] out = new double[x.length];
        double range = max - min;
        for (int i = 0; i < x.length; i++) {
            out[i] = range > 0 ? (x[i] - min) / range : (max > 0 ? 1 : 0);
        }
        return out;
    }

    /** (x - mean) / stddev; a constant list maps to 0. */
    static double[] zScore(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= Math.max(1, x.length);
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / Math.max(1, x.length));
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = sd > 0 ? (x[i] - mean) / sd : 0;
        }
        return out;
    }
}
