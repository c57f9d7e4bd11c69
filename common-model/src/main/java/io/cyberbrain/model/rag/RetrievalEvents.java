package io.cyberbrain.model.rag;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one writer of {@code retrieval_event}, for the API's searches and the launcher's runbook lookups alike: it
 * takes the query and stores only its SHA-256, so no caller can store the text by mistake.
 */
@ApplicationScoped
public class RetrievalEvents {

    private final Pool pool;
    private final Clock clock;

    public RetrievalEvents(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Records one search by the hash of {@code query}, its results' chunk ids, its duration and the run, if any. */
    public Uni<Void> record(String query, RetrievalSource source, int topK, List<Long> hitChunkIds, long durationMs,
                            Long runId) {
        return pool.preparedQuery("insert into retrieval_event (query_sha256, source, top_k, result_count, hit_chunk_ids,"
                        + " duration_ms, run_id, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(Arrays.asList(sha256(query), source.wire(), topK, hitChunkIds.size(),
                        hitChunkIds.toArray(Long[]::new), durationMs, runId,
                        OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    /** The hex SHA-256 of the query's UTF-8 bytes: all that is kept of it. */
    public static String sha256(String query) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
