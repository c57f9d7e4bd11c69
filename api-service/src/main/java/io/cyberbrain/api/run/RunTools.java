package io.cyberbrain.api.run;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.run.RunQueryService.RunWithJobs;
import io.cyberbrain.model.host.Target;
import io.cyberbrain.model.run.LaunchRequest;
import io.cyberbrain.model.run.RunDecisionService;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.RunStatus;
import io.cyberbrain.model.run.RunTrigger;
import io.cyberbrain.api.mcp.CheckedToolArguments;
import io.cyberbrain.api.mcp.McpAccess;
import io.cyberbrain.api.mcp.McpResults;
import io.quarkiverse.mcp.server.Cancellation;
import io.quarkiverse.mcp.server.Progress;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;

/** Runs over MCP: the same launch path, queries and decisions as {@code /api/runs}, with trigger {@code mcp}. */
@ApplicationScoped
@CheckedToolArguments
public class RunTools {

    static final int MAX_WAIT_SECONDS = 3600;

    public record RunList(List<RunViews.Summary> items, int page, int size, long total) {
    }

    /** What launch_run answers: the run, and whether the call waited for its end. */
    public record LaunchResult(RunViews.Detail run, boolean finished, boolean awaitingApproval, String nextStep) {
    }

    private final RunLaunchService launcher;
    private final RunDecisionService decisions;
    private final RunQueryService queries;
    private final RunWaiter waiter;
    private final McpAccess access;

    public RunTools(RunLaunchService launcher, RunDecisionService decisions, RunQueryService queries, RunWaiter waiter,
                    McpAccess access) {
        this.launcher = launcher;
        this.decisions = decisions;
        this.queries = queries;
        this.waiter = waiter;
        this.access = access;
    }

