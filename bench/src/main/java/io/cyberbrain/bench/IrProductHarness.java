package io.cyberbrain.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Retrieval quality through the running product (bench/ir.sh --product): every corpus document is uploaded as a
 * text file over REST ({@code POST /api/rag/uploads}), the ingester extracts, chunks, embeds and stores it in
 * PostgreSQL, the API's search index loads it from there, and every judged query goes through
 * {@code POST /api/rag/search} (top 100). A document scores by its best chunk, as in {@link IrHarness}.
 *
 * <pre>  CYBERBRAIN_URL=http://127.0.0.1:9595 CYBERBRAIN_TOKEN=... IrProductHarness DIR</pre>
 *
 * The product must be empty of other documents (bench/ir.sh --product starts one of its own). Prints ingest and
 * search timings, then the last line {@code nDCG@10=... R@100=... MAP@100=...}.
 */
public final class IrProductHarness {

    private static final int PAGE = 500;
    private static final Duration INGEST_TIMEOUT = Duration.ofMinutes(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    private IrProductHarness(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        String base = System.getenv().getOrDefault("CYBERBRAIN_URL", "http://127.0.0.1:9595");
        String token = System.getenv("CYBERBRAIN_TOKEN");
        if (args.length != 1 || token == null || token.isBlank()) {
            System.err.println("usage: CYBERBRAIN_URL=... CYBERBRAIN_TOKEN=... IrProductHarness DIR");
            System.exit(2);
        }
        new IrProductHarness(base, token).run(Path.of(args[0]));
        System.exit(0);
    }

    private void run(Path dir) throws Exception {
        List<IrHarness.Doc> docs = IrHarness.corpus(dir);
        Map<String, String> queries = IrHarness.queries(dir);
        Map<String, Map<String, Integer>> qrels = IrHarness.qrels(dir);
        List<String> judged = queries.keySet().stream().filter(qrels::containsKey).toList();
        System.out.printf(Locale.ROOT, "collection %s through the product at %s: %d docs, %d judged queries%n",
                dir.getFileName(), base, docs.size(), judged.size());

        long t0 = System.nanoTime();
        Map<Long, List<String>> corpusIdsByUpload = upload(docs);
        long uploaded = System.nanoTime();
        System.out.printf(Locale.ROOT, "uploaded %d files in %.1f s (%d distinct contents)%n",
                corpusIdsByUpload.values().stream().mapToInt(List::size).sum(),
                (uploaded - t0) / 1e9, corpusIdsByUpload.size());
        int chunks = awaitIngested(corpusIdsByUpload.size());
        long ingested = System.nanoTime();
        System.out.printf(Locale.ROOT, "ingested and searchable: %d documents, %d chunks, %.1f s after the first upload "
                + "(%.1f chunks/s)%n", corpusIdsByUpload.size(), chunks, (ingested - t0) / 1e9, chunks / ((ingested - t0) / 1e9));

        Map<Long, List<String>> corpusIdsByDocument = new HashMap<>();
        for (Map<String, Object> d : all("/api/rag/documents")) {
            long uploadId = ((Number) d.get("upload_id")).longValue();
            corpusIdsByDocument.put(((Number) d.get("id")).longValue(), corpusIdsByUpload.get(uploadId));
        }

        List<List<String>> rankings = new ArrayList<>();
        long[] wall = new long[judged.size()];
        long[] server = new long[judged.size()];
        for (int qi = 0; qi < judged.size(); qi++) {
            long s0 = System.nanoTime();
            Map<String, Object> result = MiniJson.obj(MiniJson.parse(post("/api/rag/search",
                    "{\"query\":" + jsonString(queries.get(judged.get(qi))) + ",\"top_k\":" + IrHarness.TOP + "}")));
            wall[qi] = System.nanoTime() - s0;
            server[qi] = ((Number) result.get("took_ms")).longValue();
            List<String> hitDocs = new ArrayList<>();
            for (Object h : MiniJson.arr(result.get("hits"))) {
                hitDocs.addAll(corpusIdsByDocument.get(((Number) MiniJson.obj(h).get("document_id")).longValue()));
            }
            rankings.add(IrHarness.firstOccurrences(hitDocs));
        }
        System.out.printf(Locale.ROOT, "search over REST, top %d: p50 %.1f ms, p95 %.1f ms wall (server took_ms p50 %d, "
                + "p95 %d)%n", IrHarness.TOP, IrHarness.pct(wall, 50), IrHarness.pct(wall, 95),
                IrHarness.percentile(server, 50), IrHarness.percentile(server, 95));
        double[] m = IrHarness.score(judged, rankings, qrels);
        System.out.printf(Locale.ROOT, "nDCG@10=%.4f R@100=%.4f MAP@100=%.4f%n", m[0], m[1], m[2]);
    }

    /** Uploads every document as {@code <id>.txt}; identical contents come back as one upload (SHA-256 dedup). */
    private Map<Long, List<String>> upload(List<IrHarness.Doc> docs) throws Exception {
        Map<Long, List<String>> byUpload = new LinkedHashMap<>();
        Semaphore inFlight = new Semaphore(4);
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        int empty = 0;
        for (IrHarness.Doc doc : docs) {
            if (doc.text().isBlank()) {
                empty++; // the product refuses an empty file (400); nothing could retrieve it anyway
                continue;
            }
            inFlight.acquire();
            String boundary = "----ir" + UUID.randomUUID();
            HttpRequest request = authorized("/api/rag/uploads")
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, doc.id() + ".txt", doc.text())))
                    .build();
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
                if (response.statusCode() != 201 && response.statusCode() != 200) {
                    throw new IllegalStateException("upload of " + doc.id() + ": HTTP " + response.statusCode() + " "
                            + response.body());
                }
                long id = ((Number) MiniJson.obj(MiniJson.parse(response.body())).get("id")).longValue();
                synchronized (byUpload) {
                    byUpload.computeIfAbsent(id, k -> new ArrayList<>()).add(doc.id());
                }
            }).whenComplete((ok, failure) -> inFlight.release()));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        if (empty > 0) {
            System.out.printf(Locale.ROOT, "skipped %d empty document(s)%n", empty);
        }
        return byUpload;
    }

    /** Waits until no upload is queued or processing and the search index holds every document; its chunk count. */
    private int awaitIngested(int documents) throws Exception {
        long deadline = System.nanoTime() + INGEST_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            long busy = total("/api/rag/uploads?status=queued&size=1") + total("/api/rag/uploads?status=processing&size=1");
            long failed = total("/api/rag/uploads?status=failed&size=1");
            if (failed > 0) {
                throw new IllegalStateException(failed + " upload(s) failed to ingest; see GET /api/rag/uploads?status=failed");
            }
            if (busy == 0) {
                Map<String, Object> index = searchIndexHealth();
                if (((Number) index.get("documents")).intValue() >= documents) {
                    return ((Number) index.get("chunks")).intValue();
                }
            }
            Thread.sleep(500); // polling the product's own progress: there is no completion event to wait on
        }
        throw new IllegalStateException("ingest did not finish within " + INGEST_TIMEOUT);
    }

    private Map<String, Object> searchIndexHealth() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        for (Object check : MiniJson.arr(MiniJson.obj(MiniJson.parse(response.body())).get("checks"))) {
            Map<String, Object> c = MiniJson.obj(check);
            if ("rag search index".equals(c.get("name"))) {
                return MiniJson.obj(c.get("data"));
            }
        }
        throw new IllegalStateException("no 'rag search index' check in /q/health/ready");
    }

    private long total(String path) throws Exception {
        return ((Number) MiniJson.obj(MiniJson.parse(get(path))).get("total")).longValue();
    }

    private List<Map<String, Object>> all(String path) throws Exception {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            Map<String, Object> p = MiniJson.obj(MiniJson.parse(get(path + "?page=" + page + "&size=" + PAGE)));
            for (Object o : MiniJson.arr(p.get("items"))) {
                items.add(MiniJson.obj(o));
            }
            if (items.size() >= ((Number) p.get("total")).longValue() || MiniJson.arr(p.get("items")).isEmpty()) {
                return items;
            }
        }
    }

    private String get(String path) throws Exception {
        return body(http.send(authorized(path).GET().build(), HttpResponse.BodyHandlers.ofString()), path);
    }

    private String post(String path, String json) throws Exception {
        return body(http.send(authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()), path);
    }

    private static String body(HttpResponse<String> response, String path) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token);
    }

    private static byte[] multipart(String boundary, String fileName, String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
