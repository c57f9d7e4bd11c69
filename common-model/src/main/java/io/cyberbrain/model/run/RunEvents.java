package io.cyberbrain.model.run;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.support.PgNotify;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Postgres NOTIFY for run changes, sent in the caller's transaction.
 */
@ApplicationScoped
public class RunEvents {

    /** Pending run jobs exist: the worker-launcher listens here. */
    public static final String JOBS_CHANNEL = "cyberbrain_run_jobs";
    /** A run was asked to stop: launchers stop its running workers. */
    public static final String CANCEL_CHANNEL = "cyberbrain_run_cancel";

    public Uni<Void> jobsPending(long runId) {
        return notify(JOBS_CHANNEL, Long.toString(runId));
    }

    public Uni<Void> cancelRequested(long runId) {
        return notify(CANCEL_CHANNEL, Long.toString(runId));
    }

    /**
     * Queues the {@code run_cancelled} notifications of a run that ended without reaching a launcher (denied,
     * or cancelled before it ran), in the caller's transaction; a launcher's notification dispatcher sends
     * them. Runs that a launcher ends are queued by the launcher itself.
     */
    public Uni<Void> endedCancelled(long runId, java.time.Instant at) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery("""
                                insert into run_notification (run_id, target_id, status, attempts, created_at)
                                select :run, t.id, 'pending', 0, :at from notification_target t
                                where t.enabled and 'run_cancelled' = any(t.events)
                                on conflict (run_id, target_id) do nothing""")
                        .setParameter("run", runId)
                        .setParameter("at", at)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private Uni<Void> notify(String channel, String payload) {
        return PgNotify.send(channel, payload);
    }
}
