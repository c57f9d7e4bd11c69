package io.cyberbrain.api.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.cyberbrain.model.run.DirectiveSnapshot;
import io.cyberbrain.model.run.Run;
import io.cyberbrain.model.run.RunArtifact;
import io.cyberbrain.model.run.RunJob;
import io.cyberbrain.policy.ConfigSecrets;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The wire shapes of runs. Token counts keep the original API's names (prompt/completion). Configs are shown
 * masked ({@link ConfigSecrets}): a run taken before secrets were refused may hold one.
 */
public final class RunViews {

    private RunViews() {
    }

    @Schema(name = "TokenCounts")
    public record Tokens(long promptTokens, long completionTokens, long totalTokens) {
        public static Tokens of(Run r) {
            return new Tokens(r.inputTokens, r.outputTokens, r.totalTokens);
        }

        public static Tokens of(RunJob j) {
            return new Tokens(j.inputTokens, j.outputTokens, j.totalTokens);
        }
    }

    public record Approval(boolean required, String approvedBy, Instant approvedAt, String deniedBy, Instant deniedAt,
                           String note) {
        public static Approval of(Run r) {
            return new Approval(r.approvalRequired, r.approvedBy, r.approvedAt, r.deniedBy, r.deniedAt, r.decisionNote);
        }
    }

    @Schema(name = "RunJob")
    public record JobView(Long id, String taskKey, String status, int attempts, Map<String, Object> config,
                          Instant createdAt, Instant startedAt, Instant endedAt, Long durationMs, Tokens tokens,
                          int llmCalls, String executor, String workerImage, Integer gpuIndex, String summary,
                          String errorSummary,
                          @Schema(description = "The host this job may run on (a host target or a fan-out), else null")
                          String targetHost,
                          @Schema(description = "Labels the host that claims it must have, else null")
                          Map<String, String> targetLabels,
                          @Schema(description = "The worker host that ran (or runs) it") String host) {
        public static JobView of(RunJob j) {
            Long duration = j.startedAt != null && j.endedAt != null ? j.endedAt.toEpochMilli() - j.startedAt.toEpochMilli() : null;
            return new JobView(j.id, j.taskKey.wire(), j.status.wire(), j.attempts, ConfigSecrets.masked(j.config), j.createdAt, j.startedAt,
                    j.endedAt, duration, Tokens.of(j), j.llmCallCount, j.executor, j.workerImage, j.gpuIndex, j.summary,
                    j.errorSummary, j.targetHost, j.targetLabels, j.hostName);
        }
    }

    @Schema(name = "RunSummary")
    public record Summary(Long id, String status, String trigger, List<String> tasks, Long directiveId,
                          String directiveName, int directiveVersion, boolean useRag, String task3Scope,
                          boolean approvalRequired, String requestedBy, Long scheduleId, Instant createdAt,
                          Instant startedAt, Instant endedAt, Tokens tokens, String errorSummary) {
        public static Summary of(Run r, List<RunJob> jobs) {
            DirectiveSnapshot s = r.directiveSnapshot;
            return new Summary(r.id, r.status.wire(), r.trigger.wire(), jobs.stream().map(j -> j.taskKey.wire()).distinct().toList(),
                    r.directiveId, s.name(), s.version(), r.useRag, r.task3Scope.wire(), r.approvalRequired,
                    r.requestedBy, r.scheduleId, r.createdAt, r.startedAt, r.endedAt, Tokens.of(r), r.errorSummary);
        }
    }

    @Schema(name = "RunDetail")
    public record Detail(Long id, String status, String trigger, List<String> tasks, DirectiveSnapshot directive,
                         boolean useRag, String task3Scope, Approval approval, boolean cancelRequested,
                         String requestedBy, Long scheduleId, Instant createdAt, Instant startedAt, Instant endedAt,
                         Tokens tokens, String errorSummary, List<JobView> jobs, String reportMarkdown,
                         Map<String, Object> reportJson,
                         @Schema(description = "Where the run was launched to run ({\"host\"}, {\"labels\"} or {\"all\": true}); "
                                 + "null for the default") Map<String, Object> target) {
        public static Detail of(Run r, List<RunJob> jobs) {
            return new Detail(r.id, r.status.wire(), r.trigger.wire(), jobs.stream().map(j -> j.taskKey.wire()).distinct().toList(),
                    r.directiveSnapshot == null ? null : r.directiveSnapshot.masked(), r.useRag, r.task3Scope.wire(), Approval.of(r), r.cancelRequested,
                    r.requestedBy, r.scheduleId, r.createdAt, r.startedAt, r.endedAt, Tokens.of(r), r.errorSummary,
                    jobs.stream().map(JobView::of).toList(), r.reportMarkdown, r.reportJson, r.target);
        }
    }

    @Schema(name = "RunReport")
    public record Report(Long runId, String status, String markdown, Map<String, Object> json, Tokens tokens,
                         List<JobView> jobs) {
        public static Report of(Run r, List<RunJob> jobs) {
            return new Report(r.id, r.status.wire(), r.reportMarkdown, r.reportJson, Tokens.of(r),
                    jobs.stream().map(JobView::of).toList());
        }
    }

    public record ArtifactView(Long id, Long runJobId, String path, String type, long sizeBytes, String mimeType,
                               String sha256, Instant createdAt) {
        public static ArtifactView of(RunArtifact a) {
            return new ArtifactView(a.id, a.runJobId, a.path, a.artifactType, a.sizeBytes, a.mimeType, a.sha256, a.createdAt);
        }
    }

    public record TaskSinceLastSuccess(String task, Long lastSuccessRunId, Instant lastSuccessAt, long runsSince,
                                       List<Summary> runs) {
    }

    public record SinceLastSuccess(List<TaskSinceLastSuccess> tasks) {
    }
}
