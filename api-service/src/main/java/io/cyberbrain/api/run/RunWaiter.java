package io.cyberbrain.api.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.run.RunQueryService.RunWithJobs;
import io.cyberbrain.model.run.JobStatus;
import io.cyberbrain.model.run.RunJob;
import io.cyberbrain.api.mcp.McpConfig;
import io.quarkiverse.mcp.server.Cancellation;
import io.quarkiverse.mcp.server.Progress;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Follows a run until it ends or a deadline passes, reporting progress (jobs finished out of jobs, a running job
 * counting half) to a client that sent a progress token. It re-reads the run on a Vert.x timer, so the waiting
 * holds no thread and each read runs on the request's context, where the reactive session lives.
 */
@ApplicationScoped
public class RunWaiter {

    private final RunQueryService queries;
    private final Vertx vertx;
    private final Clock clock;
    private final McpConfig config;

    public RunWaiter(RunQueryService queries, Vertx vertx, Clock clock, McpConfig config) {
        this.queries = queries;
        this.vertx = vertx;
        this.clock = clock;
        this.config = config;
    }

    /** The run when it ended, or as it stood when {@code timeout} (capped by config) ran out. */
    public Uni<RunWithJobs> awaitEnd(long runId, Duration timeout, Progress progress, Cancellation cancellation) {
        Duration bounded = timeout.compareTo(config.maxWait()) > 0 ? config.maxWait() : timeout;
        return poll(runId, clock.instant().plus(bounded), new ProgressReporter(progress), cancellation);
    }

    private Uni<RunWithJobs> poll(long runId, Instant deadline, ProgressReporter reporter, Cancellation cancellation) {
        // Each notification is sent before going on, so the last one reaches the client before the result does.
        return queries.get(runId).call(reporter::report).flatMap(current -> {
            cancellation.skipProcessingIfCancelled();
            if (current.run().status.isFinal() || !clock.instant().isBefore(deadline)) {
                return Uni.createFrom().item(current);
            }
            return delay(config.waitPollInterval()).flatMap(ignored -> poll(runId, deadline, reporter, cancellation));
        });
    }

    private Uni<Void> delay(Duration duration) {
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(Math.max(1, duration.toMillis()), id -> emitter.complete(null)));
    }

    /** Sends a notification only when progress moved forward, as the spec requires it to increase. */
    private static final class ProgressReporter {

        private final Progress progress;
        private double lastSent = -1;

        ProgressReporter(Progress progress) {
            this.progress = progress;
        }

        Uni<Void> report(RunWithJobs current) {
            if (progress == null || progress.token().isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            double done = 0;
            for (RunJob job : current.jobs()) {
                done += job.status.isFinal() ? 1 : job.status == JobStatus.RUNNING ? 0.5 : 0;
            }
            if (current.run().status.isFinal()) {
                done = current.jobs().size();
            }
            if (done <= lastSent) {
                return Uni.createFrom().voidItem();
            }
            lastSent = done;
            return progress.notificationBuilder().setProgress(done).setTotal(current.jobs().size())
                    .setMessage("run " + current.run().id + " " + current.run().status.wire() + ": "
                            + String.join(", ", current.jobs().stream().map(j -> j.taskKey.wire() + " " + j.status.wire()).toList()))
                    .build().send();
        }
    }
}
