package io.cyberbrain.model.run;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.error.ConflictException;
import io.cyberbrain.model.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Approve, deny and cancel: the state changes a person makes to a run after launch, as {@link RunTransitions} allows. */
@ApplicationScoped
public class RunDecisionService {

    private final Clock clock;
    private final RunEvents events;

    public RunDecisionService(Clock clock, RunEvents events) {
        this.clock = clock;
        this.events = events;
    }

    public Uni<Run> approve(long runId, String admin, String note) {
        return Panache.withTransaction(() -> awaitingApproval(runId).flatMap(run -> {
            run.status = RunStatus.PENDING;
            run.approvedBy = admin;
            run.approvedAt = clock.instant();
            run.decisionNote = note;
            // Waiting for a host starts now, not at launch: the unplaced-job timeout counts from here.
            return RunJob.update("status = ?1, queuedAt = ?4 where runId = ?2 and status = ?3",
                            JobStatus.PENDING, runId, JobStatus.AWAITING_APPROVAL, run.approvedAt)
                    .flatMap(n -> events.jobsPending(runId))
                    .replaceWith(run);
        }));
    }

    public Uni<Run> deny(long runId, String admin, String note) {
        return Panache.withTransaction(() -> awaitingApproval(runId).flatMap(run -> {
            Instant now = clock.instant();
            run.status = RunStatus.CANCELLED;
            run.deniedBy = admin;
            run.deniedAt = now;
            run.decisionNote = note;
            run.endedAt = now;
            run.errorSummary = "denied by " + admin;
            return cancelOpenJobs(runId, now).flatMap(n -> events.endedCancelled(runId, now)).replaceWith(run);
        }));
    }

    /**
     * Cancels a run that has not finished. Jobs not yet running end at once; running jobs are stopped by
     * the launcher that holds them, which ends the run when they are gone.
     */
    public Uni<Run> cancel(long runId, String who) {
        return Panache.withTransaction(() -> find(runId).flatMap(run -> {
            if (!RunTransitions.allowed(run.status, RunStatus.CANCELLED)) {
                throw new ConflictException("run " + runId + " already ended " + run.status.wire());
            }
            Instant now = clock.instant();
            run.cancelRequested = true;
            boolean endsNow = run.status != RunStatus.RUNNING;
            if (endsNow) {
                run.status = RunStatus.CANCELLED;
                run.endedAt = now;
                run.errorSummary = "cancelled by " + who;
            }
            return cancelOpenJobs(runId, now)
                    .flatMap(n -> events.cancelRequested(runId))
                    .flatMap(v -> endsNow ? events.endedCancelled(runId, now) : Uni.createFrom().voidItem())
                    .replaceWith(run);
        }));
    }

    private Uni<Integer> cancelOpenJobs(long runId, Instant now) {
        return RunJob.update("status = ?1, endedAt = ?2 where runId = ?3 and status in (?4, ?5)",
                JobStatus.CANCELLED, now, runId, JobStatus.PENDING, JobStatus.AWAITING_APPROVAL);
    }

    private Uni<Run> awaitingApproval(long runId) {
        return find(runId).map(run -> {
            // approve and deny both need a run still waiting: approval moves it on, so a second decision is refused
            RunTransitions.require(runId, run.status, RunStatus.PENDING, "not awaiting approval");
            return run;
        });
    }

    private static Uni<Run> find(long runId) {
        return Run.<Run>findById(runId).map(run -> {
            if (run == null) {
                throw new NotFoundException("run", runId);
            }
            return run;
        });
    }
}