    @Tool(name = "launch_run", description = "Launches a run of one or more tasks: log_triage (errors and anomalies in the "
            + "logs since the last successful triage), gpu_report (GPU usage and headroom), service_map (which containers "
            + "talk to which, with NetworkPolicies). Give a directive_id (see list_directives) or custom_directive_text, "
            + "not both; with neither, each task's default directive is used. Runs whose directive needs approval wait for "
            + "an admin (approve_run). With wait=true the call returns when the run ends (progress notifications on the "
            + "way) or after wait_timeout_seconds; otherwise poll get_run. Needs the operator role.",
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = false,
                    openWorldHint = false),
            outputSchema = @OutputSchema(from = LaunchResult.class))
    public Uni<ToolResponse> launchRun(
            @ToolArg(name = "tasks", description = "One to three of log_triage, gpu_report, service_map") List<String> tasks,
            @ToolArg(name = "directive_id", description = "Directive to follow (list_directives)", required = false)
            Long directiveId,
            @ToolArg(name = "custom_directive_text", description = "Free-text directive instead of directive_id",
                    required = false) String customDirectiveText,
            @ToolArg(name = "use_rag", description = "Add runbook passages from the document library to the triage report",
                    defaultValue = "false") boolean useRag,
            @ToolArg(name = "scope", description = "service_map scope: allowlist (default) or all containers",
                    required = false) String scope,
            @ToolArg(name = "log_files", description = "log_triage scope: file globs relative to the logs folder "
                    + "(e.g. app.log, nginx/*.log); with log_containers, only what they name is read. Left out: everything",
                    required = false) List<String> logFiles,
            @ToolArg(name = "log_containers", description = "log_triage scope: allowlisted container names or ids whose "
                    + "logs are read; with log_files, only what they name is read. Left out: everything",
                    required = false) List<String> logContainers,
            @ToolArg(name = "target_host", description = "Run on this worker host only (see list_hosts)", required = false)
            String targetHost,
            @ToolArg(name = "target_labels", description = "Run on a host with these labels, as key=value (e.g. gpu=true); "
                    + "with target_all, on every such host", required = false) List<String> targetLabels,
            @ToolArg(name = "target_all", description = "One job per online, enabled host (matching target_labels if given), "
                    + "e.g. the GPU report of every GPU host; the report has a section per host", required = false)
            Boolean targetAll,
            @ToolArg(name = "wait", description = "Return only when the run has ended (or the timeout passed)",
                    defaultValue = "false") boolean waitForEnd,
            @ToolArg(name = "wait_timeout_seconds", description = "With wait: give up waiting after this many seconds "
                    + "(1-" + MAX_WAIT_SECONDS + ", capped by the server's cyberbrain.mcp.max-wait)", defaultValue = "300")
            int waitTimeoutSeconds,
            Progress progress, Cancellation cancellation) {
        String caller = access.requireTool("launch_run");
        if (waitForEnd && (waitTimeoutSeconds < 1 || waitTimeoutSeconds > MAX_WAIT_SECONDS)) {
            throw new ToolCallException("wait_timeout_seconds: must be between 1 and " + MAX_WAIT_SECONDS);
        }
        LaunchRequest.LogScopeInput logScope = logFiles == null && logContainers == null ? null
                : new LaunchRequest.LogScopeInput(logFiles, logContainers);
        LaunchRequest request = new LaunchRequest(tasks, directiveId, customDirectiveText, useRag, scope, RunTrigger.MCP,
                caller, null, logScope, target(targetHost, targetLabels, targetAll));
        return McpResults.answer(() -> launcher.launch(request).flatMap(launched -> waitForEnd
                        ? waiter.awaitEnd(launched.run().id, Duration.ofSeconds(waitTimeoutSeconds), progress, cancellation)
                        : Uni.createFrom().item(new RunWithJobs(launched.run(), launched.jobs()))),
                RunTools::launchResult);
    }

    /** The flat target arguments as the launch path's target; null when none is given (the default placement). */
    static LaunchRequest.TargetInput target(String host, List<String> labels, Boolean all) {
        if (host == null && labels == null && all == null) {
            return null;
        }
        List<String> problems = new java.util.ArrayList<>();
        java.util.Map<String, String> parsed = labels == null ? null
                : Target.labelsFromPairs(labels, "target_labels", (field, message) -> problems.add(field + ": " + message));
        if (!problems.isEmpty()) {
            throw new ToolCallException(String.join("; ", problems));
        }
        return new LaunchRequest.TargetInput(host, parsed, all);
    }

    @Tool(name = "list_runs", description = "Lists runs, newest first, with status, tasks, directive, trigger and tokens. "
            + "Filters combine; times are ISO-8601 instants.",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = RunList.class))
    public Uni<ToolResponse> listRuns(
            @ToolArg(name = "status", description = "pending, awaiting_approval, running, success, failed or cancelled",
                    required = false) String status,
            @ToolArg(name = "task", description = "log_triage, gpu_report or service_map", required = false) String task,
            @ToolArg(name = "directive_id", description = "Runs that followed this directive", required = false)
            Long directiveId,
            @ToolArg(name = "trigger", description = "manual, schedule, mcp or api", required = false) String trigger,
            @ToolArg(name = "since", description = "Created at or after, e.g. 2026-01-31T00:00:00Z", required = false)
            String since,
            @ToolArg(name = "until", description = "Created before", required = false) String until,
            @ToolArg(name = "page", description = "Zero-based page", defaultValue = "0") int page,
            @ToolArg(name = "size", description = "Items per page, 1-500", defaultValue = "20") int size) {
        access.requireTool("list_runs");
        return McpResults.answer(() -> queries.list(RunFilter.parse(status, task, directiveId, trigger, since, until),
                PageRequest.of(page, size)), p -> {
                    RunList list = new RunList(p.items().stream().map(r -> RunViews.Summary.of(r.run(), r.jobs())).toList(),
                            p.page(), p.size(), p.total());
                    return McpResults.of(list, p.total() + " run(s); page " + p.page() + ": " + McpResults.listing(
                            list.items().stream().map(r -> "#" + r.id() + " " + r.status() + " " + String.join("+", r.tasks())
                                    + " (" + r.trigger() + ", " + r.createdAt() + ")").toList(), "; "));
                });
    }

    @Tool(name = "get_run", description = "One run with its jobs (status, duration, tokens, summary) and approval state. "
            + "A run has ended when status is success, failed or cancelled; then get_run_report has its report.",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = RunViews.Detail.class))
    public Uni<ToolResponse> getRun(@ToolArg(name = "run_id", description = "Run id") long runId) {
        access.requireTool("get_run");
        return McpResults.answer(() -> queries.get(runId), r -> McpResults.of(RunViews.Detail.of(r.run(), r.jobs()),
                describe(r)));
    }

    @Tool(name = "get_run_report", description = "The combined report of a run: Markdown, the JSON behind it, and token "
            + "totals. Reports hold counts, templates and findings, never the LLM's raw output.",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = RunViews.Report.class))
    public Uni<ToolResponse> getRunReport(@ToolArg(name = "run_id", description = "Run id") long runId) {
        access.requireTool("get_run_report");
        return McpResults.answer(() -> queries.get(runId), r -> {
            RunViews.Report report = RunViews.Report.of(r.run(), r.jobs());
            String text = report.markdown() != null ? report.markdown()
                    : "Run " + runId + " is " + report.status() + " and has no report yet.";
            return McpResults.of(report, text);
        });
    }

    @Tool(name = "cancel_run", description = "Cancels a run that has not ended; running workers are stopped. Needs the "
            + "operator role.",
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = true, idempotentHint = true,
                    openWorldHint = false),
            outputSchema = @OutputSchema(from = RunViews.Detail.class))
    public Uni<ToolResponse> cancelRun(@ToolArg(name = "run_id", description = "Run id") long runId) {
        String caller = access.requireTool("cancel_run");
        return decided(() -> decisions.cancel(runId, caller), runId);
    }

    @Tool(name = "approve_run", description = "Approves a run that awaits approval (its directive asks for it), so its "
            + "jobs start. Needs the admin role.",
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = false,
                    openWorldHint = false),
            outputSchema = @OutputSchema(from = RunViews.Detail.class))
    public Uni<ToolResponse> approveRun(@ToolArg(name = "run_id", description = "Run id") long runId,
                                        @ToolArg(name = "note", description = "Why (kept with the run)", required = false)
                                        String note) {
        String caller = access.requireTool("approve_run");
        return decided(() -> decisions.approve(runId, caller, note(note)), runId);
    }

    @Tool(name = "deny_run", description = "Denies a run that awaits approval; it ends cancelled. Needs the admin role.",
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = true, idempotentHint = false,
                    openWorldHint = false),
            outputSchema = @OutputSchema(from = RunViews.Detail.class))
    public Uni<ToolResponse> denyRun(@ToolArg(name = "run_id", description = "Run id") long runId,
                                     @ToolArg(name = "note", description = "Why (kept with the run)", required = false)
                                     String note) {
        String caller = access.requireTool("deny_run");
        return decided(() -> decisions.deny(runId, caller, note(note)), runId);
    }

    private Uni<ToolResponse> decided(java.util.function.Supplier<Uni<?>> decision, long runId) {
        return McpResults.answer(() -> decision.get().flatMap(ignored -> queries.get(runId)),
                r -> McpResults.of(RunViews.Detail.of(r.run(), r.jobs()), describe(r)));
    }

    private static String note(String note) {
        if (note != null && note.length() > 500) {
            throw new ToolCallException("note: at most 500 characters");
        }
        return note;
    }

    private static ToolResponse launchResult(RunWithJobs r) {
        RunStatus status = r.run().status;
        boolean awaiting = status == RunStatus.AWAITING_APPROVAL;
        String next = status.isFinal() ? "call get_run_report with run_id " + r.run().id
                : awaiting ? "an admin must call approve_run (or deny_run) with run_id " + r.run().id
                : "poll get_run with run_id " + r.run().id + " until status is success, failed or cancelled";
        return McpResults.of(new LaunchResult(RunViews.Detail.of(r.run(), r.jobs()), status.isFinal(), awaiting, next),
                describe(r) + ". Next: " + next + ".");
    }

    static String describe(RunWithJobs r) {
        var run = r.run();
        return "Run " + run.id + " is " + run.status.wire() + " (" + String.join(", ", r.jobs().stream()
                .map(j -> j.taskKey.wire() + " " + j.status.wire()).toList()) + "); tokens " + run.totalTokens
                + (run.errorSummary != null ? "; error: " + run.errorSummary : "");
    }
}
