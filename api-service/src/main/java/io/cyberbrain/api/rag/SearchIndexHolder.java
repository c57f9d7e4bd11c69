package io.cyberbrain.api.rag;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.cyberbrain.model.claim.PgListener;
import io.cyberbrain.model.rag.RagEvents;
import io.cyberbrain.rag.index.IndexedChunk;
import io.cyberbrain.rag.index.SearchIndex;
import io.cyberbrain.rag.library.LibraryLoader;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The in-memory search index (rag-core's {@link SearchIndex}) kept equal to the database: every chunk and
 * embedding loaded at start, then each document added or dropped when the ingester or a delete NOTIFYs
 * {@code cyberbrain_documents}, with a periodic reconcile in case a notification was missed. All loading
 * runs on one background thread, in order; searches read the index concurrently.
 */
@ApplicationScoped
public class SearchIndexHolder {

    private static final Logger LOG = Logger.getLogger(SearchIndexHolder.class);

    private final Pool pool;
    private final PgListener listener;
    private final LibraryLoader loader;
    private final SearchIndex index = LibraryLoader.newIndex();
    /** Document id to the chunk count loaded for it: what reconcile compares with the database. */
    private final Map<Long, Integer> loaded = new ConcurrentHashMap<>();
    private final ExecutorService updates = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cyberbrain-rag-index");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean initialLoadDone;
    private PgListener.Subscription subscription;

    public SearchIndexHolder(Pool pool, PgListener listener, LibraryLoader loader) {
        this.pool = pool;
        this.listener = listener;
        this.loader = loader;
    }

    void onStart(@Observes StartupEvent event) {
        // LISTEN before the first load, so a document stored while loading is not missed.
        subscription = listener.listen(Map.of(RagEvents.DOCUMENTS_CHANNEL, this::onNotify), () -> { },
                "the index is reconciled periodically");
        updates.submit(() -> {
            long start = System.nanoTime();
            try {
                reconcile();
                LOG.infof("search index loaded: %d documents, %d chunks in %d ms", index.documentCount(), index.chunkCount(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } catch (RuntimeException e) {
                LOG.warnf("loading the search index failed (%s); retrying at the next reconcile", e.getMessage());
            } finally {
                initialLoadDone = true;
            }
        });
    }

    private void onNotify(String payload) {
        long documentId;
        try {
            documentId = Long.parseLong(payload.trim());
        } catch (NumberFormatException e) {
            return;
        }
        updates.submit(() -> {
            try {
                refresh(documentId);
            } catch (RuntimeException e) {
                LOG.warnf("refreshing document %d in the search index failed: %s", documentId, e.getMessage());
            }
        });
    }

    @Scheduled(every = "${cyberbrain.rag.reconcile-interval}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledReconcile() {
        updates.submit(() -> {
            try {
                reconcile();
            } catch (RuntimeException e) {
                LOG.warnf("reconciling the search index failed: %s", e.getMessage());
            }
        });
    }

    /** Drops documents that are gone, loads those that are new or whose chunk count changed. */
    void reconcile() {
        Map<Long, Integer> inDatabase = new HashMap<>();
        pool.query("select id, chunk_count from document").execute().await().indefinitely()
                .forEach(r -> inDatabase.put(r.getLong(0), r.getInteger(1)));
        for (Long id : List.copyOf(loaded.keySet())) {
            if (!inDatabase.containsKey(id)) {
                index.removeDocument(id);
                loaded.remove(id);
            }
        }
        inDatabase.forEach((id, chunks) -> {
            if (!chunks.equals(loaded.get(id))) {
                // One unreadable document (a vector of another model or size) must not keep the rest out of search.
                try {
                    refresh(id);
                } catch (RuntimeException e) {
                    LOG.warnf("document %d left out of the search index: %s", id, e.getMessage());
                }
            }
        });
    }

    /** Loads one document's chunks and vectors into the index, or drops it when it has none (deleted, or another model's). */
    void refresh(long documentId) {
        List<IndexedChunk> chunks = loader.document(documentId);
        if (chunks.isEmpty()) {
            if (index.removeDocument(documentId)) {
                LOG.debugf("document %d dropped from the search index", documentId);
            }
            loaded.remove(documentId);
            return;
        }
        index.addDocument(documentId, chunks);
        loaded.put(documentId, chunks.size());
    }

    public SearchIndex index() {
        return index;
    }

    /** True once the first load has run (whether or not it found documents). */
    public boolean initialLoadDone() {
        return initialLoadDone;
    }

    public boolean contains(long documentId) {
        return index.containsDocument(documentId);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscription != null) {
            subscription.close();
        }
        updates.shutdownNow();
    }
}
