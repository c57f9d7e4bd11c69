package io.cyberbrain.api.investigation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cyberbrain.model.investigation.InvestigationOrigin;
import io.cyberbrain.model.investigation.InvestigationStatus;
import io.cyberbrain.model.investigation.InvestigationTool;
import io.cyberbrain.model.investigation.PlannerKind;
import io.cyberbrain.model.investigation.StepStatus;
import io.cyberbrain.model.run.DirectiveSnapshot;

/** An investigation as its engine holds it while working on it: the row and its steps, read under the lease. */
record InvestigationState(long id, String goal, InvestigationStatus status, InvestigationOrigin origin,
                          DirectiveSnapshot directive, Map<String, String> labels, PlannerKind planner, int maxSteps,
                          int maxWallSeconds, long maxTokens, int stepsUsed, long totalTokens, Long waitingRunId, boolean cancelRequested,
                          String requestedBy, Instant createdAt, Instant startedAt, Instant deadlineAt, String errorSummary,
                          List<Step> steps) {

    /** One recorded step. */
    record Step(long id, int position, InvestigationTool tool, PlannerKind plannedBy, Map<String, Object> arguments,
                StepStatus status, Long runId, Map<String, Object> outcome, String note, long inputTokens,
                long outputTokens, long totalTokens) {

        /** A step that used the tool (whatever came of it), as opposed to the record of a planner fallback. */
        boolean isToolStep() {
            return tool != InvestigationTool.PLANNER_FALLBACK;
        }
    }

    /** The step whose run the investigation waits for. */
    Optional<Step> waitingStep() {
        return waitingRunId == null ? Optional.empty()
                : steps.stream().filter(s -> waitingRunId.equals(s.runId())).reduce((a, b) -> b);
    }

    boolean pastDeadline(Instant now) {
        return deadlineAt != null && now.isAfter(deadlineAt);
    }

    long tokensLeft() {
        return maxTokens - totalTokens;
    }

    int nextPosition() {
        return steps.stream().mapToInt(Step::position).max().orElse(0) + 1;
    }

    /** Whether a planner fallback was already recorded: the model is asked no more. */
    boolean fellBack() {
        return steps.stream().anyMatch(s -> s.tool() == InvestigationTool.PLANNER_FALLBACK);
    }
}
