package io.cyberbrain.api.rag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;

import io.cyberbrain.api.rag.RagViews.SearchHitView;
import io.cyberbrain.api.rag.RagViews.SearchInput;
import io.cyberbrain.api.rag.RagViews.SearchResult;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.InvalidRequestException.FieldError;
import io.cyberbrain.model.rag.RetrievalEvents;
import io.cyberbrain.model.rag.RetrievalSource;
import io.cyberbrain.rag.embed.MiniLmEmbedder;
import io.cyberbrain.rag.search.HybridSearcher;
import io.cyberbrain.rag.search.Relevance;
import io.cyberbrain.rag.search.SearchHit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Hybrid search (MiniLM cosine + BM25) over the in-memory index, with each hit's text and offsets read from
 * the database; only passages that reach the relevance floor ({@link Relevance}) are returned. Every search leaves a
 * {@code retrieval_event} with the SHA-256 of the query and never the query itself: the text is neither stored nor
 * logged, and no error message repeats it.
 */
@Startup // created at start, not at first use: its meters are exposed (at 0) before their first event
@ApplicationScoped
public class SearchService {

    public static final int MAX_TOP_K = 100;
    public static final int DEFAULT_TOP_K = 10;
    static final int MAX_DOCUMENT_FILTER = 1000;

    private final SearchIndexHolder holder;
    // A provider: loading the model takes seconds, and must happen on the worker thread of the first search, not
    // on the event loop that first touches this bean.
    private final Provider<MiniLmEmbedder> embedder;
    private final Pool pool;
    private final RetrievalEvents events;
    private final Map<RetrievalSource, Timer> latency = new java.util.EnumMap<>(RetrievalSource.class);
    private volatile HybridSearcher searcher;

    public SearchService(SearchIndexHolder holder, Provider<MiniLmEmbedder> embedder, Pool pool, RetrievalEvents events,
                         MeterRegistry registry) {
        this.holder = holder;
        this.embedder = embedder;
        this.pool = pool;
        this.events = events;
        for (RetrievalSource source : RetrievalSource.values()) {
            latency.put(source, Timer.builder("cyberbrain.search.duration")
                    .description("Document library search latency (embed, rank, read hits), by caller").tag("source", source.wire())
                    .serviceLevelObjectives(SEARCH_BUCKETS).register(registry));
        }
    }

    private static final java.time.Duration[] SEARCH_BUCKETS = {java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(25),
            java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(250),
            java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2),
            java.time.Duration.ofSeconds(5)};

    public Uni<SearchResult> search(SearchInput input, RetrievalSource source, Long runId) {
        validate(input);
        String query = input.query();
        int topK = input.topK() == null ? DEFAULT_TOP_K : input.topK();
        List<Long> filter = input.documentIds() == null ? null : List.copyOf(input.documentIds());
        long start = System.nanoTime();
        // Embedding the query (ONNX) and scanning the index are CPU work: off the event loop.
        return Uni.createFrom().item(() -> searcher().search(query, topK, filter))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(this::withDetails)
                .flatMap(hits -> {
                    long tookNanos = System.nanoTime() - start;
                    long tookMs = TimeUnit.NANOSECONDS.toMillis(tookNanos);
                    latency.get(source).record(tookNanos, TimeUnit.NANOSECONDS);
                    return events.record(query, source, topK, hits.stream().map(SearchHitView::chunkId).toList(), tookMs, runId)
                            .map(ok -> new SearchResult(hits, hits.isEmpty(), Relevance.FLOOR, tookMs));
                });
    }

    private HybridSearcher searcher() {
        HybridSearcher s = searcher;
        if (s == null) {
            synchronized (this) {
                if (searcher == null) {
                    searcher = new HybridSearcher(holder.index(), embedder.get());
                }
                s = searcher;
            }
        }
        return s;
    }

    private record ChunkRow(String text, int start, int end, String title) {
    }

    /** Text, offsets and title of each hit; a chunk deleted since the index found it is left out. */
    private Uni<List<SearchHitView>> withDetails(List<SearchHit> hits) {
        if (hits.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Long[] ids = hits.stream().map(SearchHit::chunkId).toArray(Long[]::new);
        return pool.preparedQuery("select c.id, c.chunk_text, c.start_offset, c.end_offset, d.title from chunk c"
                        + " join document d on d.id = c.document_id where c.id = any($1)")
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Map<Long, ChunkRow> byId = new HashMap<>();
                    for (Row r : rows) {
                        byId.put(r.getLong(0), new ChunkRow(r.getString(1), r.getInteger(2), r.getInteger(3), r.getString(4)));
                    }
                    List<SearchHitView> views = new ArrayList<>(hits.size());
                    for (SearchHit h : hits) {
                        ChunkRow c = byId.get(h.chunkId());
                        if (c != null) {
                            views.add(new SearchHitView(h.chunkId(), h.documentId(), c.title(), h.chunkIndex(), c.start(), c.end(),
                                    h.relevance(), h.score(), c.text()));
                        }
                    }
                    return views;
                });
    }

    /** Field errors never quote the query: it must not reach logs or responses. */
    static void validate(SearchInput input) {
        if (input == null) {
            throw new InvalidRequestException("query", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (input.query() == null || input.query().isBlank()) {
            errors.add(new FieldError("query", "is required: 1 to " + HybridSearcher.MAX_QUERY_CHARS + " characters"));
        } else if (input.query().length() > HybridSearcher.MAX_QUERY_CHARS) {
            errors.add(new FieldError("query", "must have at most " + HybridSearcher.MAX_QUERY_CHARS + " characters"));
        }
        if (input.topK() != null && (input.topK() < 1 || input.topK() > MAX_TOP_K)) {
            errors.add(new FieldError("top_k", "must be between 1 and " + MAX_TOP_K));
        }
        if (input.documentIds() != null) {
            if (input.documentIds().size() > MAX_DOCUMENT_FILTER) {
                errors.add(new FieldError("document_ids", "may list at most " + MAX_DOCUMENT_FILTER + " documents"));
            } else if (input.documentIds().stream().anyMatch(id -> id == null)) {
                errors.add(new FieldError("document_ids", "must not contain null"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }
}
