package io.cyberbrain.launcher.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.model.notification.NotificationKind;
import io.cyberbrain.model.notification.RunNotice;
import io.cyberbrain.model.notification.RunNotificationClaims;
import io.cyberbrain.model.run.RunStatus;
import io.cyberbrain.model.support.WireEnum;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The outbox's SQL. Every change to a claimed row is fenced by {@code lease_owner}, so a dispatcher whose
 * lease was taken over cannot overwrite the new holder's outcome. Blocking: callers are worker threads.
 */
@ApplicationScoped
public class NotificationStore {

    static final int MAX_ERROR = 2000;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Pool pool;
    private final Clock clock;

    public NotificationStore(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Queues one notification per enabled target subscribed to {@code event}; returns how many were new. */
    public int enqueue(long runId, String event) {
        return pool.preparedQuery("""
                        insert into run_notification (run_id, target_id, status, attempts, created_at)
                        select $1, t.id, 'pending', 0, $3 from notification_target t where t.enabled and $2 = any(t.events)
                        on conflict (run_id, target_id) do nothing""")
                .execute(Tuple.of(runId, event, now())).map(rows -> rows.rowCount()).await().indefinitely();
    }

    /** A claimed notification with what is needed to send it. */
    public record Claimed(long id, long runId, long targetId, int attempts, NotificationKind kind, boolean targetEnabled,
                          Map<String, Object> config, RunNotice notice) {
    }

    /** The claimed row {@code id} if {@code owner} still holds it. */
    public Optional<Claimed> load(long id, String owner) {
        return pool.preparedQuery("""
                        select n.id, n.run_id, n.target_id, n.attempts, t.kind, t.enabled, t.config::text, r.status, r.total_tokens,
                               coalesce(r.started_at, r.created_at), r.ended_at,
                               count(j.id) filter (where j.status = 'success'),
                               count(j.id) filter (where j.status in ('failed', 'timed_out')),
                               count(j.id)
                        from run_notification n
                        join notification_target t on t.id = n.target_id
                        join run r on r.id = n.run_id
                        left join run_job j on j.run_id = r.id
                        where n.id = $1 and n.lease_owner = $2
                        group by n.id, t.id, r.id""")
                .execute(Tuple.of(id, owner))
                .map(rows -> rows.size() == 0 ? Optional.<Claimed>empty() : Optional.of(claimed(rows.iterator().next())))
                .await().indefinitely();
    }

    private static Claimed claimed(Row r) {
        OffsetDateTime start = r.getOffsetDateTime(9);
        OffsetDateTime end = r.getOffsetDateTime(10);
        Duration duration = start == null || end == null ? null : Duration.between(start, end);
        RunStatus status = WireEnum.parse(RunStatus.class, r.getString(7)).orElseThrow();
        RunNotice notice = new RunNotice(r.getLong(1), status, r.getLong(11).intValue(), r.getLong(12).intValue(),
                r.getLong(13).intValue(), r.getLong(8), duration, false);
        return new Claimed(r.getLong(0), r.getLong(1), r.getLong(2), r.getInteger(3),
                WireEnum.parse(NotificationKind.class, r.getString(4)).orElseThrow(), r.getBoolean(5), config(r.getString(6)), notice);
    }

    public boolean markSent(long id, String owner, int attempts) {
        return update("status = 'sent', attempts = $3, sent_at = $4, error_summary = null, lease_owner = null, lease_expires_at = null",
                id, owner, attempts, now());
    }

    /** Back to pending, parked until {@code nextAttempt} (see {@link RunNotificationClaims}). */
    public boolean park(long id, String owner, int attempts, String reason, Instant nextAttempt) {
        return update("attempts = $3, error_summary = $4, lease_owner = $5, lease_expires_at = $6",
                id, owner, attempts, truncate(reason), RunNotificationClaims.BACKOFF_OWNER, utc(nextAttempt));
    }

    public boolean markFailed(long id, String owner, int attempts, String reason) {
        return update("status = 'failed', attempts = $3, error_summary = $4, lease_owner = null, lease_expires_at = null",
                id, owner, attempts, truncate(reason));
    }

    private boolean update(String assignments, Object... values) {
        return pool.preparedQuery("update run_notification set " + assignments + " where id = $1 and lease_owner = $2")
                .execute(Tuple.from(values)).map(rows -> rows.rowCount() == 1).await().indefinitely();
    }

    private static Map<String, Object> config(String json) {
        try {
            return json == null ? Map.of() : MAPPER.readValue(json, MAP);
        } catch (java.io.IOException e) {
            return Map.of(); // an unreadable config fails validation at send time, with a reason on the row
        }
    }

    private OffsetDateTime now() {
        return utc(clock.instant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
    }
}
