package io.cyberbrain.bench;

import io.cyberbrain.rag.chunk.Chunk;
import io.cyberbrain.rag.chunk.Chunker;
import io.cyberbrain.rag.embed.MiniLmEmbedder;
import io.cyberbrain.rag.embed.VectorCodec;
import io.cyberbrain.rag.embed.VectorMath;
import io.cyberbrain.rag.index.IndexedChunk;
import io.cyberbrain.rag.index.SearchIndex;
import io.cyberbrain.rag.search.Fusion;
import io.cyberbrain.rag.search.HybridSearcher;
import io.cyberbrain.rag.search.SearchHit;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Evaluates and benchmarks rag-core through its product classes (see bench/README.md, bench/ir.sh).
 *
 * <pre>
 *   IrHarness DIR                 retrieval quality on a BEIR-layout collection; last line nDCG@10=... R@100=... MAP@100=...
 *   IrHarness --latency DIR       search latency at 10k and 100k synthetic chunks, query embedding time, index heap
 *   IrHarness --throughput DIR    raw model throughput vs end-to-end chunk+embed throughput
 * </pre>
 *
 * Embeddings of the corpus and queries are cached under bench/target/ir-cache keyed by a SHA-256 of the model,
 * the chunking/window settings and every input text; {@code --no-cache} recomputes them (same figures).
 */
public final class IrHarness {

    static final int TOP = 100;

    public static void main(String[] args) throws Exception {
        String mode = "quality";
        String dir = null;
        boolean useCache = true;
        Path cacheDir = Path.of(System.getProperty("ir.cache", "bench/target/ir-cache"));
        for (String a : args) {
            switch (a) {
                case "--latency" -> mode = "latency";
                case "--throughput" -> mode = "throughput";
                case "--no-cache" -> useCache = false;
                default -> {
                    if (a.startsWith("--")) {
                        System.err.println("unknown option " + a);
                        System.exit(2);
                    }
                    dir = a;
                }
            }
        }
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            System.err.println("usage: IrHarness [--latency|--throughput] [--no-cache] DIR");
            System.exit(2);
        }
        Path d = Path.of(dir);
        int inputTokens = Integer.getInteger("ir.inputTokens", MiniLmEmbedder.MODEL_MAX_TOKENS);
        try (MiniLmEmbedder embedder = new MiniLmEmbedder(inputTokens, MiniLmEmbedder.DEFAULT_WINDOW_OVERLAP_TOKENS,
                MiniLmEmbedder.DEFAULT_BATCH_SIZE)) {
            switch (mode) {
                case "latency" -> latency(d, embedder);
                case "throughput" -> throughput(d, embedder);
                default -> quality(d, embedder, useCache ? cacheDir : null);
            }
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ data

    record Doc(String id, String text) {
    }

    /** A text's window vectors as stored bytes (little-endian float32) and the text tokens of each window. */
    record Cached(byte[][] vectors, int[] tokens) {

        MiniLmEmbedder.Windows decode() {
            float[][] v = new float[vectors.length][];
            for (int i = 0; i < v.length; i++) {
                v[i] = VectorCodec.decode(vectors[i], MiniLmEmbedder.DIMENSIONS);
            }
            return new MiniLmEmbedder.Windows(v, tokens);
        }
    }

    static List<Doc> corpus(Path dir) throws IOException {
        List<Doc> docs = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("corpus.jsonl"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> o = MiniJson.obj(MiniJson.parse(line));
            String title = String.valueOf(o.getOrDefault("title", ""));
            String text = String.valueOf(o.getOrDefault("text", ""));
            // The document text as the ingester will see it: title, then body.
            docs.add(new Doc(String.valueOf(o.get("_id")), title.isBlank() ? text : title + "\n" + text));
        }
        return docs;
    }

    static Map<String, String> queries(Path dir) throws IOException {
        Map<String, String> q = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("queries.jsonl"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                Map<String, Object> o = MiniJson.obj(MiniJson.parse(line));
                q.put(String.valueOf(o.get("_id")), String.valueOf(o.get("text")));
            }
        }
        return q;
    }

