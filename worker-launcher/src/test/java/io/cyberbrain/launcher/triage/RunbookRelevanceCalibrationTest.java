package io.cyberbrain.launcher.triage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cyberbrain.rag.embed.MiniLmEmbedder;
import io.quarkus.test.junit.QuarkusTest;
import io.cyberbrain.rag.index.IndexedChunk;
import io.cyberbrain.rag.index.SearchIndex;
import io.cyberbrain.rag.search.HybridSearcher;
import io.cyberbrain.rag.search.Relevance;
import io.cyberbrain.rag.search.SearchHit;

/**
 * The relevance threshold of runbook passages, checked on a labelled set (test resources {@code runbook-relevance/}):
 * 30 templates as the miner writes them against 18 runbook paragraphs, each pair labelled related or not (25
 * related of 540). Every pair is scored as the lookup scores it (the same query, index and hybrid search), and the
 * search's relevance floor (rag-core's {@link Relevance}) must be as good as the best cosine threshold on the set (F1
 * within 0.02) and precise (at least 0.8). The figures are printed for docs/benchmarks.md.
 *
 * <p>A Quarkus test only because the tokenizer's native library can be loaded by one class loader per JVM, and the
 * other tests that embed run in Quarkus's.
 */
@QuarkusTest
class RunbookRelevanceCalibrationTest {

    private static MiniLmEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = new MiniLmEmbedder();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    private record Scored(double cosine, double bm25, boolean related) {
    }

    private record Figures(int tp, int fp, int fn) {
        double precision() {
            return tp + fp == 0 ? 1 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1 : (double) tp / (tp + fn);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "precision %.3f recall %.3f F1 %.3f (tp %d fp %d fn %d)", precision(), recall(),
                    f1(), tp, fp, fn);
        }
    }

    private static List<String[]> tsv(String name) throws IOException {
        try (InputStream in = RunbookRelevanceCalibrationTest.class.getResourceAsStream("/runbook-relevance/" + name)) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t", -1));
                }
            }
            return rows;
        }
    }

    private static List<Scored> scoreAll() throws IOException {
        Map<String, String> passages = new LinkedHashMap<>();
        tsv("passages.tsv").forEach(r -> passages.put(r[0], r[1]));
        List<String> ids = List.copyOf(passages.keySet());
        List<float[]> vectors = embedder.embedAll(List.copyOf(passages.values()));
        SearchIndex index = new SearchIndex(MiniLmEmbedder.DIMENSIONS);
        for (int i = 0; i < ids.size(); i++) {
            index.addDocument(i, List.of(new IndexedChunk(i, i, 0, passages.get(ids.get(i)), vectors.get(i))));
        }
        // Every pair is scored, so without the floor that is being judged.
        HybridSearcher searcher = new HybridSearcher(index, embedder, HybridSearcher.Options.DEFAULT.withMinRelevance(0));
        List<Scored> out = new ArrayList<>();
        for (String[] pair : tsv("pairs.tsv")) {
            Set<String> related = pair[1].isBlank() ? Set.of() : Set.of(pair[1].split(","));
            List<SearchHit> hits = searcher.search(RunbookLookup.query(pair[0]), ids.size(), null);
            assertTrue(hits.size() == ids.size(), "every passage is scored for " + pair[0]);
            for (SearchHit h : hits) {
                out.add(new Scored(h.denseScore(), h.bm25Score(), related.contains(ids.get((int) h.documentId()))));
            }
        }
        return out;
    }

    private static Figures figures(List<Scored> scored, java.util.function.Predicate<Scored> rule) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (Scored s : scored) {
            boolean kept = rule.test(s);
            if (kept && s.related()) {
                tp++;
            } else if (kept) {
                fp++;
            } else if (s.related()) {
                fn++;
            }
        }
        return new Figures(tp, fp, fn);
    }

    @Test
    void theRelevanceRuleIsAsGoodAsTheBestCosineThresholdOnTheLabelledSet() throws IOException {
        List<Scored> scored = scoreAll();
        double bestT = 0;
        Figures best = null;
        for (int k = 10; k <= 90; k++) {
            double t = k / 100.0;
            Figures f = figures(scored, s -> s.cosine() >= t);
            if (best == null || f.f1() > best.f1()) {
                best = f;
                bestT = t;
            }
        }
        Figures words = figures(scored, s -> s.bm25() > 0 || s.cosine() >= 0.5);
        Figures rule = figures(scored, s -> Relevance.passes(s.cosine()));
        System.out.printf(Locale.ROOT, "runbook relevance on %d pairs (%d related):%n", scored.size(),
                scored.stream().filter(Scored::related).count());
        System.out.printf(Locale.ROOT, "  best cosine threshold %.2f: %s%n", bestT, best);
        System.out.printf(Locale.ROOT, "  rule (cosine >= %.2f): %s%n", Relevance.FLOOR, rule);
        System.out.printf(Locale.ROOT, "  previous rule (a shared word or cosine >= 0.50): %s%n", words);
        for (double t = 0.30; t <= 0.701; t += 0.05) {
            double tt = t;
            System.out.printf(Locale.ROOT, "  cosine >= %.2f: %s%n", t, figures(scored, s -> s.cosine() >= tt));
        }
        assertTrue(rule.f1() >= best.f1() - 0.02, "rule " + rule + " vs best " + best + " at " + bestT);
        assertTrue(rule.precision() >= 0.8, rule.toString());
    }
}
