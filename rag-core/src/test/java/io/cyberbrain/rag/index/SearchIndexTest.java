package io.cyberbrain.rag.index;

import io.cyberbrain.rag.text.EnglishAnalyzer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchIndexTest {

    private final EnglishAnalyzer analyzer = new EnglishAnalyzer();

    static float[] unit(int dim, int axis) {
        float[] v = new float[dim];
        v[axis] = 1;
        return v;
    }

    static IndexedChunk chunk(long id, long doc, int idx, String text, float[] v) {
        return new IndexedChunk(id, doc, idx, text, v);
    }

    private SearchIndex sample() {
        SearchIndex index = new SearchIndex(4);
        index.addDocument(1, List.of(
                chunk(10, 1, 0, "The nginx container restarts every night because of an out of memory kill.", unit(4, 0)),
                chunk(11, 1, 1, "Memory limits are set in the compose file.", unit(4, 1))));
        index.addDocument(2, List.of(
                chunk(20, 2, 0, "GPU temperature and power draw of the RTX card.", unit(4, 2))));
        index.addDocument(3, List.of(
                chunk(30, 3, 0, "Postgres backups run at midnight; restore with pg_restore.", unit(4, 3))));
        return index;
    }

    @Test
    void bm25RanksTheObviousChunkFirst() {
        SearchIndex index = sample();
        List<Candidate> c = index.candidates(null, analyzer.analyze("why does the nginx container restart?"), 10, null);
        assertEquals(10, c.get(0).chunkId());
        assertEquals(1, c.get(0).bm25Rank());
        assertTrue(c.get(0).bm25() > 0);
        // only chunks with a query term are BM25 candidates
        assertEquals(1, c.size());
        List<Candidate> gpu = index.candidates(null, analyzer.analyze("gpu temperatures"), 10, null);
        assertEquals(20, gpu.get(0).chunkId());
    }

    @Test
    void denseScanFindsTheNearestVectorAndComputesBothScores() {
        SearchIndex index = sample();
        float[] q = {0.1f, 0.0f, 0.0f, 0.995f};
        List<Candidate> c = index.candidates(q, analyzer.analyze("memory"), 2, null);
        Candidate first = c.get(0);
        assertEquals(30, first.chunkId());
        assertEquals(1, first.denseRank());
        assertEquals(0, first.bm25Rank());
        // a BM25-only candidate still gets its exact cosine
        Candidate mem = c.stream().filter(x -> x.chunkId() == 11).findFirst().orElseThrow();
        assertEquals(0f, mem.dense(), 1e-6);
        assertTrue(mem.bm25() > 0);
    }

    @Test
    void removeAndReplaceByDocument() {
        SearchIndex index = sample();
        assertEquals(4, index.chunkCount());
        assertTrue(index.removeDocument(1));
        assertFalse(index.removeDocument(1));
        assertEquals(2, index.chunkCount());
        assertEquals(2, index.documentCount());
        assertTrue(index.candidates(null, analyzer.analyze("nginx memory"), 10, null).isEmpty());
        assertTrue(index.candidates(unit(4, 0), null, 10, null).stream().noneMatch(x -> x.documentId() == 1));
        // re-adding a document replaces its chunks
        index.addDocument(2, List.of(chunk(21, 2, 0, "nginx", unit(4, 0))));
        assertEquals(2, index.chunkCount());
        List<Candidate> c = index.candidates(unit(4, 0), analyzer.analyze("nginx"), 10, null);
        assertEquals(21, c.get(0).chunkId());
        assertTrue(c.stream().noneMatch(x -> x.chunkId() == 20));
    }

    @Test
    void filterRestrictsBothRetrievers() {
        SearchIndex index = sample();
        List<Candidate> c = index.candidates(unit(4, 0), analyzer.analyze("nginx memory gpu"), 10, Set.of(2L, 3L));
        assertFalse(c.isEmpty());
        assertTrue(c.stream().allMatch(x -> x.documentId() == 2 || x.documentId() == 3));
        assertTrue(index.candidates(unit(4, 0), analyzer.analyze("nginx"), 10, Set.of(99L)).isEmpty());
    }

    @Test
    void compactionKeepsResultsAndStatisticsRight() {
        SearchIndex index = new SearchIndex(4);
        for (int d = 0; d < 40; d++) {
            index.addDocument(d, List.of(chunk(d * 10L, d, 0, "alpha doc" + d + (d % 2 == 0 ? " even" : ""), unit(4, d % 4))));
        }
        for (int d = 0; d < 30; d++) {
            index.removeDocument(d);  // passes the 25 % tombstone mark several times
        }
        assertEquals(10, index.chunkCount());
        List<Candidate> c = index.candidates(unit(4, 1), analyzer.analyze("doc35 even"), 100, null);
        Candidate bestLexical = c.stream().filter(x -> x.bm25Rank() == 1).findFirst().orElseThrow();
        assertEquals(350, bestLexical.chunkId());
        // "even" is in docs 30, 32, ... 38 only: 5 live chunks, plus doc35 for its id
        assertEquals(6, c.stream().filter(x -> x.bm25Rank() > 0).count());
        assertTrue(c.stream().allMatch(x -> x.documentId() >= 30));
        List<Candidate> dense = index.candidates(unit(4, 1), null, 100, null);
        assertEquals(10, dense.size());
        assertEquals(1f, dense.get(0).dense(), 1e-6);
        assertEquals(1, dense.get(0).documentId() % 4);
    }

    @Test
    void severalVectorsPerChunkScoreByTheBest() {
        SearchIndex index = new SearchIndex(4);
        index.addDocument(1, List.of(new IndexedChunk(1, 1, 0, "x", new float[][] {unit(4, 0), unit(4, 2)})));
        index.addDocument(2, List.of(chunk(2, 2, 0, "y", unit(4, 1))));
        List<Candidate> c = index.candidates(unit(4, 2), null, 1, null);
        assertEquals(1, c.get(0).chunkId());
        assertEquals(1f, c.get(0).dense(), 1e-6);
    }

    @Test
    void parallelScanOfALargeIndexEqualsBruteForce() {
        int dim = 8;
        int n = SearchIndex.PARALLEL_MIN_ROWS + 5_000;
        java.util.Random rnd = new java.util.Random(3);
        float[][] vs = new float[n][dim];
        SearchIndex index = new SearchIndex(dim);
        for (int d = 0; d < n; d++) {
            for (int i = 0; i < dim; i++) {
                vs[d][i] = (float) rnd.nextGaussian();
            }
            index.addDocument(d, List.of(chunk(d, d, 0, "", vs[d])));
        }
        float[] q = vs[n - 7].clone();
        List<Candidate> c = index.candidates(q, null, 20, null);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b2) -> Float.compare(io.cyberbrain.rag.embed.VectorMath.dot(vs[b2], q),
                io.cyberbrain.rag.embed.VectorMath.dot(vs[a], q)));
        assertEquals(20, c.size());
        for (int i = 0; i < 20; i++) {
            assertEquals((long) order[i], c.get(i).chunkId(), "rank " + i);
        }
    }

    @Test
    void wrongDimensionsAreRefused() {
        SearchIndex index = new SearchIndex(4);
        assertThrows(IllegalArgumentException.class,
                () -> index.addDocument(1, List.of(chunk(1, 1, 0, "x", new float[3]))));
        assertThrows(IllegalArgumentException.class, () -> index.candidates(new float[3], null, 1, null));
    }

    @Test
    void concurrentReadsWithWrites() throws Exception {
        SearchIndex index = sample();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        List<Candidate> c = index.candidates(unit(4, 3), analyzer.analyze("postgres backups"), 5, null);
                        assertEquals(30, c.get(0).chunkId());
                    }
                }));
            }
            fs.add(pool.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    index.addDocument(100 + i, List.of(chunk(1000 + i, 100 + i, 0, "filler text " + i, unit(4, 1))));
                    if (i % 2 == 0) {
                        index.removeDocument(100 + i);
                    }
                }
            }));
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4 + 250, index.chunkCount());
    }
}
