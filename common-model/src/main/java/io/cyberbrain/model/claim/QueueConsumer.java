package io.cyberbrain.model.claim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.cyberbrain.model.claim.QueueSettings.OnStop;

/**
 * Consumes one lease-claimed queue: a {@link ClaimPump} on threads of its own, woken by NOTIFY, by polling and
 * whenever a row ends; a timer thread that extends the leases it holds and recovers those whose holder died; on
 * stop, its rows given back. Readiness follows the timer ({@link #liveness()}). What is claimed and what is done
 * with a claim are the feature's: {@link QueueSettings#spec()} and {@link ClaimWork}. Built by {@link QueueConsumers}.
 */
public final class QueueConsumer {

    private static final Logger LOG = Logger.getLogger(QueueConsumer.class);
    private static final Duration FINISH_GRACE = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final long FIRST_HEARTBEAT_MILLIS = 1_000L;

    private final LeaseClaimer claimer;
    private final PgListener listener;
    private final Clock clock;
    private final QueueSettings settings;
    private final QueueSettings.Timing timing;
    private final ClaimWork work;

    private volatile boolean accepting;
    private volatile Instant lastHeartbeat;
    private volatile Instant lastPoll;
    private volatile ClaimPump pump;
    private ExecutorService workers;
    private ScheduledExecutorService timer;
    private PgListener.Subscription subscription;

    QueueConsumer(LeaseClaimer claimer, PgListener listener, Clock clock, QueueSettings settings, ClaimWork work) {
        this.claimer = claimer;
        this.listener = listener;
        this.clock = clock;
        this.settings = settings;
        this.timing = settings.timing();
        this.work = work;
    }

    /** Starts claiming: threads, LISTEN, timer, and a first look at the queue. Once. */
    public synchronized void start() {
        if (pump != null) {
            return;
        }
        workers = Executors.newFixedThreadPool(settings.threads(), daemon("cyberbrain-" + settings.name()));
        timer = Executors.newSingleThreadScheduledExecutor(daemon("cyberbrain-" + settings.name() + "-lease"));
        pump = new ClaimPump(claimer, settings.spec(), settings.filter(), settings.owner(), timing.lease(), settings.threads(),
                workers, work::run, settings.name() + "s");
        lastHeartbeat = clock.instant();
        lastPoll = lastHeartbeat;
        accepting = true;
        Map<String, Consumer<String>> channels = new HashMap<>(work.listens());
        settings.wakeChannel().ifPresent(channel -> channels.put(channel, payload -> wake()));
        if (!channels.isEmpty()) {
            subscription = listener.listen(channels, this::wake, "polling every " + timing.pollInterval());
        }
        long heartbeat = timing.heartbeatInterval().toMillis();
        long poll = timing.pollInterval().toMillis();
        // Fixed delay on one thread: a slow round delays the next instead of piling up behind it.
        timer.scheduleWithFixedDelay(this::heartbeatAndRecover, Math.min(FIRST_HEARTBEAT_MILLIS, heartbeat), heartbeat,
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
        wake();
    }

    /** Claims as many rows as there are free threads; wakes during a claim cause one more. Never blocks. */
    public void wake() {
        if (accepting) {
            pump.wake();
        }
    }

    /** The rows this instance is working on now. */
    public Set<Long> inFlight() {
        ClaimPump p = pump;
        return p == null ? Set.of() : p.inFlight();
    }

    public boolean isInFlight(long id) {
        ClaimPump p = pump;
        return p != null && p.isInFlight(id);
    }

    void poll() {
        try {
            wake();
            lastPoll = clock.instant();
        } catch (Throwable t) {
            // Never out of the timer, which would cancel the polling for good; readiness tells if no round succeeds.
            LOG.errorf(t, "polling for %ss failed", settings.name());
        }
    }

    void heartbeatAndRecover() {
        if (!accepting) {
            return;
        }
        try {
            heartbeat();
            recover();
            lastHeartbeat = clock.instant();
        } catch (Throwable t) {
            if (accepting) { // else stop() interrupted it
                LOG.errorf(t, "%s heartbeat failed", settings.name());
            }
        }
    }

    private void heartbeat() {
        List<Long> mine = List.copyOf(inFlight());
        List<Long> held = claimer.heartbeat(settings.spec(), settings.owner(), mine, timing.lease()).await().indefinitely();
        for (Long id : mine) {
            if (!held.contains(id) && pump.isInFlight(id)) {
                LOG.warnf("lease of %s %d lost", settings.name(), id);
                work.leaseLost(id);
            }
        }
    }

    private void recover() {
        LeaseClaimer.Recovery recovery = claimer.recoverExpired(settings.spec()).await().indefinitely();
        if (!recovery.isEmpty()) {
            LOG.infof("recovered expired %s leases: requeued %s, given up %s", settings.name(), recovery.requeued(),
                    recovery.givenUp());
            work.recovered(recovery);
            wake();
        }
    }

    /**
     * Alive while the heartbeat and the polling each succeeded within {@code livenessIntervals} of their intervals and
     * the threads take work: a timer stuck on a database that does not answer means this instance claims nothing more.
     */
    public ConsumerLiveness liveness() {
        Instant beat = lastHeartbeat;
        Instant polled = lastPoll;
        Instant now = clock.instant();
        String problem = null;
        if (pump == null || beat == null) {
            problem = "not started";
        } else if (workers.isShutdown() || timer.isShutdown()) {
            problem = "the " + settings.name() + " consumer's threads were shut down";
        } else if (stale(beat, timing.heartbeatInterval(), now)) {
            problem = "no successful heartbeat since " + beat;
        } else if (stale(polled, timing.pollInterval(), now)) {
            problem = "no poll since " + polled;
        }
        return new ConsumerLiveness(true, problem == null, beat, polled, problem);
    }

    private boolean stale(Instant last, Duration interval, Instant now) {
        return last.plus(interval.multipliedBy(timing.livenessIntervals())).isBefore(now);
    }

    /** Claims nothing more and hands the rows in flight over as {@link QueueSettings#onStop()} says; blocking. */
    public synchronized void stop() {
        accepting = false;
        if (pump == null) {
            return;
        }
        pump.stopAccepting();
        timer.shutdownNow();
        if (settings.onStop() == OnStop.FINISH) {
            workers.shutdown();
            awaitTermination(FINISH_GRACE);
        }
        giveBack();
        if (subscription != null) {
            subscription.close();
        }
        if (settings.onStop() == OnStop.GIVE_BACK_AND_INTERRUPT) {
            workers.shutdownNow();
        } else {
            workers.shutdown();
        }
        if (settings.onStop() != OnStop.FINISH) {
            awaitTermination(STOP_GRACE);
        }
    }

    private void giveBack() {
        List<Long> mine = List.copyOf(pump.inFlight());
        if (mine.isEmpty()) {
            return;
        }
        try {
            // Given back first (attempt not counted), so that what the running work still writes is fenced out.
            List<Long> released = claimer.release(settings.spec(), settings.owner(), mine).await().indefinitely();
            LOG.infof("shutting down: released %ss %s", settings.name(), released);
        } catch (RuntimeException e) {
            LOG.warnf("shutting down: releasing %ss %s failed (%s); their leases expire", settings.name(), mine, e.getMessage());
        }
        work.stopping(mine);
    }

    private void awaitTermination(Duration grace) {
        try {
            workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
