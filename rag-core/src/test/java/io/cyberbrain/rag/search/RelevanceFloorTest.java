package io.cyberbrain.rag.search;

import io.cyberbrain.rag.embed.VectorMath;
import io.cyberbrain.rag.index.IndexedChunk;
import io.cyberbrain.rag.index.SearchIndex;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relevance floor of the search: what it removes, and that it leaves the order of the rest alone. */
class RelevanceFloorTest {

    private static final HybridSearcher.Options NO_FLOOR = HybridSearcher.Options.DEFAULT.withMinRelevance(0);

    private static float[] unit(int dim, int axis) {
        float[] v = new float[dim];
        v[axis] = 1;
        return v;
    }

    @Test
    void aQueryFarInMeaningFromEveryPassageFindsNothingEvenWhenItSharesTheirWords() {
        SearchIndex index = new SearchIndex(4);
        String[] texts = {"the disk failed during the backup", "the disk failed after a power cut",
                "a failed disk is replaced and the array rebuilt"};
        for (int i = 0; i < texts.length; i++) {
            index.addDocument(i, List.of(new IndexedChunk(i, i, 0, texts[i], unit(4, i))));
        }
        float[] elsewhere = unit(4, 3);

        assertTrue(new HybridSearcher(index, null).search("disk failed", elsewhere, 10, null).isEmpty(),
                "the fused ranking still orders the three, but none is close in meaning");
        assertEquals(3, new HybridSearcher(index, null, NO_FLOOR).search("disk failed", elsewhere, 10, null).size());
    }

    @Test
    void thePassagesThatReachTheFloorKeepTheirFusedOrderAndTheirRelevanceIsTheirCosine() {
        Random random = new Random(42);
        int dim = 8;
        String[] words = {"disk", "gpu", "memory", "network", "port", "backup", "driver", "kernel", "latency", "queue"};
        SearchIndex index = new SearchIndex(dim);
        // Fewer chunks than either retriever's candidate list: every chunk is a candidate of every search below, so the
        // fused scores with and without the floor are computed over the same set.
        for (int i = 0; i < 80; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 6; w++) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            index.addDocument(i, List.of(new IndexedChunk(i, i, 0, text.toString(), randomUnit(random, dim))));
        }
        HybridSearcher floored = new HybridSearcher(index, null);
        HybridSearcher all = new HybridSearcher(index, null, NO_FLOOR);
        int passingSomewhere = 0;
        int cutSomewhere = 0;
        for (int q = 0; q < 50; q++) {
            String query = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)];
            float[] vector = randomUnit(random, dim);
            int topK = 1 + random.nextInt(10);
            List<SearchHit> hits = floored.search(query, vector, topK, null);
            List<Long> expected = all.search(query, vector, 80, null).stream()
                    .filter(h -> h.denseScore() >= Relevance.FLOOR).limit(topK).map(SearchHit::chunkId).toList();
            assertEquals(expected, hits.stream().map(SearchHit::chunkId).toList(), "query " + q);
            for (int i = 0; i < hits.size(); i++) {
                SearchHit h = hits.get(i);
                assertTrue(h.relevance() >= Relevance.FLOOR && h.relevance() <= 1, h.toString());
                assertEquals(h.denseScore(), h.relevance(), 1e-9);
                assertTrue(i == 0 || hits.get(i - 1).score() >= h.score(), "ranked by the fused score");
            }
            passingSomewhere += hits.isEmpty() ? 0 : 1;
            cutSomewhere += all.search(query, vector, topK, null).equals(hits) ? 0 : 1;
        }
        assertTrue(passingSomewhere > 0 && cutSomewhere > 0, "the set exercises both sides of the floor: "
                + passingSomewhere + " with hits, " + cutSomewhere + " cut");
    }

    @Test
    void bm25AloneHasNoMeaningToMeasureSoTheFloorDoesNotApplyThere() {
        SearchIndex index = new SearchIndex(4);
        index.addDocument(1, List.of(new IndexedChunk(1, 1, 0, "disk failed", unit(4, 0))));
        HybridSearcher bm25 = new HybridSearcher(index, null, HybridSearcher.Options.DEFAULT.withFusion(Fusion.BM25));
        assertEquals(1, bm25.search("disk", null, 10, null).size());
    }

    @Test
    void relevanceIsTheCosineClampedToZeroAndOne() {
        assertEquals(0, Relevance.of(-0.3));
        assertEquals(0, Relevance.of(Double.NaN));
        assertEquals(0.62, Relevance.of(0.62), 1e-12);
        assertEquals(1, Relevance.of(1.0000002));
        assertTrue(Relevance.passes(Relevance.FLOOR));
        assertFalse(Relevance.passes(Math.nextDown(Relevance.FLOOR)));
        assertEquals(0.3, new SearchHit(1, 1, 0, -1.0, 0.3, 2.5, 1, 1).relevance(), 1e-12);
    }

    private static float[] randomUnit(Random random, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return VectorMath.normalize(v);
    }
}
