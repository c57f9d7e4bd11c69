package io.cyberbrain.launcher.notify;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.launcher.LauncherIdentity;
import io.cyberbrain.launcher.metrics.LauncherMetrics;
import io.cyberbrain.launcher.notify.NotificationStore.Claimed;
import io.cyberbrain.model.claim.ClaimWork;
import io.cyberbrain.model.claim.ConsumerLiveness;
import io.cyberbrain.model.claim.QueueConsumer;
import io.cyberbrain.model.claim.QueueConsumers;
import io.cyberbrain.model.claim.QueueSettings;
import io.cyberbrain.model.notification.DeliveryResult;
import io.cyberbrain.model.notification.NotificationDelivery;
import io.cyberbrain.model.notification.RunNotificationClaims;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Sends queued run notifications: claims them one at a time (so a lease only has to outlive one send, and
 * two launchers never send the same one), delivers, and records sent, a retry after a backoff, or failed
 * once the attempts are used up or the target rejected it for good. A {@link QueueConsumer} with one thread
 * claims them, woken by polling and by {@link NotificationOutbox} when a run ends.
 *
 * <p>Delivery is at least once: a launcher that dies between sending and recording leaves a lease that
 * expires, and the notification is sent again.
 */
@ApplicationScoped
public class NotificationDispatcher implements ClaimWork {

    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);

    private final NotificationStore store;
    private final NotificationDelivery delivery;
    private final NotificationsConfig config;
    private final Backoff backoff;
    private final Clock clock;
    private final LauncherMetrics metrics;
    private final String owner;
    private final QueueConsumer consumer;

    public NotificationDispatcher(QueueConsumers consumers, NotificationStore store, NotificationDelivery delivery,
                                  NotificationsConfig config, LauncherConfig launcherConfig, Clock clock,
                                  LauncherIdentity identity, LauncherMetrics metrics) {
        this.store = store;
        this.delivery = delivery;
        this.config = config;
        this.backoff = new Backoff(config.backoff(), config.maxBackoff());
        this.clock = clock;
        this.metrics = metrics;
        this.owner = identity.name();
        // Recovery (which also ends backoffs) runs as often as polling; one thread, so one send at a time.
        this.consumer = consumers.create(new QueueSettings("notification", RunNotificationClaims.SPEC, owner, 1,
                new QueueSettings.Timing(config.lease(), config.pollInterval(), config.pollInterval(),
                        launcherConfig.livenessIntervals()),
                Optional.empty(), QueueSettings.OnStop.FINISH), this);
    }

    void onStart(@Observes StartupEvent event) {
        consumer.start();
    }

    /** Sends what is due soon; called when a run ended and queued notifications. */
    public void wake() {
        consumer.wake();
    }

    /** For readiness: whether the notification consumer still claims and heart-beats. */
    public ConsumerLiveness liveness() {
        return consumer.liveness();
    }

    @Override
    public void run(long id) {
        store.load(id, owner).ifPresent(this::send);
    }

    private void send(Claimed n) {
        DeliveryResult result = !n.targetEnabled()
                ? DeliveryResult.permanent("the target was disabled before the notification was sent")
                : n.notice() != null ? delivery.deliver(n.kind(), n.config(), n.notice())
                : delivery.deliver(n.kind(), n.config(), n.investigationNotice());
        int attempts = n.attempts() + 1;
        if (result.isSent()) {
            store.markSent(n.id(), owner, attempts);
            metrics.notification(n.kind().wire(), "sent");
            LOG.infof("notification of %s sent to target %d (%s)", n.subject(), n.targetId(), n.kind().wire());
        } else if (result.isRetryable() && attempts < config.maxAttempts()) {
            var wait = backoff.delay(attempts, result.retryAfter());
            store.park(n.id(), owner, attempts, result.reason(), clock.instant().plus(wait));
            metrics.notification(n.kind().wire(), "retried");
            LOG.warnf("notification of %s to target %d failed (attempt %d of %d), retrying in %s: %s", n.subject(),
                    n.targetId(), attempts, config.maxAttempts(), wait, result.reason());
        } else {
            String reason = result.isRetryable() ? result.reason() + " (gave up after " + attempts + " attempts)" : result.reason();
            store.markFailed(n.id(), owner, attempts, reason);
            metrics.notification(n.kind().wire(), "failed");
            LOG.warnf("notification of %s to target %d failed: %s", n.subject(), n.targetId(), reason);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        // A send in progress may finish and be recorded; one still running after a grace is sent again later.
        consumer.stop();
    }
}