    /** query id -> (doc id -> graded relevance > 0). */
    static Map<String, Map<String, Integer>> qrels(Path dir) throws IOException {
        Map<String, Map<String, Integer>> r = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("qrels.tsv"), StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\t");
            if (f.length < 3) {
                continue;
            }
            int rel = (int) Double.parseDouble(f[2]);
            if (rel > 0) {
                r.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[1], rel);
            }
        }
        return r;
    }

    // ------------------------------------------------------------------ quality

    static void quality(Path dir, MiniLmEmbedder embedder, Path cacheDir) throws Exception {
        long t0 = System.nanoTime();
        List<Doc> docs = corpus(dir);
        Map<String, String> queries = queries(dir);
        Map<String, Map<String, Integer>> qrels = qrels(dir);
        List<String> judged = new ArrayList<>();
        for (String q : queries.keySet()) {
            if (qrels.containsKey(q)) {
                judged.add(q);
            }
        }
        Chunker chunker = new Chunker();
        List<List<Chunk>> chunks = new ArrayList<>();
        List<String> chunkTexts = new ArrayList<>();
        for (Doc doc : docs) {
            List<Chunk> cs = chunker.chunk(doc.text());
            chunks.add(cs);
            for (Chunk c : cs) {
                chunkTexts.add(c.text());
            }
        }
        System.out.printf(Locale.ROOT, "collection %s: %d docs, %d chunks (%d words, %d overlap), %d judged queries%n",
                dir.getFileName(), docs.size(), chunkTexts.size(), chunker.chunkWords(), chunker.overlapWords(),
                judged.size());

        long te = System.nanoTime();
        List<Cached> chunkWin = cached(cacheDir, "corpus", chunkTexts, embedder);
        List<String> queryTexts = new ArrayList<>();
        for (String q : judged) {
            queryTexts.add(queries.get(q));
        }
        List<Cached> queryWin = cached(cacheDir, "queries", queryTexts, embedder);
        System.out.printf(Locale.ROOT, "embeddings ready in %.1f s (%d windows for %d chunks)%n",
                (System.nanoTime() - te) / 1e9, chunkWin.stream().mapToInt(w -> w.vectors().length).sum(), chunkTexts.size());

        // Query vectors: the product path (windows -> mean -> unit) through the stored representation.
        List<float[]> qv = new ArrayList<>();
        for (Cached w : queryWin) {
            qv.add(VectorCodec.decode(VectorCodec.encode(w.decode().pooled()), MiniLmEmbedder.DIMENSIONS));
        }

        // Three ways to turn a chunk's windows into what the index holds.
        Map<String, Function<MiniLmEmbedder.Windows, float[][]>> pooling = new LinkedHashMap<>();
        pooling.put("first-window (" + embedder.inputTokens() + "-token truncation)", w -> new float[][] {w.vectors()[0]});
        pooling.put("max-over-windows", w -> w.vectors());
        pooling.put("mean-of-windows (product)", w -> new float[][] {w.pooled()});

        double[] last = null;
        for (Map.Entry<String, Function<MiniLmEmbedder.Windows, float[][]>> p : pooling.entrySet()) {
            SearchIndex index = new SearchIndex(MiniLmEmbedder.DIMENSIONS);
            int k = 0;
            for (int di = 0; di < docs.size(); di++) {
                List<IndexedChunk> ics = new ArrayList<>();
                for (Chunk c : chunks.get(di)) {
                    float[][] vs = p.getValue().apply(chunkWin.get(k).decode());
                    // Every vector goes through the bytea codec: what is evaluated is what gets stored.
                    for (int i = 0; i < vs.length; i++) {
                        vs[i] = VectorCodec.decode(VectorCodec.encode(vs[i]), MiniLmEmbedder.DIMENSIONS);
                    }
                    ics.add(new IndexedChunk(k, di, c.index(), c.text(), vs));
                    k++;
                }
                index.addDocument(di, ics);
            }
            boolean product = p.getKey().contains("product");
            List<Fusion> fusions = product
                    ? List.of(Fusion.BM25, Fusion.DENSE, Fusion.RRF, Fusion.Z_SCORE, Fusion.MIN_MAX)
                    : List.of(Fusion.DENSE, Fusion.MIN_MAX, Fusion.Z_SCORE);
            for (Fusion f : fusions) {
                if (f == Fusion.BM25 && !product) {
                    continue;
                }
                // Ranking quality of each variant, over every candidate (the floor is measured apart).
                HybridSearcher s = new HybridSearcher(index, embedder,
                        HybridSearcher.Options.DEFAULT.withMinRelevance(0).withFusion(f));
                double[] m = evaluate(s, judged, queries, qv, qrels, docs);
                String label = f == Fusion.BM25 ? "bm25 (k1 1.2, b 0.75)" : p.getKey() + " " + f.name().toLowerCase(Locale.ROOT);
                System.out.printf(Locale.ROOT, "%-58s nDCG@10=%.4f R@100=%.4f MAP@100=%.4f%n", label, m[0], m[1], m[2]);
            }
            if (product) {
                // The ranking, measured over every candidate: the floor only removes hits (see relevanceFloor).
                HybridSearcher s = new HybridSearcher(index, embedder, HybridSearcher.Options.DEFAULT.withMinRelevance(0));
                last = evaluate(s, judged, queries, qv, qrels, docs);
                relevanceFloor(index, embedder, judged, queries, qv, qrels, docs);
            }
        }
        System.out.printf(Locale.ROOT, "product default: %s fusion, w=%.2f, %d candidates per retriever, relevance floor "
                        + "%.2f (ranking figures below: without it); %.1f s total%n",
                HybridSearcher.Options.DEFAULT.fusion(), HybridSearcher.Options.DEFAULT.denseWeight(),
                HybridSearcher.Options.DEFAULT.candidates(), HybridSearcher.Options.DEFAULT.minRelevance(),
                (System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "nDCG@10=%.4f R@100=%.4f MAP@100=%.4f%n", last[0], last[1], last[2]);
    }

    /** Queries with no meaning in any collection: words of random letters. Seeded, so every run sends the same. */
    static List<String> randomLetterQueries(int n) {
        Random random = new Random(15);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder q = new StringBuilder();
            for (int w = 0, words = 2 + random.nextInt(5); w < words; w++) {
                if (w > 0) {
                    q.append(' ');
                }
                for (int c = 0, len = 3 + random.nextInt(7); c < len; c++) {
                    q.append((char) ('a' + random.nextInt(26)));
                }
            }
            out.add(q.toString());
        }
        return out;
    }

    /** Everyday questions, for a technical collection off its topic (reported as such, not as nonsense). */
    static final List<String> EVERYDAY = List.of(
            "how long do I bake a chocolate cake", "best recipe for tomato soup", "who won the football match yesterday",
            "how to knit a wool scarf", "when should I plant tulip bulbs", "how do I train my puppy to sit",
            "cheap flights to Lisbon in May", "what is a good name for a cat", "how to remove a red wine stain from a carpet",
            "lyrics of a birthday song", "how many calories are in a banana", "how to fold a fitted sheet",
            "the plot of a romantic comedy film", "which wine goes with fish", "how to tie a tie",
            "symptoms of a common cold", "how to grow basil on a windowsill", "rules of the card game poker",
            "how to clean a leather sofa", "what to pack for a beach holiday");

    /**
     * What the relevance floor does on the collection: how many judged queries keep at least one hit, and one relevant
     * document; the ranking figures with the floor; and how many queries of no meaning (random letters) and off-topic
     * everyday questions find nothing.
     */
    static void relevanceFloor(SearchIndex index, MiniLmEmbedder embedder, List<String> judged, Map<String, String> queries,
                               List<float[]> qv, Map<String, Map<String, Integer>> qrels, List<Doc> docs) {
        HybridSearcher floored = new HybridSearcher(index, embedder);
        double floor = floored.options().minRelevance();
        int keepHit = 0;
        int keepRelevant = 0;
        int hadRelevantInTop10 = 0;
        int keepRelevantInTop10 = 0;
        HybridSearcher all = new HybridSearcher(index, embedder, floored.options().withMinRelevance(0));
        for (int qi = 0; qi < judged.size(); qi++) {
            Map<String, Integer> rel = qrels.get(judged.get(qi));
            List<String> kept = firstOccurrences(floored.search(queries.get(judged.get(qi)), qv.get(qi), TOP, null).stream()
                    .map(h -> docs.get((int) h.documentId()).id()).toList());
            List<String> before = firstOccurrences(all.search(queries.get(judged.get(qi)), qv.get(qi), TOP, null).stream()
                    .map(h -> docs.get((int) h.documentId()).id()).toList());
            keepHit += kept.isEmpty() ? 0 : 1;
            keepRelevant += kept.stream().anyMatch(rel::containsKey) ? 1 : 0;
            if (before.stream().limit(10).anyMatch(rel::containsKey)) {
                hadRelevantInTop10++;
                keepRelevantInTop10 += kept.stream().limit(10).anyMatch(rel::containsKey) ? 1 : 0;
            }
        }
        double[] m = evaluate(floored, judged, queries, qv, qrels, docs);
        List<String> letters = randomLetterQueries(200);
        int lettersEmpty = 0;
        for (String q : letters) {
            lettersEmpty += floored.search(q, TOP, null).isEmpty() ? 1 : 0;
        }
        int everydayEmpty = 0;
        for (String q : EVERYDAY) {
            everydayEmpty += floored.search(q, TOP, null).isEmpty() ? 1 : 0;
        }
        int n = judged.size();
        System.out.printf(Locale.ROOT, "relevance floor %.2f: %d/%d judged queries (%.3f) keep >= 1 hit, %d (%.3f) a relevant "
                        + "document; of the %d with a relevant document in their top 10 without the floor, %d (%.3f) keep one "
                        + "there; with the floor nDCG@10=%.4f R@100=%.4f MAP@100=%.4f%n",
                floor, keepHit, n, (double) keepHit / n, keepRelevant, (double) keepRelevant / n, hadRelevantInTop10,
                keepRelevantInTop10, (double) keepRelevantInTop10 / Math.max(1, hadRelevantInTop10), m[0], m[1], m[2]);
        System.out.printf(Locale.ROOT, "relevance floor %.2f: no hit for %d/%d queries of random letters and %d/%d everyday "
                        + "questions%n", floor, lettersEmpty, letters.size(), everydayEmpty, EVERYDAY.size());
    }

    /** Mean nDCG@10, recall@100 and AP@100 over the judged queries; a document scores by its best chunk. */
    static double[] evaluate(HybridSearcher s, List<String> judged, Map<String, String> queries, List<float[]> qv,
                             Map<String, Map<String, Integer>> qrels, List<Doc> docs) {
        List<List<String>> rankings = new ArrayList<>();
        for (int qi = 0; qi < judged.size(); qi++) {
            List<String> hitDocs = new ArrayList<>();
            for (SearchHit h : s.search(queries.get(judged.get(qi)), qv.get(qi), TOP, null)) {
                hitDocs.add(docs.get((int) h.documentId()).id());
            }
            rankings.add(firstOccurrences(hitDocs));
        }
        return score(judged, rankings, qrels);
    }

    /** Document ids in order of their first (best-scored) chunk: hits come sorted by score. */
    static List<String> firstOccurrences(List<String> hitDocIds) {
        List<String> ranking = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String id : hitDocIds) {
            if (seen.add(id)) {
                ranking.add(id);
            }
        }
        return ranking;
    }

    /** Mean nDCG@10 (graded gains), recall@100 and AP@100 of one ranking of document ids per judged query. */
    static double[] score(List<String> judged, List<List<String>> rankings, Map<String, Map<String, Integer>> qrels) {
        double ndcg = 0;
        double recall = 0;
        double map = 0;
        for (int qi = 0; qi < judged.size(); qi++) {
            List<String> ranking = rankings.get(qi);
            Map<String, Integer> rel = qrels.get(judged.get(qi));
            double dcg = 0;
            for (int r = 0; r < Math.min(10, ranking.size()); r++) {
                dcg += rel.getOrDefault(ranking.get(r), 0) / log2(r + 2);
            }
            List<Integer> gains = new ArrayList<>(rel.values());
            gains.sort((a, b) -> b - a);
            double idcg = 0;
            for (int r = 0; r < Math.min(10, gains.size()); r++) {
                idcg += gains.get(r) / log2(r + 2);
            }
            ndcg += dcg / idcg;
            int found = 0;
            double ap = 0;
            for (int r = 0; r < Math.min(TOP, ranking.size()); r++) {
                if (rel.containsKey(ranking.get(r))) {
                    found++;
                    ap += (double) found / (r + 1);
                }
            }
            recall += (double) found / rel.size();
            map += ap / rel.size();
        }
        int n = judged.size();
        return new double[] {ndcg / n, recall / n, map / n};
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /**
     * Window vectors (encoded as stored) of every text, from bench/target/ir-cache when a file for exactly these
     * texts and settings exists, else computed with the product embedder (in batches) and written there.
     */
    static List<Cached> cached(Path cacheDir, String what, List<String> texts, MiniLmEmbedder embedder)
            throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((embedder.modelId() + "|v3-balanced|input=" + embedder.inputTokens() + "|overlap=" + MiniLmEmbedder.DEFAULT_WINDOW_OVERLAP_TOKENS + "|")
                .getBytes(StandardCharsets.UTF_8));
        for (String t : texts) {
            sha.update(t.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        String key = java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        Path file = cacheDir == null ? null : cacheDir.resolve(what + "-" + key + ".bin");
        if (file != null && Files.isRegularFile(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                int n = in.readInt();
                List<Cached> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    byte[][] w = new byte[in.readInt()][];
                    int[] tok = new int[w.length];
                    for (int j = 0; j < w.length; j++) {
                        tok[j] = in.readInt();
                        w[j] = in.readNBytes(in.readInt());
                    }
                    out.add(new Cached(w, tok));
                }
                System.out.println("  " + what + ": " + n + " texts from cache " + file.getFileName());
                return out;
            }
        }
        long t0 = System.nanoTime();
        List<Cached> out = new ArrayList<>(texts.size());
        int batch = 64;
        for (int from = 0; from < texts.size(); from += batch) {
            for (MiniLmEmbedder.Windows w : embedder.embedWindowsAll(texts.subList(from, Math.min(from + batch, texts.size())))) {
                byte[][] e = new byte[w.vectors().length][];
                for (int j = 0; j < e.length; j++) {
                    e[j] = VectorCodec.encode(w.vectors()[j]);
                }
                out.add(new Cached(e, w.tokens()));
            }
        }
        System.out.printf(Locale.ROOT, "  %s: embedded %d texts in %.1f s%n", what, texts.size(), (System.nanoTime() - t0) / 1e9);
        if (file != null) {
            Files.createDirectories(cacheDir);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                o.writeInt(out.size());
                for (Cached w : out) {
                    o.writeInt(w.vectors().length);
                    for (int j = 0; j < w.vectors().length; j++) {
                        o.writeInt(w.tokens()[j]);
                        o.writeInt(w.vectors()[j].length);
                        o.write(w.vectors()[j]);
                    }
                }
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }

    // ------------------------------------------------------------------ latency

    static void latency(Path dir, MiniLmEmbedder embedder) throws Exception {
        List<Doc> docs = corpus(dir);
        // Vocabulary with its frequencies: synthetic chunks sample words as often as the corpus uses them.
        List<String> tokens = new ArrayList<>();
        for (Doc d : docs) {
            tokens.addAll(Arrays.asList(d.text().split("\\s+")));
        }
        List<String> qtexts = new ArrayList<>(queries(dir).values());
        System.out.printf(Locale.ROOT, "load average at start: %.2f on %d cores%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        // Query embedding alone (the model on a short text).
        for (int i = 0; i < 20; i++) {
            embedder.embed(qtexts.get(i % qtexts.size()));
        }
        long[] embedNs = new long[Math.min(200, qtexts.size())];
        List<float[]> qv = new ArrayList<>();
        for (int i = 0; i < embedNs.length; i++) {
            long t = System.nanoTime();
            qv.add(embedder.embed(qtexts.get(i)));
            embedNs[i] = System.nanoTime() - t;
        }
        System.out.printf(Locale.ROOT, "query embedding (%d real queries, one at a time): p50=%.1f ms p95=%.1f ms%n",
                embedNs.length, pct(embedNs, 50), pct(embedNs, 95));

        Random rnd = new Random(42);
        int words = 500;
        for (int size : new int[] {10_000, 100_000}) {
            SearchIndex index = null;
            System.gc();
            long before = usedHeap();
            index = new SearchIndex(MiniLmEmbedder.DIMENSIONS);
            index.ensureCapacity(size, size);
            long tb = System.nanoTime();
            int perDoc = 10;
            for (int doc = 0; doc < size / perDoc; doc++) {
                List<IndexedChunk> cs = new ArrayList<>(perDoc);
                for (int c = 0; c < perDoc; c++) {
                    StringBuilder sb = new StringBuilder(words * 8);
                    for (int w = 0; w < words; w++) {
                        sb.append(tokens.get(rnd.nextInt(tokens.size()))).append(' ');
                    }
                    float[] v = new float[MiniLmEmbedder.DIMENSIONS];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) rnd.nextGaussian();
                    }
                    v = VectorCodec.decode(VectorCodec.encode(VectorMath.normalize(v)));
                    cs.add(new IndexedChunk((long) doc * perDoc + c, doc, c, sb.toString(), v));
                }
                index.addDocument(doc, cs);
            }
            double buildS = (System.nanoTime() - tb) / 1e9;
            System.gc();
            long heap = usedHeap() - before;
            HybridSearcher hybrid = new HybridSearcher(index, embedder);
            for (String label : new String[] {"hybrid", "dense", "bm25"}) {
                HybridSearcher s = switch (label) {
                    case "dense" -> new HybridSearcher(index, embedder, HybridSearcher.Options.DEFAULT.withFusion(Fusion.DENSE));
                    case "bm25" -> new HybridSearcher(index, embedder, HybridSearcher.Options.DEFAULT.withFusion(Fusion.BM25));
                    default -> hybrid;
                };
                for (int i = 0; i < 30; i++) {
                    s.search(qtexts.get(i % qtexts.size()), qv.get(i % qv.size()), 10, null);
                }
                long[] ns = new long[qv.size()];
                long c0 = cpuNanos();
                for (int i = 0; i < ns.length; i++) {
                    long t = System.nanoTime();
                    s.search(qtexts.get(i), qv.get(i), 10, null);
                    ns[i] = System.nanoTime() - t;
                }
                // CPU of the whole process over the loop (both scan threads above 20k chunks; the OS counts it in
                // 10 ms ticks, so only the mean per query is meaningful): what a query costs whatever else runs.
                double cpuMs = (cpuNanos() - c0) / 1e6 / ns.length;
                System.out.printf(Locale.ROOT, "%,d chunks %-6s search (top 10, vector given): p50=%.1f ms p95=%.1f ms wall; "
                                + "process CPU %.1f ms per query%n",
                        size, label, pct(ns, 50), pct(ns, 95), cpuMs);
            }
            // Filtered search: a 100-document subset.
            Set<Long> filter = new HashSet<>();
            for (long d = 0; d < 100; d++) {
                filter.add(d * 7);
            }
            long[] ns = new long[qv.size()];
            for (int i = 0; i < ns.length; i++) {
                long t = System.nanoTime();
                hybrid.search(qtexts.get(i), qv.get(i), 10, filter);
                ns[i] = System.nanoTime() - t;
            }
            System.out.printf(Locale.ROOT, "%,d chunks hybrid search, filter of 100 docs: p50=%.1f ms p95=%.1f ms%n",
                    size, pct(ns, 50), pct(ns, 95));
            long[] total = new long[qv.size()];
            for (int i = 0; i < total.length; i++) {
                long t = System.nanoTime();
                hybrid.search(qtexts.get(i), 10, null);
                total[i] = System.nanoTime() - t;
            }
            System.out.printf(Locale.ROOT, "%,d chunks hybrid search incl. query embedding: p50=%.1f ms p95=%.1f ms%n",
                    size, pct(total, 50), pct(total, 95));
            System.out.printf(Locale.ROOT, "%,d chunks index: heap %.1f MB (%.0f MB of it dense vectors), built in %.1f s%n",
                    size, heap / 1e6, size * 384 * 4 / 1e6, buildS);
            index = null;
            hybrid = null;
        }
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    static double pct(long[] ns, int p) {
        return percentile(ns, p) / 1e6;
    }

    /** The p-th percentile (nearest rank) of {@code values}, in their own unit. */
    static long percentile(long[] values, int p) {
        long[] s = values.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, i)];
    }

    // ------------------------------------------------------------------ throughput

    /** Up to 256 full model inputs of {@code length} ids ([CLS] + text + [SEP]) cut from {@code ids}. */
    static List<long[]> rawInputs(long[] ids, int length) {
        List<long[]> inputs = new ArrayList<>();
        int text = length - 2;
        for (int i = 0; i + text <= ids.length && inputs.size() < 256; i += text) {
            long[] w = new long[length];
            w[0] = 101;
            System.arraycopy(ids, i, w, 1, text);
            w[length - 1] = 102;
            inputs.add(w);
        }
        return inputs;
    }

    /** CPU time of the whole process, native threads included. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String fmt(List<Double> xs) {
        return xs.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList().toString();
    }

    static void throughput(Path dir, MiniLmEmbedder embedder) throws Exception {
        List<Doc> docs = corpus(dir);
        StringBuilder all = new StringBuilder();
        for (Doc d : docs) {
            all.append(d.text()).append('\n');
            if (all.length() > 400_000) {
                break;
            }
        }
        // Raw: the model alone on ready-made full inputs of the product's window length ([CLS] + text + [SEP]),
        // batched; and, for reference, on 128-token inputs (the length the bundled tokenizer truncates at).
        long[] ids = embedder.tokenize(all.toString());
        int rawLen = embedder.inputTokens();
        List<long[]> inputs = rawInputs(ids, rawLen);
        List<long[]> inputs128 = rawInputs(ids, MiniLmEmbedder.TRUNCATION_TOKENS);
        // End to end: long documents (corpus text concatenated into 2,000-word documents) -> Chunker -> embedAll.
        String[] words = all.toString().split("\\s+");
        List<String> longDocs = new ArrayList<>();
        int docWords = 2000;
        for (int i = 0; i + docWords <= words.length && longDocs.size() < 6; i += docWords) {
            longDocs.add(String.join(" ", Arrays.copyOfRange(words, i, i + docWords)));
        }
        Chunker chunker = new Chunker();
        // What the end-to-end run processes (counted outside the timing): chunks, their tokens, model windows.
        int chunks = 0;
        long tokens = 0;
        int windows = 0;
        for (String doc : longDocs) {
            for (Chunk c : chunker.chunk(doc)) {
                long[] ct = embedder.tokenize(c.text());
                chunks++;
                tokens += ct.length;
                windows += embedder.windows(ct).size();
            }
        }
        List<long[]> rawInputs = inputs.subList(0, Math.min(inputs.size(), windows));
        List<long[]> rawInputs128 = inputs128.subList(0, Math.min(inputs128.size(), windows * (rawLen - 2) / 126));
        embedder.embedTokenized(inputs.subList(0, 32));
        embedder.embedAll(List.of(longDocs.get(0).substring(0, 3000)));
        // The machine is shared with other builds, so wall-clock rates swing with their load. Raw and end-to-end
        // alternate (both see similar load), and each is also measured per CPU-second of this process (ONNX
        // Runtime's native threads included), which other processes do not disturb: the ratio uses that.
        double bestRaw = 0;
        double bestRaw128 = 0;
        double bestE2e = 0;
        List<Double> wallRatios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            long c = cpuNanos();
            long t = System.nanoTime();
            embedder.embedTokenized(rawInputs);
            double raw = rawInputs.size() * (rawLen - 2) / ((System.nanoTime() - t) / 1e9);
            double rawCpu = rawInputs.size() * (rawLen - 2) / ((cpuNanos() - c) / 1e9);
            long t128 = System.nanoTime();
            embedder.embedTokenized(rawInputs128);
            double raw128 = rawInputs128.size() * 126 / ((System.nanoTime() - t128) / 1e9);
            bestRaw128 = Math.max(bestRaw128, raw128);
            c = cpuNanos();
            t = System.nanoTime();
            for (String doc : longDocs) {
                List<String> texts = new ArrayList<>();
                for (Chunk ch : chunker.chunk(doc)) {
                    texts.add(ch.text());
                }
                embedder.embedAll(texts);
            }
            double e2eS = (System.nanoTime() - t) / 1e9;
            double e2e = tokens / e2eS;
            double e2eCpu = tokens / ((cpuNanos() - c) / 1e9);
            wallRatios.add(e2e / raw);
            cpuRatios.add(e2eCpu / rawCpu);
            bestRaw = Math.max(bestRaw, raw);
            bestE2e = Math.max(bestE2e, e2e);
            System.out.printf(Locale.ROOT, "round %d: raw %.0f tokens/s (%.1f texts/s of %d tokens), %.0f tokens/cpu-s; "
                            + "raw at 128 tokens %.0f tokens/s; end to end %.0f chunk tokens/s (%.2f chunks/s), %.0f tokens/cpu-s; "
                            + "ratio wall %.2f, cpu %.2f%n",
                    round + 1, raw, raw / (rawLen - 2), rawLen, rawCpu, raw128, e2e, chunks / e2eS, e2eCpu, e2e / raw,
                    e2eCpu / rawCpu);
        }
        wallRatios.sort(null);
        cpuRatios.sort(null);
        System.out.printf(Locale.ROOT, "end to end: %d docs x %d words -> %d chunks of <= 500 words (%d chunk tokens, %d model windows)%n",
                longDocs.size(), docWords, chunks, tokens, windows);
        System.out.printf(Locale.ROOT, "raw model (best round): %.1f texts/s of %d tokens = %.0f text tokens/s; at 128 tokens "
                + "%.1f texts/s = %.0f text tokens/s%n", bestRaw / (rawLen - 2), rawLen, bestRaw, bestRaw128 / 126, bestRaw128);
        System.out.printf(Locale.ROOT, "end to end (best round): %.0f chunk tokens/s = %.2f chunks/s of 500 words%n",
                bestE2e, bestE2e / ((double) tokens / chunks));
        System.out.printf(Locale.ROOT, "ratio end-to-end/raw in text tokens: per CPU-second median %.2f %s, wall-clock median %.2f %s; "
                + "best end to end / best raw at 128 tokens %.2f%n",
                cpuRatios.get(1), fmt(cpuRatios), wallRatios.get(1), fmt(wallRatios), bestE2e / bestRaw128);

        // Reference: the model as langchain4j packages it (truncates at 128, one text per ONNX call).
        List<dev.langchain4j.data.segment.TextSegment> segs = new ArrayList<>();
        for (int i = 0; i + 100 <= words.length && segs.size() < 96; i += 100) {
            segs.add(dev.langchain4j.data.segment.TextSegment.from(String.join(" ", Arrays.copyOfRange(words, i, i + 100))));
        }
        var lc = new dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel();
        lc.embedAll(segs.subList(0, 16));
        long t = System.nanoTime();
        lc.embedAll(segs);
        double lcS = (System.nanoTime() - t) / 1e9;
        System.out.printf(Locale.ROOT, "reference, langchain4j AllMiniLmL6V2EmbeddingModel.embedAll: %.1f texts/s (128 tokens each)%n",
                segs.size() / lcS);
    }
}
