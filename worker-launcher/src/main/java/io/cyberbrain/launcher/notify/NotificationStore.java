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

import io.cyberbrain.model.investigation.InvestigationStatus;
import io.cyberbrain.model.notification.InvestigationNotice;
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

    /**
     * A claimed notification with what is needed to send it: the notice of its run, or of its investigation (then
     * {@code runId} is null).
     */
    public record Claimed(long id, Long runId, Long investigationId, long targetId, int attempts, NotificationKind kind,
                          boolean targetEnabled, Map<String, Object> config, RunNotice notice,
                          InvestigationNotice investigationNotice) {

        /** "run 12" or "investigation 3", for log lines. */
        public String subject() {
            return runId != null ? "run " + runId : "investigation " + investigationId;
        }
    }

    /** The claimed row {@code id} if {@code owner} still holds it. */
    public Optional<Claimed> load(long id, String owner) {
        var rows = pool.preparedQuery("""
                        select n.id, n.run_id, n.investigation_id, n.target_id, n.attempts, t.kind, t.enabled, t.config::text
                        from run_notification n join notification_target t on t.id = n.target_id
                        where n.id = $1 and n.lease_owner = $2""")
                .execute(Tuple.of(id, owner)).await().indefinitely();
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row r = rows.iterator().next();
        Long runId = r.getLong(1);
        Long investigationId = r.getLong(2);
        RunNotice notice = runId == null ? null : runNotice(runId);
        InvestigationNotice inv = investigationId == null ? null : investigationNotice(investigationId);
        return Optional.of(new Claimed(r.getLong(0), runId, investigationId, r.getLong(3), r.getInteger(4),
                WireEnum.parse(NotificationKind.class, r.getString(5)).orElseThrow(), r.getBoolean(6), config(r.getString(7)),
                notice, inv));
    }

    private RunNotice runNotice(long runId) {
        Row r = pool.preparedQuery("""
                        select r.status, r.total_tokens, coalesce(r.started_at, r.created_at), r.ended_at,
                               count(j.id) filter (where j.status = 'success'),
                               count(j.id) filter (where j.status in ('failed', 'timed_out')),
                               count(j.id)
                        from run r left join run_job j on j.run_id = r.id
                        where r.id = $1 group by r.id""")
                .execute(Tuple.of(runId)).await().indefinitely().iterator().next();
        RunStatus status = WireEnum.parse(RunStatus.class, r.getString(0)).orElseThrow();
        return new RunNotice(runId, status, r.getLong(4).intValue(), r.getLong(5).intValue(), r.getLong(6).intValue(),
                r.getLong(1), duration(r.getOffsetDateTime(2), r.getOffsetDateTime(3)), false);
    }

    private InvestigationNotice investigationNotice(long investigationId) {
        Row r = pool.preparedQuery("""
                        select i.status, i.total_tokens, coalesce(i.started_at, i.created_at), i.ended_at,
                               count(s.id) filter (where s.tool <> 'planner_fallback' and s.status in ('done', 'failed')),
                               count(s.id) filter (where s.tool <> 'planner_fallback'
                                                     and s.status not in ('done', 'failed', 'running', 'awaiting_approval'))
                        from investigation i left join investigation_step s on s.investigation_id = i.id
                        where i.id = $1 group by i.id""")
                .execute(Tuple.of(investigationId)).await().indefinitely().iterator().next();
        InvestigationStatus status = WireEnum.parse(InvestigationStatus.class, r.getString(0)).orElseThrow();
        return new InvestigationNotice(investigationId, status, r.getLong(4).intValue(), r.getLong(5).intValue(),
                r.getLong(1), duration(r.getOffsetDateTime(2), r.getOffsetDateTime(3)));
    }

    private static Duration duration(OffsetDateTime start, OffsetDateTime end) {
        return start == null || end == null ? null : Duration.between(start, end);
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
