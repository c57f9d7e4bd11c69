package io.cyberbrain.rag.search;

import io.cyberbrain.rag.embed.Embedder;
import io.cyberbrain.rag.embed.VectorMath;
import io.cyberbrain.rag.index.IndexedChunk;
import io.cyberbrain.rag.index.SearchIndex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HybridSearcherTest {

    /** A stand-in embedder: a bag of three "concepts", enough to make dense and BM25 disagree. */
    static final class ConceptEmbedder implements Embedder {
        @Override
        public String modelId() {
            return "concepts";
        }

        @Override
        public int dimensions() {
            return 3;
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            List<float[]> out = new ArrayList<>();
            for (String t : texts) {
                String s = t.toLowerCase();
                float[] v = {
                        count(s, "gpu", "vram", "graphics"),
                        count(s, "disk", "storage", "backup"),
                        count(s, "network", "port", "firewall")};
                v[0] += 0.01f;
                out.add(VectorMath.normalize(v));
            }
            return out;
        }

        private static float count(String s, String... words) {
            float n = 0;
            for (String w : words) {
                n += s.split(w, -1).length - 1;
            }
            return n;
        }
    }

    private final ConceptEmbedder embedder = new ConceptEmbedder();
    /** The fusion tests look at every candidate, the relevant and the others. */
    private static final HybridSearcher.Options NO_FLOOR = HybridSearcher.Options.DEFAULT.withMinRelevance(0);

    private SearchIndex index() {
        SearchIndex index = new SearchIndex(3);
        String[] texts = {
                "graphics card vram is full",               // doc 1: dense match for gpu, no word "gpu"
                "gpu gpu gpu driver version string",        // doc 2: BM25 match for gpu
                "backup of the storage disk failed",        // doc 3
                "firewall blocks port 443 on the network",  // doc 4
                "gpu memory and backup storage"};           // doc 5: mixed
        for (int i = 0; i < texts.length; i++) {
            long doc = i + 1;
            index.addDocument(doc, List.of(new IndexedChunk(doc * 100, doc, 0, texts[i], embedder.embed(texts[i]))));
        }
        return index;
    }

    @Test
    void fusesDenseAndLexicalEvidence() {
        SearchIndex index = index();
        HybridSearcher s = new HybridSearcher(index, embedder, NO_FLOOR);
        List<SearchHit> hits = s.search("gpu", 10, null);
        // both the lexical match (doc 2) and the semantic one (doc 1) are found
        Set<Long> top3 = Set.of(hits.get(0).documentId(), hits.get(1).documentId(), hits.get(2).documentId());
        assertTrue(top3.contains(1L) && top3.contains(2L), hits.toString());
        SearchHit h2 = hits.stream().filter(h -> h.documentId() == 2).findFirst().orElseThrow();
        assertTrue(h2.bm25Score() > 0 && h2.bm25Rank() == 1);
        SearchHit h1 = hits.stream().filter(h -> h.documentId() == 1).findFirst().orElseThrow();
        assertEquals(0.0, h1.bm25Score());
        assertTrue(h1.denseScore() > 0.99 && h1.denseRank() >= 1);
        for (int i = 1; i < hits.size(); i++) {
            assertTrue(hits.get(i - 1).score() >= hits.get(i).score());
        }
    }

    @Test
    void everyFusionRespectsTopKAndFilter() {
        SearchIndex index = index();
        for (Fusion f : Fusion.values()) {
            HybridSearcher s = new HybridSearcher(index, embedder, NO_FLOOR.withFusion(f));
            assertEquals(2, s.search("gpu storage network", 2, null).size(), f.name());
            List<SearchHit> filtered = s.search("gpu storage", 10, Set.of(3L, 4L));
            assertTrue(filtered.stream().allMatch(h -> h.documentId() == 3 || h.documentId() == 4), f + " " + filtered);
            assertTrue(s.search("gpu", 0, null).isEmpty());
        }
        HybridSearcher bm25 = new HybridSearcher(index, embedder, NO_FLOOR.withFusion(Fusion.BM25));
        assertEquals(2L, bm25.search("gpu", 10, null).get(0).documentId());
        HybridSearcher rrf = new HybridSearcher(index, embedder, NO_FLOOR.withFusion(Fusion.RRF));
        SearchHit top = rrf.search("gpu", 10, null).get(0);
        double expected = (top.denseRank() > 0 ? 1.0 / (60 + top.denseRank()) : 0)
                + (top.bm25Rank() > 0 ? 1.0 / (60 + top.bm25Rank()) : 0);
        assertEquals(expected, top.score(), 1e-12);
        assertTrue(top.denseRank() > 0 && top.bm25Rank() > 0, "the top RRF hit is in both lists: " + top);
    }

    @Test
    void stopwordOnlyQueryFallsBackToDense() {
        HybridSearcher s = new HybridSearcher(index(), embedder, NO_FLOOR);
        List<SearchHit> hits = s.search("the of and", 3, null);
        assertEquals(3, hits.size());
    }

    @Test
    void normalisations() {
        assertArrayEquals(new double[] {0, 0.5, 1}, HybridSearcher.minMax(new double[] {1, 2, 3}), 1e-12);
        assertArrayEquals(new double[] {1, 1}, HybridSearcher.minMax(new double[] {2, 2}), 1e-12);
        assertArrayEquals(new double[] {0, 0}, HybridSearcher.minMax(new double[] {0, 0}), 1e-12);
        double[] z = HybridSearcher.zScore(new double[] {1, 2, 3});
        assertEquals(0, z[1], 1e-12);
        assertEquals(-z[0], z[2], 1e-12);
        assertArrayEquals(new double[] {0, 0}, HybridSearcher.zScore(new double[] {5, 5}), 1e-12);
    }
}
