package io.cyberbrain.api.investigation;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cyberbrain.api.investigation.Evidence.RunState;
import io.cyberbrain.api.investigation.InvestigationState.Step;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.investigation.InvestigationClaims;
import io.cyberbrain.model.investigation.InvestigationStatus;
import io.cyberbrain.model.investigation.InvestigationTool;
import io.cyberbrain.model.investigation.PlannerKind;
import io.cyberbrain.model.investigation.StepStatus;
import io.cyberbrain.model.run.RunDecisionService;

/**
 * Advances one claimed investigation as far as it can go now: follows the run it waited for, then asks the planner
 * for steps and runs them until it has to wait again (a run), or it ends (the planner is done, a budget is used up,
 * it was cancelled). Every change is written at once and fenced by the lease, so the next engine to claim it reads
 * exactly where this one stopped.
 */
@ApplicationScoped
public class InvestigationStepper {

    private static final Logger LOG = Logger.getLogger(InvestigationStepper.class);

    private final InvestigationStore store;
    private final StepTools tools;
    private final Evidence evidence;
    private final Planners planners;
    private final RunDecisionService decisions;
    private final InvestigationOutbox outbox;
    private final Clock clock;

    public InvestigationStepper(InvestigationStore store, StepTools tools, Evidence evidence, Planners planners,
                                RunDecisionService decisions, InvestigationOutbox outbox, Clock clock) {
        this.store = store;
        this.tools = tools;
        this.evidence = evidence;
        this.planners = planners;
        this.decisions = decisions;
        this.outbox = outbox;
        this.clock = clock;
    }

    void advance(long id, String owner) {
        Optional<InvestigationState> loaded = store.load(id, owner);
        if (loaded.isEmpty()) {
            return; // taken over, or ended meanwhile
        }
        InvestigationState s = loaded.get();
        if (s.status() == InvestigationStatus.PLANNING) {
            Instant now = clock.instant();
            store.begin(id, owner, now, now.plusSeconds(s.maxWallSeconds()));
            s = reload(id, owner);
        }
        if (s == null) {
            return;
        }
        if (interrupted(s, owner)) {
            s = reload(id, owner);
            if (s == null) {
                return;
            }
        }
        if (s.cancelRequested()) {
            cancel(s, owner);
            return;
        }
        if (s.waitingRunId() != null) {
            if (!followRun(s, owner)) {
                return;
            }
            s = reload(id, owner);
        }
        while (s != null) {
            if (s.cancelRequested()) {
                cancel(s, owner);
                return;
            }
            if (s.pastDeadline(clock.instant())) {
                finish(s.id(), owner, InvestigationStatus.BUDGET_EXHAUSTED,
                        "the wall-time budget of " + s.maxWallSeconds() + " s was used up");
                return;
            }
            Decision decision = planners.next(s);
            if (!(decision instanceof Decision.Next next)) {
                if (ended(s, owner, decision)) {
                    return;
                }
            } else if (!step(s, owner, next)) {
                return;
            }
            s = reload(id, owner);
        }
    }

    /** A fallback is recorded and planning goes on; the other non-step answers end the investigation. */
    private boolean ended(InvestigationState s, String owner, Decision decision) {
        if (decision instanceof Decision.Fallback f) {
            store.addStep(s.id(), owner, s.nextPosition(), InvestigationTool.PLANNER_FALLBACK, PlannerKind.DETERMINISTIC,
                    Map.of(), StepStatus.DONE, f.reason(), f.tokens());
            LOG.infof("investigation %d: the model could not plan (%s); the deterministic planner takes over", s.id(),
                    f.reason());
            return false;
        }
        if (decision instanceof Decision.OverBudget o) {
            store.addTokens(s.id(), owner, o.tokens());
            finish(s.id(), owner, InvestigationStatus.BUDGET_EXHAUSTED, "the token budget of " + s.maxTokens()
                    + " was used up: the planner's call took the total to " + (s.totalTokens() + o.tokens().total()));
            return true;
        }
        store.addTokens(s.id(), owner, decision.tokens());
        finish(s.id(), owner, InvestigationStatus.COMPLETED, null);
        return true;
    }

    /** Runs one planned step; false when the investigation now sleeps on a run or ended. */
    private boolean step(InvestigationState s, String owner, Decision.Next next) {
        PlannedStep planned = next.step();
        if (s.stepsUsed() >= s.maxSteps()) {
            store.addStep(s.id(), owner, s.nextPosition(), planned.tool(), next.by(), planned.arguments(), StepStatus.NOT_RUN,
                    "the step budget of " + s.maxSteps() + " was used up", next.tokens());
            finish(s.id(), owner, InvestigationStatus.BUDGET_EXHAUSTED, "the step budget of " + s.maxSteps() + " was used up");
            return false;
        }
        Optional<Long> added = store.addStep(s.id(), owner, s.nextPosition(), planned.tool(), next.by(), planned.arguments(),
                StepStatus.RUNNING, null, next.tokens());
        if (added.isEmpty()) {
            return false; // lease lost
        }
        long stepId = added.get();
        StepTools.Result result = tools.run(s, planned);
        if (result instanceof StepTools.Refused r) {
            store.updateStep(s.id(), owner, stepId, StepStatus.FORBIDDEN, null, null, r.reason());
        } else if (result instanceof StepTools.Done d) {
            store.updateStep(s.id(), owner, stepId, d.failed() ? StepStatus.FAILED : StepStatus.DONE, null, d.outcome(), d.note());
        } else if (result instanceof StepTools.Launched l) {
            StepStatus status = l.awaitingApproval() ? StepStatus.AWAITING_APPROVAL : StepStatus.RUNNING;
            store.updateStep(s.id(), owner, stepId, status, l.runId(), null,
                    l.awaitingApproval() ? "run " + l.runId() + " awaits an admin's approval" : null);
            store.sleepOn(s.id(), owner, l.runId(), l.awaitingApproval() ? InvestigationStatus.AWAITING_APPROVAL
                    : InvestigationStatus.RUNNING);
            return false;
        }
        return true;
    }

