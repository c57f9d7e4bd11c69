package io.cyberbrain.launcher.notify;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cyberbrain.model.notification.NotificationEvent;
import io.cyberbrain.model.run.RunStatus;
import io.cyberbrain.model.support.WireEnum;

/**
 * Where a run's end becomes notifications: one {@code run_notification} row per enabled target subscribed
 * to the outcome, written at most once per run and target, then sent by {@link NotificationDispatcher}.
 */
@ApplicationScoped
public class NotificationOutbox {

    private static final Logger LOG = Logger.getLogger(NotificationOutbox.class);

    private final NotificationStore store;
    private final NotificationDispatcher dispatcher;

    public NotificationOutbox(NotificationStore store, NotificationDispatcher dispatcher) {
        this.store = store;
        this.dispatcher = dispatcher;
    }

    /**
     * Queues the notifications of a run that just ended with {@code status} ({@code success}, {@code failed},
     * {@code cancelled}); other statuses queue nothing. Blocking. Never throws: a notification problem must not
     * undo or disturb the ending of the run itself.
     */
    public void runEnded(long runId, String status) {
        Optional<NotificationEvent> event = WireEnum.parse(RunStatus.class, status).flatMap(NotificationEvent::of);
        if (event.isEmpty()) {
            LOG.warnf("run %d: status %s is not an ending; no notifications", runId, status);
            return;
        }
        try {
            int queued = store.enqueue(runId, event.get().wire());
            if (queued > 0) {
                LOG.infof("run %d %s: %d notification(s) queued", runId, status, queued);
                dispatcher.wake();
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %d: queueing notifications failed", runId);
        }
    }
}
