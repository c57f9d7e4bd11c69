package io.cyberbrain.launcher.dispatch;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.launcher.LauncherIdentity;
import io.cyberbrain.launcher.execution.WorkerExecutor;
import io.cyberbrain.launcher.host.HostIdentity;
import io.cyberbrain.launcher.host.HostRegistry;
import io.cyberbrain.launcher.job.JobRunner;
import io.cyberbrain.launcher.job.LauncherStore;
import io.cyberbrain.launcher.job.RunFinisher;
import io.cyberbrain.model.claim.ClaimWork;
import io.cyberbrain.model.claim.ConsumerLiveness;
import io.cyberbrain.model.claim.LeaseClaimer;
import io.cyberbrain.model.claim.QueueConsumer;
import io.cyberbrain.model.claim.QueueConsumers;
import io.cyberbrain.model.claim.QueueSettings;
import io.cyberbrain.model.run.RunEvents;
import io.cyberbrain.model.run.RunJobClaims;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

/**
 * Claims pending run jobs and runs them, up to the configured concurrency, through a {@link QueueConsumer}. Its
 * own part: removing orphaned workers at start, stopping the worker of a job whose lease was lost or whose run was
 * cancelled, finishing the runs of jobs given up by recovery, and stopping its workers when it shuts down.
 */
@ApplicationScoped
public class JobDispatcher implements ClaimWork {

    private static final Logger LOG = Logger.getLogger(JobDispatcher.class);

    private final JobRunner runner;
    private final LauncherStore store;
    private final RunFinisher finisher;
    private final WorkerExecutor executor;
    private final LauncherConfig config;
    private final String owner;
    private final Vertx vertx;
    private final QueueConsumer consumer;
    private final HostRegistry host;

    public JobDispatcher(QueueConsumers consumers, JobRunner runner, LauncherStore store, RunFinisher finisher,
                         WorkerExecutor executor, LauncherConfig config, LauncherIdentity identity, Vertx vertx,
                         HostIdentity hostIdentity, HostRegistry host) {
        this.runner = runner;
        this.store = store;
        this.finisher = finisher;
        this.executor = executor;
        this.config = config;
        this.owner = identity.name();
        this.vertx = vertx;
        this.host = host;
        // Only the jobs meant for this host: targeted at it, or at labels it has, or at any host; none while it drains.
        this.consumer = consumers.create(new QueueSettings("job", RunJobClaims.SPEC, owner, config.concurrency(),
                new QueueSettings.Timing(config.lease(), config.heartbeatInterval(), config.pollInterval(),
                        config.livenessIntervals()),
                Optional.of(RunEvents.JOBS_CHANNEL), QueueSettings.OnStop.GIVE_BACK,
                RunJobClaims.forHost(hostIdentity.name())), this);
    }

    void onStart(@Observes StartupEvent event) {
        // The host is registered (shown, targetable) even when this instance claims nothing; claims need its row.
        host.register();
        if (!config.enabled()) {
            LOG.info("worker-launcher disabled (cyberbrain.launcher.enabled=false): claiming no jobs");
            return;
        }
        int orphans = executor.removeOrphans(store.runningJobIds(),
                (launch, e, ref, detail) -> LOG.infof("removed orphaned worker %s", ref));
        if (orphans > 0) {
            LOG.infof("removed %d orphaned worker(s) at start", orphans);
        }
        consumer.start();
        LOG.infof("worker-launcher %s: executor %s, %d at a time", owner, executor.kind(), config.concurrency());
    }

    @Override
    public void run(long jobId) {
        runner.execute(jobId);
    }

    @Override
    public void leaseLost(long jobId) {
        LOG.warnf("stopping the worker of job %d: its lease was lost", jobId);
        executor.kill(jobId);
    }

    @Override
    public void recovered(LeaseClaimer.Recovery recovery) {
        store.runIdsOfJobs(recovery.givenUp()).forEach(finisher::finishIfDone);
    }

    @Override
    public void stopping(List<Long> inFlight) {
        // Given back already, so the killed workers' endings are fenced out and another launcher reruns the jobs.
        inFlight.forEach(executor::kill);
    }

    @Override
    public Map<String, Consumer<String>> listens() {
        return Map.of(RunEvents.CANCEL_CHANNEL, this::onCancel);
    }

    private void onCancel(String runIdPayload) {
        long runId;
        try {
            runId = Long.parseLong(runIdPayload.trim());
        } catch (NumberFormatException e) {
            return;
        }
        // Off the event loop, and not on the job threads: those may all be busy running jobs.
        vertx.executeBlocking(() -> {
            store.runningJobsOfRun(runId).stream().filter(consumer::isInFlight).forEach(executor::kill);
            return null;
        }, false).subscribe().with(ok -> { }, e -> LOG.warnf("stopping the workers of cancelled run %d failed: %s", runId,
                e.getMessage()));
    }

    /** For readiness: whether the job consumer still claims and heart-beats. */
    public ConsumerLiveness liveness() {
        return config.enabled() ? consumer.liveness() : ConsumerLiveness.DISABLED;
    }

    void onStop(@Observes ShutdownEvent event) {
        consumer.stop();
    }
}
