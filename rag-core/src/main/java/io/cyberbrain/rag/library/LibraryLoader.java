package io.cyberbrain.rag.library;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.rag.embed.MiniLmEmbedder;
import io.cyberbrain.rag.embed.VectorCodec;
import io.cyberbrain.rag.index.IndexedChunk;
import io.cyberbrain.rag.index.SearchIndex;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The document library read from PostgreSQL as the search index takes it: the one place that knows the
 * {@code chunk} and {@code embedding} tables. The API keeps its resident index current one {@link #document} at a
 * time; the launcher builds a fresh index from {@link #all} for each runbook lookup.
 *
 * <p>Only vectors of this service's model and size are read: a vector another model wrote cannot be compared with a
 * query this model embedded, so its chunk is left out (a document with no other chunk with it).
 *
 * <p>Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class LibraryLoader {

    private static final String CHUNKS = "select c.id, c.document_id, c.chunk_index, c.chunk_text, e.vector from chunk c"
            + " join embedding e on e.chunk_id = c.id where e.model = $1 and e.dimensions = $2";

    private final Pool pool;

    public LibraryLoader(Pool pool) {
        this.pool = pool;
    }

    /** An empty index for what this loader reads. */
    public static SearchIndex newIndex() {
        return new SearchIndex(MiniLmEmbedder.DIMENSIONS);
    }

    /** One document's chunks in order; none when it is gone or has no vector of this model. */
    public List<IndexedChunk> document(long documentId) {
        List<IndexedChunk> chunks = new ArrayList<>();
        for (Row r : pool.preparedQuery(CHUNKS + " and c.document_id = $3 order by c.chunk_index")
                .execute(Tuple.of(MiniLmEmbedder.MODEL_ID, MiniLmEmbedder.DIMENSIONS, documentId)).await().indefinitely()) {
            chunks.add(chunk(r));
        }
        return chunks;
    }

    /** Every document's chunks, by document id, each in order. */
    public Map<Long, List<IndexedChunk>> all() {
        Map<Long, List<IndexedChunk>> byDocument = new LinkedHashMap<>();
        for (Row r : pool.preparedQuery(CHUNKS + " order by c.document_id, c.chunk_index")
                .execute(Tuple.of(MiniLmEmbedder.MODEL_ID, MiniLmEmbedder.DIMENSIONS)).await().indefinitely()) {
            IndexedChunk c = chunk(r);
            byDocument.computeIfAbsent(c.documentId(), k -> new ArrayList<>()).add(c);
        }
        return byDocument;
    }

    /** Every document's title, by document id. */
    public Map<Long, String> titles() {
        Map<Long, String> titles = new HashMap<>();
        pool.query("select id, title from document").execute().await().indefinitely()
                .forEach(r -> titles.put(r.getLong(0), r.getString(1)));
        return titles;
    }

    private static IndexedChunk chunk(Row r) {
        return new IndexedChunk(r.getLong(0), r.getLong(1), r.getInteger(2), r.getString(3),
                VectorCodec.decode(r.getBuffer(4).getBytes(), MiniLmEmbedder.DIMENSIONS));
    }
}
