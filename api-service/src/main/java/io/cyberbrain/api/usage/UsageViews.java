package io.cyberbrain.api.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.cyberbrain.model.llm.LlmCall;

/** Token accounting shapes; counts keep the original API's prompt/completion names. */
public final class UsageViews {

    private UsageViews() {
    }

    public record LlmCallView(Long id, Long runId, Long runJobId, String endpoint, String model, String purpose,
                              int promptTokens, int completionTokens, int totalTokens, long durationMs, boolean success,
                              String errorClass, Instant createdAt) {
        static LlmCallView of(LlmCall c) {
            return new LlmCallView(c.id, c.runId, c.runJobId, c.endpoint, c.model, c.purpose, c.inputTokens,
                    c.outputTokens, c.totalTokens, c.durationMs, c.success, c.errorClass, c.createdAt);
        }
    }

    public record ModelUsage(String model, long calls, long failedCalls, long promptTokens, long completionTokens,
                             long totalTokens) {
    }

    public record DayUsage(String day, long calls, long totalTokens) {
    }

    public record TokenStats(Instant since, Instant until, long calls, long failedCalls, long promptTokens,
                             long completionTokens, long totalTokens, List<ModelUsage> byModel, List<DayUsage> byDay) {
    }

    public record ModelCost(String model, long promptTokens, long completionTokens, long totalTokens, boolean priced,
                            BigDecimal inputPerMillion, BigDecimal outputPerMillion, BigDecimal cost) {
    }

    public record CostReport(Instant since, Instant until, String currency, BigDecimal totalCost, List<ModelCost> models,
                             List<String> unpricedModels) {
    }

    public record DirectiveUsage(Long directiveId, String directiveName, long runs, long successfulRuns, long failedRuns,
                                 long promptTokens, long completionTokens, long totalTokens, Instant lastRunAt) {
    }

    public record UsageByDirective(Instant since, Instant until, List<DirectiveUsage> directives) {
    }
}
