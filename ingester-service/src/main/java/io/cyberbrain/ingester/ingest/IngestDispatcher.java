package io.cyberbrain.ingester.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.cyberbrain.model.claim.ClaimPump;
import io.cyberbrain.model.claim.LeaseClaimer;
import io.cyberbrain.model.rag.RagEvents;
import io.cyberbrain.model.rag.UploadClaims;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Claims queued uploads and ingests them, up to the configured concurrency: woken at once by NOTIFY
 * (the API's upload), by polling when a notification was missed, and whenever an upload ends. Holds its
 * leases with heartbeats, recovers uploads whose ingester died, and gives its uploads back when it shuts
 * down. The same shape as the worker-launcher's JobDispatcher.
 */
@ApplicationScoped
public class IngestDispatcher {

    private static final Logger LOG = Logger.getLogger(IngestDispatcher.class);

    private final LeaseClaimer claimer;
    private final UploadIngester ingester;
    private final IngestConfig config;
    private final String owner;
    private final Vertx vertx;
    private final PgConnectOptions listenOptions;

    private final Clock clock;

    private volatile boolean accepting;
    private volatile Instant lastHeartbeat;
    private volatile Instant lastPoll;
    private ExecutorService workers;
    private ClaimPump pump;
    private PgSubscriber subscriber;

    public IngestDispatcher(LeaseClaimer claimer, UploadIngester ingester, IngestConfig config, IngesterIdentity identity,
                            Vertx vertx, Clock clock,
                            @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
                            @ConfigProperty(name = "quarkus.datasource.username") String user,
                            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password) {
        this.claimer = claimer;
        this.ingester = ingester;
        this.config = config;
        this.owner = identity.name();
        this.vertx = vertx;
        this.clock = clock;
        this.listenOptions = PgConnectOptions.fromUri(reactiveUrl).setUser(user).setPassword(password.orElse(""));
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("ingester disabled (cyberbrain.ingest.enabled=false): claiming no uploads");
            return;
        }
        // Tika, ONNX and file reads block: never on the event loop, always on these threads.
        workers = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "cyberbrain-ingest");
            t.setDaemon(true);
            return t;
        });
        pump = new ClaimPump(claimer, UploadClaims.SPEC, owner, config.lease(), config.concurrency(), workers,
                uploadId -> ingester.ingest(uploadId, owner), "uploads");
        subscriber = PgSubscriber.subscriber(vertx, listenOptions).reconnectPolicy(retries -> 1_000L);
        subscriber.channel(RagEvents.UPLOADS_CHANNEL).handler(payload -> wake());
        subscriber.connect().subscribe().with(ok -> wake(),
                e -> LOG.warnf("LISTEN failed (%s); polling every %s", e.getMessage(), config.pollInterval()));
        lastHeartbeat = clock.instant();
        lastPoll = lastHeartbeat;
        accepting = true;
        LOG.infof("ingester %s: %d upload(s) at a time", owner, config.concurrency());
        wake();
    }

    @Scheduled(every = "${cyberbrain.ingest.poll-interval}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            wake();
            lastPoll = clock.instant();
        } catch (Throwable t) {
            // Never out of the scheduler: the next round tries again, and readiness tells if none succeeds.
            LOG.errorf(t, "polling for uploads failed");
        }
    }

    @Scheduled(every = "${cyberbrain.ingest.heartbeat-interval}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeatAndRecover() {
        if (!accepting) {
            return;
        }
        try {
            heartbeat();
            lastHeartbeat = clock.instant();
        } catch (Throwable t) {
            LOG.errorf(t, "upload heartbeat failed");
        }
    }

    private void heartbeat() {
        List<Long> mine = List.copyOf(inFlight());
        List<Long> held = claimer.heartbeat(UploadClaims.SPEC, owner, mine, config.lease()).await().indefinitely();
        for (Long lost : mine) {
            if (!held.contains(lost) && pump.isInFlight(lost)) {
                // Its next fenced write will fail and the attempt stops; nothing of it is stored.
                LOG.warnf("lease of upload %d lost", lost);
            }
        }
        var recovery = claimer.recoverExpired(UploadClaims.SPEC).await().indefinitely();
        if (!recovery.isEmpty()) {
            LOG.infof("recovered expired upload leases: requeued %s, given up %s", recovery.requeued(), recovery.givenUp());
            wake();
        }
    }

    /** Whether this consumer still works: when its heartbeat and its polling last succeeded, and its threads. */
    public record Liveness(boolean enabled, boolean alive, Instant lastHeartbeat, Instant lastPoll, String problem) {
    }

    /**
     * Alive while the heartbeat and the polling each ran within {@code liveness-intervals} of their intervals and
     * the worker threads take work; the scheduler thread that runs both can die (an Error thrown on it), and then
     * this instance claims nothing more.
     */
    public Liveness liveness() {
        if (!config.enabled()) {
            return new Liveness(false, true, null, null, null);
        }
        Instant now = clock.instant();
        Instant beat = lastHeartbeat;
        Instant polled = lastPoll;
        String problem = null;
        if (beat == null || workers == null) {
            problem = "not started";
        } else if (workers.isShutdown()) {
            problem = "the ingest worker threads were shut down";
        } else if (stale(beat, config.heartbeatInterval(), now)) {
            problem = "no successful heartbeat since " + beat;
        } else if (stale(polled, config.pollInterval(), now)) {
            problem = "no poll since " + polled;
        }
        return new Liveness(true, problem == null, beat, polled, problem);
    }

    private boolean stale(Instant last, Duration interval, Instant now) {
        return last.plus(interval.multipliedBy(Math.max(1, config.livenessIntervals()))).isBefore(now);
    }

    /** This instance's name in leases. */
    public String owner() {
        return owner;
    }

    /** Claims as many uploads as there are free slots. */
    public void wake() {
        if (accepting) {
            pump.wake();
        }
    }

    /** Uploads this instance is ingesting now. */
    public Set<Long> inFlight() {
        return pump == null ? Set.of() : pump.inFlight();
    }

    void onStop(@Observes ShutdownEvent event) {
        accepting = false;
        if (pump != null) {
            pump.stopAccepting();
        }
        List<Long> mine = List.copyOf(inFlight());
        if (!mine.isEmpty()) {
            // Given back at once (attempt not counted); the running attempts are fenced out from here on.
            List<Long> released = claimer.release(UploadClaims.SPEC, owner, mine).await().indefinitely();
            LOG.infof("shutting down: released uploads %s", released);
        }
        if (subscriber != null) {
            subscriber.close().await().indefinitely();
        }
        if (workers != null) {
            workers.shutdownNow();
            try {
                workers.awaitTermination(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
