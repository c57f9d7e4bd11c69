package io.cyberbrain.rag.index;

import io.cyberbrain.rag.embed.VectorMath;
import io.cyberbrain.rag.text.EnglishAnalyzer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-memory search index of the document library: every chunk's vector(s) in one flat float array
 * (exact dot-product scan) and a BM25 inverted index over the chunks' analysed text.
 *
 * <p>Why in memory and exact: the database has no vector extension, the library is one operator's documents
 * (10^4..10^5 chunks), and an exact scan of 100k x 384 floats takes milliseconds, so an approximate index
 * would add recall loss and complexity for nothing. The searching service loads it from Postgres at start
 * and keeps it current with {@link #addDocument} / {@link #removeDocument}.
 *
 * <p>Concurrency: a read-write lock; any number of searches run together, an add or remove waits for them
 * and blocks them briefly (text analysis happens before the lock is taken). Removal leaves tombstones that
 * every scan skips and that are compacted away once they reach a quarter of the slots, so a remove is cheap
 * and statistics (N, df, average length) always count live chunks only.
 */
public final class SearchIndex {

    /** BM25 defaults of Lucene and most baselines; not tuned to any collection. */
    public static final float DEFAULT_K1 = 1.2f;
    public static final float DEFAULT_B = 0.75f;

    private final int dim;
    private final float k1;
    private final float b;
    private final EnglishAnalyzer analyzer;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    // Per chunk slot.
    private int slots;
    private int deadSlots;
    private long[] chunkIds = new long[16];
    private long[] docIds = new long[16];
    private int[] chunkIdx = new int[16];
    private boolean[] alive = new boolean[16];
    private int[] termCount = new int[16];
    private int[] firstRow = new int[16];
    private int[] rowCount = new int[16];
    private long liveTermCount;

    // Dense rows (one per vector), row-major.
    private int rows;
    private float[] matrix;
    private int[] rowSlot = new int[16];
    private boolean multiVector;

    private final Map<String, Postings> postings = new HashMap<>();
    private final Map<Long, int[]> docSlots = new HashMap<>();

    /**
     * One term's postings: slot and term frequency. The frequency is a byte saturating at 255 (BM25 with k1 = 1.2
     * is flat long before that) and the arrays grow by 1.5x: postings are most of the index's heap after the
     * vectors (about 5 bytes per distinct term per chunk instead of 8 plus doubling slack).
     */
    private static final class Postings {
        int[] slots = new int[2];
        byte[] tfs = new byte[2];
        int size;

        void add(int slot, int tf) {
            if (size == slots.length) {
                int cap = size + (size >> 1) + 1;
                slots = Arrays.copyOf(slots, cap);
                tfs = Arrays.copyOf(tfs, cap);
            }
            slots[size] = slot;
            tfs[size] = (byte) Math.min(tf, 255);
            size++;
        }

        int tf(int i) {
            return tfs[i] & 0xff;
        }
    }

    public SearchIndex(int dimensions) {
        this(dimensions, DEFAULT_K1, DEFAULT_B, new EnglishAnalyzer());
    }

    public SearchIndex(int dimensions, float k1, float b, EnglishAnalyzer analyzer) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be >= 1");
        }
        this.dim = dimensions;
        this.k1 = k1;
        this.b = b;
        this.analyzer = analyzer;
        this.matrix = new float[16 * dimensions];
    }

    public int dimensions() {
        return dim;
    }

    public EnglishAnalyzer analyzer() {
        return analyzer;
    }

    /** Pre-sizes the arrays (e.g. to the chunk count read from the database before a bulk load). */
    public void ensureCapacity(int chunks, int vectors) {
        lock.writeLock().lock();
        try {
            growSlots(chunks);
            growRows(vectors);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Adds a document's chunks, replacing whatever the index held for that document. */
    public void addDocument(long documentId, List<IndexedChunk> chunks) {
        // Analyse outside the lock: it is the expensive part and touches no shared state.
        List<Map<String, Integer>> tfs = new ArrayList<>(chunks.size());
        int[] lengths = new int[chunks.size()];
        for (int i = 0; i < chunks.size(); i++) {
            IndexedChunk c = chunks.get(i);
            if (c.documentId() != documentId) {
                throw new IllegalArgumentException("chunk " + c.chunkId() + " belongs to document " + c.documentId());
            }
            for (float[] v : c.vectors()) {
                if (v.length != dim) {
                    throw new IllegalArgumentException("chunk " + c.chunkId() + ": vector of " + v.length + " != " + dim);
                }
            }
            Map<String, Integer> tf = new HashMap<>();
            List<String> terms = analyzer.analyze(c.text());
            for (String t : terms) {
                tf.merge(t, 1, Integer::sum);
            }
            tfs.add(tf);
            lengths[i] = terms.size();
        }
        lock.writeLock().lock();
        try {
            removeLocked(documentId);
            int[] mine = new int[chunks.size()];
            for (int i = 0; i < chunks.size(); i++) {
                IndexedChunk c = chunks.get(i);
                growSlots(slots + 1);
                growRows(rows + c.vectors().length);
                int s = slots++;
                mine[i] = s;
                chunkIds[s] = c.chunkId();
                docIds[s] = documentId;
                chunkIdx[s] = c.chunkIndex();
                alive[s] = true;
                termCount[s] = lengths[i];
                liveTermCount += lengths[i];
                firstRow[s] = rows;
                rowCount[s] = c.vectors().length;
                multiVector |= c.vectors().length > 1;
                for (float[] v : c.vectors()) {
                    System.arraycopy(v, 0, matrix, rows * dim, dim);
                    rowSlot[rows++] = s;
                }
                for (Map.Entry<String, Integer> e : tfs.get(i).entrySet()) {
                    postings.computeIfAbsent(e.getKey(), k -> new Postings()).add(s, e.getValue());
                }
            }
            docSlots.put(documentId, mine);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes a document's chunks; false when the index did not hold it. */
    public boolean removeDocument(long documentId) {
        lock.writeLock().lock();
        try {
            boolean removed = removeLocked(documentId);
            if (deadSlots > 0 && deadSlots * 4 >= slots) {
                compact();
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private boolean removeLocked(long documentId) {
        int[] mine = docSlots.remove(documentId);
        if (mine == null) {
            return false;
        }
        for (int s : mine) {
            alive[s] = false;
            liveTermCount -= termCount[s];
            deadSlots++;
        }
        return true;
    }

    public int chunkCount() {
        lock.readLock().lock();
        try {
            return slots - deadSlots;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int documentCount() {
        lock.readLock().lock();
        try {
            return docSlots.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    public boolean containsDocument(long documentId) {
        lock.readLock().lock();
        try {
            return docSlots.containsKey(documentId);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The candidates of one query: the {@code perList} best chunks by dense similarity and the {@code perList}
     * best by BM25, merged, each with both scores.
     *
     * @param queryVector unit query vector, or null for BM25 only
     * @param queryTerms  analysed query terms ({@link EnglishAnalyzer#analyze}), or null/empty for dense only
     * @param filter      document ids to search in, or null for all
     */
    public List<Candidate> candidates(float[] queryVector, List<String> queryTerms, int perList,
                                      Collection<Long> filter) {
        if (queryVector != null && queryVector.length != dim) {
            throw new IllegalArgumentException("query vector of " + queryVector.length + " != " + dim);
        }
        lock.readLock().lock();
        try {
            boolean[] allowed = null;
            if (filter != null) {
                allowed = new boolean[slots];
                for (Long d : filter) {
                    int[] mine = d == null ? null : docSlots.get(d);
                    if (mine != null) {
                        for (int s : mine) {
                            allowed[s] = true;
                        }
                    }
                }
            }
            int[] denseTop = queryVector == null ? new int[0] : denseTop(queryVector, perList, allowed);
            float[] acc = queryTerms == null || queryTerms.isEmpty() ? null : bm25(queryTerms, allowed);
            int[] bm25Top = acc == null ? new int[0] : top(acc, perList);

            Map<Integer, int[]> ranks = new LinkedHashMap<>();
            for (int i = 0; i < denseTop.length; i++) {
                ranks.computeIfAbsent(denseTop[i], k -> new int[2])[0] = i + 1;
            }
            for (int i = 0; i < bm25Top.length; i++) {
                ranks.computeIfAbsent(bm25Top[i], k -> new int[2])[1] = i + 1;
            }
            List<Candidate> out = new ArrayList<>(ranks.size());
            for (Map.Entry<Integer, int[]> e : ranks.entrySet()) {
                int s = e.getKey();
                float dense = queryVector == null ? 0f : denseScore(s, queryVector);
                float lex = acc == null ? 0f : acc[s];
                out.add(new Candidate(chunkIds[s], docIds[s], chunkIdx[s], dense, lex, e.getValue()[0], e.getValue()[1]));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    private float denseScore(int s, float[] q) {
        float best = Float.NEGATIVE_INFINITY;
        for (int r = firstRow[s], end = firstRow[s] + rowCount[s]; r < end; r++) {
            best = Math.max(best, VectorMath.dot(matrix, q, r * dim, dim));
        }
        return best;
    }

    /**
     * Below this many rows one thread scans (about a millisecond); above, the rows are split over the cores:
     * the scan is bound by memory bandwidth and arithmetic, and on the 2-core target 100k rows take ~20 ms
     * on one core.
     */
    static final int PARALLEL_MIN_ROWS = 20_000;
    private static final int SCAN_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());
    private static final ExecutorService SCAN_POOL = SCAN_THREADS < 2 ? null
            : Executors.newFixedThreadPool(SCAN_THREADS - 1, r -> {
                Thread t = new Thread(r, "rag-dense-scan");
                t.setDaemon(true);
                return t;
            });

    /** Exact scan of every live row; a chunk with several vectors scores by its best one. */
    private int[] denseTop(float[] q, int k, boolean[] allowed) {
        if (!multiVector) {
            if (SCAN_POOL == null || rows < PARALLEL_MIN_ROWS) {
                return scanRange(q, k, allowed, 0, rows).drainDescending();
            }
            // The caller holds the read lock until every part is joined, so no writer runs meanwhile.
            int per = (rows + SCAN_THREADS - 1) / SCAN_THREADS;
            List<Future<TopK>> parts = new ArrayList<>();
            for (int p = 1; p < SCAN_THREADS; p++) {
                int from = p * per;
                int to = Math.min(rows, from + per);
                parts.add(SCAN_POOL.submit(() -> scanRange(q, k, allowed, from, to)));
            }
            TopK top = scanRange(q, k, allowed, 0, Math.min(rows, per));
            for (Future<TopK> f : parts) {
                try {
                    f.get().mergeInto(top);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted during search", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("dense scan failed", e.getCause());
                }
            }
            return top.drainDescending();
        }
        float[] best = new float[slots];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (int r = 0; r < rows; r++) {
            int s = rowSlot[r];
            if (!alive[s] || allowed != null && !allowed[s]) {
                continue;
            }
            best[s] = Math.max(best[s], VectorMath.dot(matrix, q, r * dim, dim));
        }
        TopK top = new TopK(k);
        for (int s = 0; s < slots; s++) {
            if (best[s] != Float.NEGATIVE_INFINITY) {
                top.offer(s, best[s]);
            }
        }
        return top.drainDescending();
    }

    /** BM25 (Lucene's form: idf = ln(1 + (N - df + 0.5) / (df + 0.5)), tf saturation k1, length norm b). */
    private TopK scanRange(float[] q, int k, boolean[] allowed, int from, int to) {
        TopK top = new TopK(k);
        for (int r = from; r < to; r++) {
            int s = rowSlot[r];
            if (!alive[s] || allowed != null && !allowed[s]) {
                continue;
            }
            float score = VectorMath.dot(matrix, q, r * dim, dim);
            if (top.accepts(score)) {
                top.offer(s, score);
            }
        }
        return top;
    }

    private float[] bm25(List<String> queryTerms, boolean[] allowed) {
        float[] acc = new float[slots];
        int n = slots - deadSlots;
        if (n == 0) {
            return acc;
        }
        float avgLen = Math.max(1f, (float) liveTermCount / n);
        Map<String, Integer> qtf = new LinkedHashMap<>();
        for (String t : queryTerms) {
            qtf.merge(t, 1, Integer::sum);
        }
        // Length normalisation per slot is the same for every term: computed lazily once per query would
        // need another array; k1 * (1 - b + b * len / avg) is cheap enough inline.
        for (Map.Entry<String, Integer> e : qtf.entrySet()) {
            Postings p = postings.get(e.getKey());
            if (p == null) {
                continue;
            }
            int df = p.size;
            if (deadSlots > 0) {
                df = 0;
                for (int i = 0; i < p.size; i++) {
                    if (alive[p.slots[i]]) {
                        df++;
                    }
                }
                if (df == 0) {
                    continue;
                }
            }
            float w = (float) (e.getValue() * Math.log(1 + (n - df + 0.5) / (df + 0.5)));
            for (int i = 0; i < p.size; i++) {
                int s = p.slots[i];
                if (!alive[s] || allowed != null && !allowed[s]) {
                    continue;
                }
                float tf = p.tf(i);
                acc[s] += w * tf / (tf + k1 * (1 - b + b * termCount[s] / avgLen));
            }
        }
        return acc;
    }

    private static int[] top(float[] scores, int k) {
        TopK top = new TopK(k);
        for (int s = 0; s < scores.length; s++) {
            if (scores[s] > 0 && top.accepts(scores[s])) {
                top.offer(s, scores[s]);
            }
        }
        return top.drainDescending();
    }

    /** Drops tombstones: renumbers live slots densely and rewrites rows and postings. */
    private void compact() {
        int[] remap = new int[slots];
        int live = 0;
        for (int s = 0; s < slots; s++) {
            remap[s] = alive[s] ? live++ : -1;
        }
        int newRows = 0;
        boolean multi = false;
        for (int s = 0; s < slots; s++) {
            int t = remap[s];
            if (t < 0) {
                continue;
            }
            chunkIds[t] = chunkIds[s];
            docIds[t] = docIds[s];
            chunkIdx[t] = chunkIdx[s];
            alive[t] = true;
            termCount[t] = termCount[s];
            int rc = rowCount[s];
            System.arraycopy(matrix, firstRow[s] * dim, matrix, newRows * dim, rc * dim);
            for (int r = 0; r < rc; r++) {
                rowSlot[newRows + r] = t;
            }
            firstRow[t] = newRows;
            rowCount[t] = rc;
            multi |= rc > 1;
            newRows += rc;
        }
        Arrays.fill(alive, live, slots, false);
        var it = postings.values().iterator();
        while (it.hasNext()) {
            Postings p = it.next();
            int w = 0;
            for (int i = 0; i < p.size; i++) {
                int t = remap[p.slots[i]];
                if (t >= 0) {
                    p.slots[w] = t;
                    p.tfs[w] = p.tfs[i];
                    w++;
                }
            }
            p.size = w;
            if (w == 0) {
                it.remove();
            }
        }
        for (Map.Entry<Long, int[]> e : docSlots.entrySet()) {
            int[] mine = e.getValue();
            for (int i = 0; i < mine.length; i++) {
                mine[i] = remap[mine[i]];
            }
        }
        slots = live;
        rows = newRows;
        deadSlots = 0;
        multiVector = multi;
    }

    private void growSlots(int need) {
        if (need <= chunkIds.length) {
            return;
        }
        int cap = Math.max(need, chunkIds.length + (chunkIds.length >> 1));
        chunkIds = Arrays.copyOf(chunkIds, cap);
        docIds = Arrays.copyOf(docIds, cap);
        chunkIdx = Arrays.copyOf(chunkIdx, cap);
        alive = Arrays.copyOf(alive, cap);
        termCount = Arrays.copyOf(termCount, cap);
        firstRow = Arrays.copyOf(firstRow, cap);
        rowCount = Arrays.copyOf(rowCount, cap);
    }

    private void growRows(int need) {
        if (need <= rowSlot.length) {
            return;
        }
        // 1.25x: the matrix dominates the heap (150 MB at 100k chunks), so over-allocation is kept small.
        int cap = Math.max(need, rowSlot.length + (rowSlot.length >> 2) + 16);
        matrix = Arrays.copyOf(matrix, cap * dim);
        rowSlot = Arrays.copyOf(rowSlot, cap);
    }
}
