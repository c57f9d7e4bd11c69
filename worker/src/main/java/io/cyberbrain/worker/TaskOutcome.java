package io.cyberbrain.worker;

import java.util.List;
import java.util.Map;

/**
 * {@code result.json}: what a worker hands back. Validated by the launcher before anything is recorded.
 * It carries structured values and Markdown written by code from those values; never LLM text.
 *
 * @param status          {@code success} or {@code failed}
 * @param summary         one line for lists and notifications, counts only (e.g. "2 GPUs, 61% VRAM free")
 * @param reportMarkdown  this task's section of the run report (starts with a level-2 heading)
 * @param result          the structured result (the task's JSON)
 * @param llmCalls        every LLM call, by its counts only
 * @param artifacts       files the task wrote into its job folder
 * @param errorSummary    why the task failed, redacted, or null
 */
public record TaskOutcome(
        int version,
        String status,
        String summary,
        String reportMarkdown,
        Map<String, Object> result,
        List<LlmCallRecord> llmCalls,
        List<ArtifactRecord> artifacts,
        String errorSummary) {

    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";

    public static TaskOutcome success(String summary, String reportMarkdown, Map<String, Object> result,
                                      List<LlmCallRecord> llmCalls, List<ArtifactRecord> artifacts) {
        return new TaskOutcome(JobSpec.CURRENT_VERSION, SUCCESS, summary, reportMarkdown, result, llmCalls, artifacts, null);
    }

    public static TaskOutcome failure(String errorSummary, String reportMarkdown) {
        return new TaskOutcome(JobSpec.CURRENT_VERSION, FAILED, errorSummary, reportMarkdown, Map.of(), List.of(), List.of(),
                errorSummary);
    }

    /** One LLM call: endpoint, model, counts, duration and outcome. There is no field for what was said. */
    public record LlmCallRecord(String endpoint, String model, String purpose, int inputTokens, int outputTokens,
                                long durationMs, boolean success, String errorClass) {
    }

    /**
     * A file the task wrote.
     *
     * @param path relative to the job folder, no {@code ..}
     * @param type what it is: {@code report}, {@code graph}, {@code policy}, {@code data}
     */
    public record ArtifactRecord(String path, String type, String mimeType) {
    }
}