    /**
     * The run it waited for: still waiting (asleep again, false), or moved on and recorded (true). Past the wall time,
     * a run still open is cancelled and its step not counted as done.
     */
    private boolean followRun(InvestigationState s, String owner) {
        long runId = s.waitingRunId();
        Optional<Step> step = s.waitingStep();
        Optional<RunState> run = evidence.run(runId);
        if (run.isEmpty() || step.isEmpty()) {
            step.ifPresent(st -> store.updateStep(s.id(), owner, st.id(), StepStatus.FAILED, null, null, "run " + runId + " was deleted"));
            return store.stopWaiting(s.id(), owner);
        }
        RunState r = run.get();
        long stepId = step.get().id();
        if (!r.status().isFinal()) {
            boolean approval = r.status() == io.cyberbrain.model.run.RunStatus.AWAITING_APPROVAL;
            if (s.pastDeadline(clock.instant())) {
                cancelRun(runId, s.id());
                store.updateStep(s.id(), owner, stepId, StepStatus.NOT_RUN, null, null, "the wall-time budget ran out while run "
                        + runId + (approval ? " awaited approval" : " was " + r.status().wire()) + "; the run was cancelled");
                return store.stopWaiting(s.id(), owner);
            }
            store.updateStep(s.id(), owner, stepId, approval ? StepStatus.AWAITING_APPROVAL : StepStatus.RUNNING, null, null,
                    approval ? "run " + runId + " awaits an admin's approval" : null);
            store.sleepOn(s.id(), owner, runId, approval ? InvestigationStatus.AWAITING_APPROVAL : InvestigationStatus.RUNNING);
            return false;
        }
        Map<String, Object> outcome = Evidence.runOutcome(r);
        switch (r.status()) {
            case SUCCESS -> store.updateStep(s.id(), owner, stepId, StepStatus.DONE, null, outcome, summaries(r));
            case FAILED -> store.updateStep(s.id(), owner, stepId, StepStatus.FAILED, null, outcome,
                    "run " + runId + " failed: " + Objects.toString(r.errorSummary(), summaries(r)));
            default -> store.updateStep(s.id(), owner, stepId, r.denied() ? StepStatus.DENIED : StepStatus.CANCELLED, null,
                    outcome, r.denied() ? "the run's approval was denied (" + r.errorSummary() + ")"
                            : "run " + runId + " was cancelled (" + r.errorSummary() + ")");
        }
        return store.stopWaiting(s.id(), owner);
    }

    private static String summaries(RunState r) {
        String jobs = r.jobs().stream().map(j -> j.task() + ": " + Objects.toString(j.summary(), j.status()))
                .collect(Collectors.joining("; "));
        return "run " + r.id() + " " + r.status().wire() + (jobs.isEmpty() ? "" : " — " + jobs);
    }

    /** A step left running by an engine that died before it launched or finished it is recorded as failed. */
    private boolean interrupted(InvestigationState s, String owner) {
        boolean any = false;
        for (Step st : s.steps()) {
            boolean open = st.status() == StepStatus.RUNNING || st.status() == StepStatus.AWAITING_APPROVAL;
            if (open && (st.runId() == null || !st.runId().equals(s.waitingRunId()))) {
                store.updateStep(s.id(), owner, st.id(), StepStatus.FAILED, null, null,
                        "interrupted: the engine working on this step stopped before it was recorded");
                any = true;
            }
        }
        return any;
    }

    private void cancel(InvestigationState s, String owner) {
        if (s.waitingRunId() != null) {
            cancelRun(s.waitingRunId(), s.id());
            s.waitingStep().ifPresent(st -> store.updateStep(s.id(), owner, st.id(), StepStatus.CANCELLED, null, null,
                    "the investigation was cancelled; run " + s.waitingRunId() + " was cancelled with it"));
        }
        finish(s.id(), owner, InvestigationStatus.CANCELLED, Objects.toString(s.errorSummary(), "cancelled"));
    }

    private void cancelRun(long runId, long investigationId) {
        try {
            StepTools.await(() -> decisions.cancel(runId, "investigation " + investigationId));
        } catch (CyberbrainException alreadyEnded) {
            LOG.debugf("run %d was no longer cancellable: %s", runId, alreadyEnded.getMessage());
        }
    }

    private void finish(long id, String owner, InvestigationStatus end, String reason) {
        InvestigationState s = reload(id, owner);
        if (s == null) {
            return;
        }
        InvestigationReport.Written report = InvestigationReport.write(s, end, reason);
        if (store.finish(id, owner, end, report.markdown(), report.json(), reason)) {
            LOG.infof("investigation %d ended %s after %d step(s), %d token(s)", id, end.wire(), s.stepsUsed(), s.totalTokens());
            outbox.ended(id, end);
        }
    }

    /** An investigation recovery gave up on (its engines died on every attempt) gets its report too. */
    void reportGivenUp(long id) {
        store.load(id, null).ifPresent(s -> {
            InvestigationReport.Written report = InvestigationReport.write(s, InvestigationStatus.FAILED,
                    InvestigationClaims.GIVE_UP_REASON);
            if (store.reportGivenUp(id, report.markdown(), report.json())) {
                outbox.ended(id, InvestigationStatus.FAILED);
            }
        });
    }

    private InvestigationState reload(long id, String owner) {
        return store.load(id, owner).orElse(null);
    }
}
