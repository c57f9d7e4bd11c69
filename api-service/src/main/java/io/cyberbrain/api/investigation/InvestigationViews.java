package io.cyberbrain.api.investigation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.cyberbrain.model.investigation.Investigation;
import io.cyberbrain.model.investigation.InvestigationStep;
import io.cyberbrain.model.run.DirectiveSnapshot;

/** The wire shapes of investigations. Token counts keep the runs' names (prompt/completion). */
public final class InvestigationViews {

    private InvestigationViews() {
    }

    @Schema(name = "InvestigationBudgets")
    public record Budgets(int maxSteps, int maxWallSeconds, long maxTokens, int stepsUsed) {
        static Budgets of(Investigation i) {
            return new Budgets(i.maxSteps, i.maxWallSeconds, i.maxTokens, i.stepsUsed);
        }
    }

    @Schema(name = "InvestigationTokens")
    public record Tokens(long promptTokens, long completionTokens, long totalTokens) {
    }

    @Schema(name = "InvestigationStep")
    public record StepView(int position, String tool, String plannedBy, String status, Map<String, Object> arguments,
                           Long runId, String note, Map<String, Object> outcome, Tokens tokens, Instant startedAt,
                           Instant endedAt) {
        static StepView of(InvestigationStep s) {
            return new StepView(s.position, s.tool.wire(), s.plannedBy.wire(), s.status.wire(), s.arguments, s.runId, s.note,
                    s.outcome, new Tokens(s.inputTokens, s.outputTokens, s.totalTokens), s.startedAt, s.endedAt);
        }
    }

    @Schema(name = "InvestigationSummary")
    public record Summary(Long id, String goal, String status, String origin, String planner, Long directiveId,
                          String directiveName, Long alertId, String requestedBy, Budgets budgets, Tokens tokens,
                          Long waitingRunId, boolean cancelRequested, Instant createdAt, Instant startedAt, Instant endedAt,
                          String errorSummary) {
        static Summary of(Investigation i) {
            return new Summary(i.id, i.goal, i.status.wire(), i.origin.wire(), i.planner.wire(), i.directiveId,
                    i.directiveSnapshot == null ? null : i.directiveSnapshot.name(), i.alertId, i.requestedBy, Budgets.of(i),
                    new Tokens(i.inputTokens, i.outputTokens, i.totalTokens), i.waitingRunId, i.cancelRequested, i.createdAt,
                    i.startedAt, i.endedAt, i.errorSummary);
        }
    }

    @Schema(name = "InvestigationDetail")
    public record Detail(Long id, String goal, String status, String origin, String planner, DirectiveSnapshot directive,
                         Map<String, String> labels, Long alertId, String requestedBy, Budgets budgets, Tokens tokens,
                         Long waitingRunId, boolean cancelRequested, Instant createdAt, Instant startedAt,
                         Instant deadlineAt, Instant endedAt, String errorSummary, List<StepView> steps,
                         String reportMarkdown, Map<String, Object> reportJson) {
        static Detail of(InvestigationService.WithSteps w) {
            Investigation i = w.investigation();
            return new Detail(i.id, i.goal, i.status.wire(), i.origin.wire(), i.planner.wire(),
                    i.directiveSnapshot == null ? null : i.directiveSnapshot.masked(), i.labels, i.alertId, i.requestedBy,
                    Budgets.of(i), new Tokens(i.inputTokens, i.outputTokens, i.totalTokens), i.waitingRunId,
                    i.cancelRequested, i.createdAt, i.startedAt, i.deadlineAt, i.endedAt, i.errorSummary,
                    w.steps().stream().map(StepView::of).toList(), i.reportMarkdown, i.reportJson);
        }
    }
}
