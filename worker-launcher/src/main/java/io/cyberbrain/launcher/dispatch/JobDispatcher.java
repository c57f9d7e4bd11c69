package io.cyberbrain.launcher.dispatch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.launcher.LauncherIdentity;
import io.cyberbrain.launcher.execution.WorkerExecutor;
import io.cyberbrain.launcher.job.JobRunner;
import io.cyberbrain.launcher.job.LauncherStore;
import io.cyberbrain.launcher.job.RunFinisher;
import io.cyberbrain.model.claim.ClaimPump;
import io.cyberbrain.model.claim.LeaseClaimer;
import io.cyberbrain.model.run.RunEvents;
import io.cyberbrain.model.run.RunJobClaims;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Claims pending run jobs and runs them, up to the configured concurrency: woken at once by NOTIFY, by
 * polling when a notification was missed, and whenever a job ends. Holds its leases with heartbeats,
 * recovers jobs whose launcher died, stops the workers of cancelled runs, and gives its jobs back when it
 * shuts down.
 */
@ApplicationScoped
public class JobDispatcher {

    private static final Logger LOG = Logger.getLogger(JobDispatcher.class);

    private final LeaseClaimer claimer;
    private final JobRunner runner;
    private final LauncherStore store;
    private final RunFinisher finisher;
    private final WorkerExecutor executor;
    private final LauncherConfig config;
    private final String owner;
    private final Vertx vertx;
    private final PgConnectOptions listenOptions;

    private volatile boolean accepting;
    private ExecutorService workers;
    private ClaimPump pump;
    private PgSubscriber subscriber;

    public JobDispatcher(LeaseClaimer claimer, JobRunner runner, LauncherStore store, RunFinisher finisher, WorkerExecutor executor,
                         LauncherConfig config, LauncherIdentity identity, Vertx vertx,
                         @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
                         @ConfigProperty(name = "quarkus.datasource.username") String user,
                         @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password) {
        this.claimer = claimer;
        this.runner = runner;
        this.store = store;
        this.finisher = finisher;
        this.executor = executor;
        this.config = config;
        this.owner = identity.name();
        this.vertx = vertx;
        this.listenOptions = PgConnectOptions.fromUri(reactiveUrl).setUser(user).setPassword(password.orElse(""));
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("worker-launcher disabled (cyberbrain.launcher.enabled=false): claiming no jobs");
            return;
        }
        workers = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "cyberbrain-job");
            t.setDaemon(true);
            return t;
        });
        int orphans = executor.removeOrphans(store.runningJobIds(),
                (launch, e, ref, detail) -> LOG.infof("removed orphaned worker %s", ref));
        if (orphans > 0) {
            LOG.infof("removed %d orphaned worker(s) at start", orphans);
        }
        pump = new ClaimPump(claimer, RunJobClaims.SPEC, owner, config.lease(), config.concurrency(), workers, runner::execute,
                "jobs");
        subscriber = PgSubscriber.subscriber(vertx, listenOptions).reconnectPolicy(retries -> 1_000L);
        subscriber.channel(RunEvents.JOBS_CHANNEL).handler(payload -> wake());
        subscriber.channel(RunEvents.CANCEL_CHANNEL).handler(this::onCancel);
        subscriber.connect().subscribe().with(ok -> wake(),
                e -> LOG.warnf("LISTEN failed (%s); polling every %s", e.getMessage(), config.pollInterval()));
        accepting = true;
        LOG.infof("worker-launcher %s: executor %s, %d at a time", owner, executor.kind(), config.concurrency());
        wake();
    }

    @Scheduled(every = "${cyberbrain.launcher.poll-interval}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    @Scheduled(every = "${cyberbrain.launcher.heartbeat-interval}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeatAndRecover() {
        if (!accepting) {
            return;
        }
        List<Long> mine = List.copyOf(inFlight());
        List<Long> held = claimer.heartbeat(RunJobClaims.SPEC, owner, mine, config.lease()).await().indefinitely();
        for (Long lost : mine) {
            if (!held.contains(lost) && pump.isInFlight(lost)) {
                LOG.warnf("lease of job %d lost; stopping its worker", lost);
                executor.kill(lost);
            }
        }
        var recovery = claimer.recoverExpired(RunJobClaims.SPEC).await().indefinitely();
        if (!recovery.isEmpty()) {
            LOG.infof("recovered expired leases: requeued %s, given up %s", recovery.requeued(), recovery.givenUp());
            store.runIdsOfJobs(recovery.givenUp()).forEach(finisher::finishIfDone);
            wake();
        }
    }

    private void onCancel(String runIdPayload) {
        long runId;
        try {
            runId = Long.parseLong(runIdPayload.trim());
        } catch (NumberFormatException e) {
            return;
        }
        workers.submit(() -> store.runningJobsOfRun(runId).stream().filter(pump::isInFlight).forEach(executor::kill));
    }

    /** Claims as many jobs as there are free slots. */
    public void wake() {
        if (accepting) {
            pump.wake();
        }
    }

    /** Jobs this instance is running now. */
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
            // Give the jobs back first, so the killed workers' endings are fenced out and another launcher reruns them.
            List<Long> released = claimer.release(RunJobClaims.SPEC, owner, mine).await().indefinitely();
            LOG.infof("shutting down: released %s", released);
            mine.forEach(executor::kill);
        }
        if (subscriber != null) {
            subscriber.close().await().indefinitely();
        }
        if (workers != null) {
            workers.shutdown();
            try {
                workers.awaitTermination(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
