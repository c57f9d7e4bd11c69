package io.cyberbrain.ingester.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.rag.RagEvents;
import io.cyberbrain.model.rag.UploadStatus;
import io.cyberbrain.rag.chunk.Chunk;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The ingester's reads and writes, as SQL on the reactive pool. Callers run on worker threads and wait for
 * each result, since ingestion is blocking work anyway (files, Tika, ONNX). Every write after the claim is
 * fenced by {@code lease_owner}: an ingester that lost its lease changes nothing.
 */
@ApplicationScoped
public class IngestStore {

    private static final String PROCESSING = UploadStatus.PROCESSING.wire();

    /** A claimed upload, as the ingester needs it. */
    public record ClaimedUpload(long id, String originalName, String storedName, String mimeType) {
    }

    /** Everything a document is made of, stored at once. */
    public record NewDocument(String title, String mimeType, int charCount, int wordCount, List<Chunk> chunks,
                              String model, int dimensions, List<byte[]> vectors) {
    }

    private final Pool pool;
    private final Clock clock;

    public IngestStore(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    public Optional<ClaimedUpload> load(long id, String owner) {
        return pool.preparedQuery("select id, original_name, stored_name, mime_type from upload_file"
                        + " where id = $1 and lease_owner = $2 and status = $3")
                .execute(Tuple.of(id, owner, PROCESSING))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<ClaimedUpload>empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new ClaimedUpload(r.getLong(0), r.getString(1), r.getString(2), r.getString(3)));
                }).await().indefinitely();
    }

    /** Writes progress and extends the lease; false when the lease is no longer ours. */
    public boolean progress(long id, String owner, int done, int total, Duration lease) {
        OffsetDateTime now = now();
        return pool.preparedQuery("update upload_file set chunks_done = $3, chunks_total = $4, heartbeat_at = $5,"
                        + " lease_expires_at = $6, updated_at = $5 where id = $1 and lease_owner = $2 and status = $7")
                .execute(Tuple.from(List.<Object>of(id, owner, done, total, now, now.plus(lease), PROCESSING)))
                .map(rows -> rows.rowCount() == 1).await().indefinitely();
    }

    /**
     * Stores the document, its chunks and their embeddings, marks the upload ready and tells the searchers, all
     * in one transaction that first locks the upload row under our lease. Empty when the lease was lost: then
     * nothing is written, and whoever holds the upload now stores it instead.
     */
    public Optional<Long> store(long uploadId, String owner, NewDocument doc) {
        OffsetDateTime now = now();
        return pool.withTransaction(conn -> conn
                        .preparedQuery("select id from upload_file where id = $1 and lease_owner = $2 and status = $3 for update")
                        .execute(Tuple.of(uploadId, owner, PROCESSING))
                        .flatMap(held -> held.size() == 0
                                ? Uni.createFrom().item(Optional.<Long>empty())
                                : insert(conn, uploadId, owner, doc, now).map(Optional::of)))
                .await().indefinitely();
    }

    private Uni<Long> insert(SqlConnection conn, long uploadId, String owner, NewDocument doc, OffsetDateTime now) {
        int n = doc.chunks().size();
        Integer[] index = new Integer[n];
        String[] text = new String[n];
        Integer[] start = new Integer[n];
        Integer[] end = new Integer[n];
        Integer[] words = new Integer[n];
        for (int i = 0; i < n; i++) {
            Chunk c = doc.chunks().get(i);
            index[i] = c.index();
            text[i] = c.text();
            start[i] = c.startOffset();
            end[i] = c.endOffset();
            words[i] = c.wordCount();
        }
        return conn.preparedQuery("insert into document (upload_id, title, mime_type, char_count, word_count, chunk_count, created_at)"
                        + " values ($1, $2, $3, $4, $5, $6, $7) returning id")
                .execute(Tuple.from(List.<Object>of(uploadId, doc.title(), doc.mimeType(), doc.charCount(), doc.wordCount(), n, now)))
                .map(rows -> rows.iterator().next().getLong(0))
                .flatMap(documentId -> conn.preparedQuery("insert into chunk (document_id, chunk_index, chunk_text, start_offset,"
                                + " end_offset, word_count) select $1, u.i, u.t, u.s, u.e, u.w"
                                + " from unnest($2::int[], $3::text[], $4::int[], $5::int[], $6::int[]) as u(i, t, s, e, w)"
                                + " returning id, chunk_index")
                        .execute(Tuple.from(new Object[] {documentId, index, text, start, end, words}))
                        .flatMap(rows -> {
                            Map<Integer, Long> idByIndex = new HashMap<>();
                            rows.forEach(r -> idByIndex.put(r.getInteger(1), r.getLong(0)));
                            List<Tuple> embeddings = new ArrayList<>(n);
                            for (int i = 0; i < n; i++) {
                                embeddings.add(Tuple.tuple().addLong(idByIndex.get(index[i])).addString(doc.model())
                                        .addInteger(doc.dimensions())
                                        .addBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(doc.vectors().get(i)))
                                        .addOffsetDateTime(now));
                            }
                            return conn.preparedQuery("insert into embedding (chunk_id, model, dimensions, vector, created_at)"
                                    + " values ($1, $2, $3, $4, $5)").executeBatch(embeddings);
                        })
                        .flatMap(ok -> conn.preparedQuery("update upload_file set status = $5, chunks_done = $3, chunks_total = $3,"
                                        + " lease_owner = null, lease_expires_at = null, heartbeat_at = $4, processed_at = $4,"
                                        + " updated_at = $4, error_summary = null where id = $1 and lease_owner = $2")
                                .execute(Tuple.of(uploadId, owner, n, now, UploadStatus.READY.wire())))
                        .flatMap(ok -> conn.preparedQuery("select cast(pg_notify($1, $2) as text)")
                                .execute(Tuple.of(RagEvents.DOCUMENTS_CHANNEL, Long.toString(documentId))))
                        .map(ok -> documentId));
    }

    /** Fails the upload with a (redacted) reason; false when the lease was no longer ours. */
    public boolean fail(long id, String owner, String reason) {
        OffsetDateTime now = now();
        return pool.preparedQuery("update upload_file set status = $5, error_summary = $3, lease_owner = null,"
                        + " lease_expires_at = null, processed_at = $4, updated_at = $4"
                        + " where id = $1 and lease_owner = $2 and status = $6")
                .execute(Tuple.from(List.<Object>of(id, owner, printable(reason), now, UploadStatus.FAILED.wire(), PROCESSING)))
                .map(rows -> rows.rowCount() == 1).await().indefinitely();
    }

    /** Reasons may quote parser messages: no control characters (Postgres refuses NUL), at most 2000 characters. */
    static String printable(String reason) {
        String r = reason.replaceAll("[\\p{Cntrl}&&[^\n\t]]", " ");
        return r.length() > 2000 ? r.substring(0, 2000) : r;
    }
}
