package io.cyberbrain.api.investigation;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cyberbrain.model.investigation.InvestigationStatus;
import io.cyberbrain.model.notification.NotificationEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Where an investigation's end becomes notifications: rows of the one outbox ({@code run_notification}, naming the
 * investigation), one per enabled target subscribed to the outcome, at most once per investigation and target. The
 * worker-launchers' notification dispatcher sends them (counts and a link only) as it sends the runs'.
 */
@ApplicationScoped
public class InvestigationOutbox {

    private static final Logger LOG = Logger.getLogger(InvestigationOutbox.class);

    private final Pool pool;
    private final Clock clock;

    public InvestigationOutbox(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Queues the notifications of an investigation that just ended. Blocking; never throws. */
    void ended(long id, InvestigationStatus status) {
        Optional<NotificationEvent> event = NotificationEvent.of(status);
        if (event.isEmpty()) {
            return;
        }
        try {
            int queued = pool.preparedQuery("""
                            insert into run_notification (investigation_id, target_id, status, attempts, created_at)
                            select $1, t.id, 'pending', 0, $3 from notification_target t
                            where t.enabled and $2 = any(t.events)
                            on conflict (investigation_id, target_id) where investigation_id is not null do nothing""")
                    .execute(Tuple.of(id, event.get().wire(), OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)))
                    .await().indefinitely().rowCount();
            if (queued > 0) {
                LOG.infof("investigation %d %s: %d notification(s) queued", id, status.wire(), queued);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "investigation %d: queueing notifications failed", id);
        }
    }
}
