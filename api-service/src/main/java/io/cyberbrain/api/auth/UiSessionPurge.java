package io.cyberbrain.api.auth;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Deletes expired web UI sessions, which no lookup would accept any more, so the table does not grow forever. */
@ApplicationScoped
public class UiSessionPurge {

    private static final Logger LOG = Logger.getLogger(UiSessionPurge.class);

    private final UiSessionStore sessions;

    public UiSessionPurge(UiSessionStore sessions) {
        this.sessions = sessions;
    }

    @Scheduled(every = "${cyberbrain.ui.purge-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return sessions.purgeExpired()
                .invoke(n -> {
                    if (n > 0) {
                        LOG.debugf("deleted %d expired web UI session(s)", n);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("purging expired web UI sessions failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
