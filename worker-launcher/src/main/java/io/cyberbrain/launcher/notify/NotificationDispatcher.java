package io.cyberbrain.launcher.notify;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.cyberbrain.launcher.LauncherIdentity;
import io.cyberbrain.launcher.metrics.LauncherMetrics;
import io.cyberbrain.launcher.notify.NotificationStore.Claimed;
import io.cyberbrain.model.claim.LeaseClaimer;
import io.cyberbrain.model.notification.DeliveryResult;
import io.cyberbrain.model.notification.NotificationDelivery;
import io.cyberbrain.model.notification.RunNotificationClaims;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Sends queued run notifications: claims them one at a time (so a lease only has to outlive one send, and
 * two launchers never send the same one), delivers, and records sent, a retry after a backoff, or failed
 * once the attempts are used up or the target rejected it for good. Rounds run on one thread of their
 * own, woken by polling and by {@link NotificationOutbox} when a run ends.
 *
 * <p>Delivery is at least once: a launcher that dies between sending and recording leaves a lease that
 * expires, and the notification is sent again.
 */
@ApplicationScoped
public class NotificationDispatcher {

    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);

    private final LeaseClaimer claimer;
    private final NotificationStore store;
    private final NotificationDelivery delivery;
    private final NotificationsConfig config;
    private final Backoff backoff;
    private final Clock clock;
    private final LauncherMetrics metrics;
    private final String owner;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile boolean accepting;
    private ExecutorService thread;

    public NotificationDispatcher(LeaseClaimer claimer, NotificationStore store, NotificationDelivery delivery,
                                  NotificationsConfig config, Clock clock, LauncherIdentity identity, LauncherMetrics metrics) {
        this.claimer = claimer;
        this.store = store;
        this.delivery = delivery;
        this.config = config;
        this.backoff = new Backoff(config.backoff(), config.maxBackoff());
        this.clock = clock;
        this.metrics = metrics;
        this.owner = identity.name();
    }

    void onStart(@Observes StartupEvent event) {
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cyberbrain-notify");
            t.setDaemon(true);
            return t;
        });
        accepting = true;
    }

    @Scheduled(every = "${cyberbrain.notifications.poll-interval:10s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    /** Asks for a round soon; a wake during a round causes one more round, never two at once. */
    public void wake() {
        if (!accepting) {
            return;
        }
        wanted.set(true);
        if (running.compareAndSet(false, true)) {
            thread.execute(this::rounds);
        }
    }

    private void rounds() {
        try {
            while (accepting && wanted.getAndSet(false)) {
                dispatchDue();
            }
        } catch (RuntimeException e) {
            LOG.warnf("sending notifications failed: %s", e.getMessage());
        } finally {
            running.set(false);
        }
        if (wanted.get()) {
            wake(); // a wake that came after the loop's last check
        }
    }

    /** One round: make parked and abandoned notifications ready, then send what is due. */
    void dispatchDue() {
        claimer.recoverExpired(RunNotificationClaims.SPEC).await().indefinitely();
        int tried = 0;
        while (accepting && tried < config.batchLimit()) {
            List<Long> ids = claimer.claim(RunNotificationClaims.SPEC, owner, config.lease(), 1).await().indefinitely();
            if (ids.isEmpty()) {
                break;
            }
            store.load(ids.get(0), owner).ifPresent(this::send);
            tried++;
        }
    }

    private void send(Claimed n) {
        DeliveryResult result = n.targetEnabled() ? delivery.deliver(n.kind(), n.config(), n.notice())
                : DeliveryResult.permanent("the target was disabled before the notification was sent");
        int attempts = n.attempts() + 1;
        if (result.isSent()) {
            store.markSent(n.id(), owner, attempts);
            metrics.notification(n.kind().wire(), "sent");
            LOG.infof("notification of run %d sent to target %d (%s)", n.runId(), n.targetId(), n.kind().wire());
        } else if (result.isRetryable() && attempts < config.maxAttempts()) {
            var wait = backoff.delay(attempts, result.retryAfter());
            store.park(n.id(), owner, attempts, result.reason(), clock.instant().plus(wait));
            metrics.notification(n.kind().wire(), "retried");
            LOG.warnf("notification of run %d to target %d failed (attempt %d of %d), retrying in %s: %s", n.runId(),
                    n.targetId(), attempts, config.maxAttempts(), wait, result.reason());
        } else {
            String reason = result.isRetryable() ? result.reason() + " (gave up after " + attempts + " attempts)" : result.reason();
            store.markFailed(n.id(), owner, attempts, reason);
            metrics.notification(n.kind().wire(), "failed");
            LOG.warnf("notification of run %d to target %d failed: %s", n.runId(), n.targetId(), reason);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        accepting = false;
        if (thread != null) {
            // Let a send in progress finish and be recorded; an unfinished one is retried after its lease expires.
            thread.shutdown();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
