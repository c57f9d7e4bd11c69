package io.cyberbrain.scheduler.fire;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.cyberbrain.model.claim.PgListener;
import io.cyberbrain.model.schedule.ScheduleEvents;
import io.cyberbrain.scheduler.SchedulerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;

/**
 * The scheduler's loop, on one thread of its own: fire everything due, then sleep until the earliest next due
 * time. It wakes early when a schedule changes (NOTIFY from the API), and polls as the fallback for a missed
 * notification. Any number of instances may run this loop on one database; {@link DueScheduleFirer} makes each
 * fire happen once.
 */
@ApplicationScoped
public class ScheduleDispatcher {

    private static final Logger LOG = Logger.getLogger(ScheduleDispatcher.class);
    private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(1);

    private final DueScheduleFirer firer;
    private final SchedulerConfig config;
    private final Clock clock;
    private final PgListener listener;
    private final AtomicBoolean wakePending = new AtomicBoolean();

    private ScheduledExecutorService loop;
    private ExecutorService drainers;
    private ScheduledFuture<?> timer;
    private PgListener.Subscription subscription;
    private volatile boolean running;

    public ScheduleDispatcher(DueScheduleFirer firer, SchedulerConfig config, Clock clock, PgListener listener) {
        this.firer = firer;
        this.config = config;
        this.clock = clock;
        this.listener = listener;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("scheduler disabled (cyberbrain.scheduler.enabled=false): firing no schedules");
            return;
        }
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cyberbrain-scheduler");
            t.setDaemon(true);
            return t;
        });
        if (config.concurrency() > 1) {
            AtomicInteger n = new AtomicInteger();
            drainers = Executors.newFixedThreadPool(config.concurrency(), r -> {
                Thread t = new Thread(r, "cyberbrain-scheduler-drain-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        running = true;
        long poll = config.pollInterval().toMillis();
        loop.scheduleWithFixedDelay(this::wake, poll, poll, TimeUnit.MILLISECONDS);
        subscription = listener.listen(Map.of(ScheduleEvents.CHANNEL, payload -> wake()), this::wake,
                "polling every " + config.pollInterval());
        LOG.infof("scheduler firing up to %d schedules per transaction, %d transactions at a time, polling every %s",
                config.batchSize(), config.concurrency(), config.pollInterval());
        wake();
    }

    /** Asks for a firing round; rounds never overlap, and wake-ups during a round cause one more. */
    public void wake() {
        if (running && wakePending.compareAndSet(false, true)) {
            loop.execute(this::round);
        }
    }

    private void round() {
        wakePending.set(false);
        if (!running) {
            return;
        }
        try {
            fireAllDue();
            armTimer(VertxContextSupport.subscribeAndAwait(firer::nextDue));
        } catch (Throwable e) {
            LOG.warnf("firing schedules failed: %s; retrying in %s", e.getMessage(), RETRY_AFTER_ERROR);
            armTimer(Optional.of(clock.instant().plus(RETRY_AFTER_ERROR)));
        }
    }

    /** Fires until nothing is due, with {@code concurrency} drainers; a round ends when all have run dry. */
    private void fireAllDue() throws Throwable {
        if (drainers == null) {
            drain();
            return;
        }
        List<Future<Throwable>> done = drainers.invokeAll(Collections.nCopies(config.concurrency(), () -> {
            try {
                drain();
                return null;
            } catch (Throwable failure) {
                return failure;
            }
        }));
        for (Future<Throwable> d : done) {
            if (d.get() != null) {
                throw d.get();
            }
        }
    }

    private void drain() throws Throwable {
        int batch = config.batchSize();
        while (running) {
            int fired;
            try {
                fired = VertxContextSupport.subscribeAndAwait(() -> firer.fireDue(batch));
            } catch (Throwable batchFailure) {
                fired = fireOneByOne(batchFailure);
            }
            if (fired < batch) {
                return;
            }
        }
    }

    /** After a failed batch: single fires, so that only a schedule that fails alone is recorded as failed. */
    private int fireOneByOne(Throwable batchFailure) throws Throwable {
        LOG.warnf("a batch of fires failed (%s); firing one at a time", batchFailure.getMessage());
        int fired = 0;
        while (running) {
            try {
                if (VertxContextSupport.subscribeAndAwait(() -> firer.fireDue(1)) == 0) {
                    return fired;
                }
            } catch (Throwable single) {
                String reason = "fire failed: " + single.getMessage();
                if (!VertxContextSupport.subscribeAndAwait(() -> firer.failFirstDue(reason))) {
                    return fired;
                }
            }
            fired++;
        }
        return fired;
    }

    private void armTimer(Optional<Instant> nextDue) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (nextDue.isEmpty() || !running) {
            return;
        }
        long delay = Duration.between(clock.instant(), nextDue.get()).toMillis();
        if (delay <= 0) {
            wake();
        } else if (delay < config.pollInterval().toMillis()) {
            timer = loop.schedule(this::wake, delay, TimeUnit.MILLISECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (loop != null) {
            // A round in progress finishes its transaction (or it rolls back); nothing is held beyond it.
            loop.shutdown();
            if (drainers != null) {
                drainers.shutdown();
            }
            try {
                loop.awaitTermination(10, TimeUnit.SECONDS);
                if (drainers != null) {
                    drainers.awaitTermination(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (subscription != null) {
            subscription.close();
        }
    }
}
