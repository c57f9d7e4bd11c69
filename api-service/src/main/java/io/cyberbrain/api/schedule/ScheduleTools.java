package io.cyberbrain.api.schedule;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.StorableInstants;
import io.cyberbrain.api.common.Inputs;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.schedule.ScheduleViews.FireView;
import io.cyberbrain.api.schedule.ScheduleViews.ScheduleInput;
import io.cyberbrain.api.schedule.ScheduleViews.ScheduleView;
import io.cyberbrain.api.mcp.CheckedToolArguments;
import io.cyberbrain.api.mcp.McpAccess;
import io.cyberbrain.api.mcp.McpResults;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;

/** Schedules over MCP, through the same service (validation, NOTIFY to the scheduler, run-now firing) as REST. */
@ApplicationScoped
@CheckedToolArguments
public class ScheduleTools {

    public record ScheduleList(List<ScheduleView> items, int page, int size, long total) {
    }

    private final ScheduleService schedules;
    private final McpAccess access;
    private final Inputs inputs;

    public ScheduleTools(ScheduleService schedules, McpAccess access, Inputs inputs) {
        this.schedules = schedules;
        this.access = access;
        this.inputs = inputs;
    }

    @Tool(name = "list_schedules", description = "Lists schedules with their job, timing (interval, cron with a plain "
            + "description, or once), enabled, next_run_at and last_run_at.",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = ScheduleList.class))
    public Uni<ToolResponse> listSchedules(
            @ToolArg(name = "page", description = "Zero-based page", defaultValue = "0") int page,
            @ToolArg(name = "size", description = "Items per page, 1-500", defaultValue = "50") int size) {
        access.requireTool("list_schedules");
        return McpResults.answer(() -> schedules.list(PageRequest.of(page, size)), p -> {
            ScheduleList list = new ScheduleList(p.items().stream().map(ScheduleView::of).toList(), p.page(), p.size(),
                    p.total());
            return McpResults.of(list, p.total() + " schedule(s): " + McpResults.listing(list.items().stream()
                    .map(ScheduleTools::line).toList(), "; "));
        });
    }

    @Tool(name = "create_schedule", description = "Creates a schedule that launches one task on a timing: schedule_type "
            + "interval (interval_minutes), cron (cron_expr: Unix 5-field such as '30 2 * * *', or Quartz 6/7-field, in "
            + "timezone, an IANA zone such as Europe/Berlin) or once (run_once_at). Fires are exactly once across "
            + "scheduler instances; runs use the given directive. Needs the operator role.",
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = false,
                    openWorldHint = false),
            outputSchema = @OutputSchema(from = ScheduleView.class))
    public Uni<ToolResponse> createSchedule(
            @ToolArg(name = "name", description = "Unique name") String name,
            @ToolArg(name = "job", description = "log_triage, gpu_report or service_map") String job,
            @ToolArg(name = "schedule_type", description = "interval, cron or once") String scheduleType,
            @ToolArg(name = "interval_minutes", description = "For interval: minutes between fires", required = false)
            Integer intervalMinutes,
            @ToolArg(name = "cron_expr", description = "For cron: the expression", required = false) String cronExpr,
            @ToolArg(name = "timezone", description = "For cron: IANA zone (default UTC)", required = false) String timezone,
            @ToolArg(name = "run_once_at", description = "For once: ISO-8601 instant", required = false) String runOnceAt,
            @ToolArg(name = "directive_id", description = "Directive to follow (list_directives)", required = false)
            Long directiveId,
            @ToolArg(name = "custom_directive_text", description = "Free-text directive instead of directive_id",
                    required = false) String customDirectiveText,
            @ToolArg(name = "enabled", description = "Start enabled", defaultValue = "true") boolean enabled,
            @ToolArg(name = "use_rag", description = "Add runbook passages to triage reports", defaultValue = "false")
            boolean useRag,
            @ToolArg(name = "scope", description = "service_map scope: allowlist or all", required = false) String scope,
            @ToolArg(name = "max_global", description = "Skip a fire while this many runs are active in all",
                    required = false) Integer maxGlobal,
            @ToolArg(name = "max_per_job", description = "Skip a fire while this many runs of the job are active",
                    required = false) Integer maxPerJob) {
        access.requireTool("create_schedule");
        return McpResults.answer(() -> {
            Instant once = StorableInstants.parameter("run_once_at", runOnceAt);
            ScheduleInput input = inputs.valid(new ScheduleInput(name, job, directiveId, customDirectiveText, enabled,
                    scheduleType, intervalMinutes, cronExpr, timezone, once, scope, useRag, maxGlobal, maxPerJob));
            return schedules.create(input);
        }, loaded -> McpResults.of(ScheduleView.of(loaded), "Created " + line(ScheduleView.of(loaded))));
    }

    @Tool(name = "set_schedule_enabled", description = "Enables or disables a schedule. Enabling computes the next fire "
            + "time from now. Needs the operator role.",
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false),
            outputSchema = @OutputSchema(from = ScheduleView.class))
    public Uni<ToolResponse> setScheduleEnabled(
            @ToolArg(name = "schedule_id", description = "Schedule id (list_schedules)") long scheduleId,
            @ToolArg(name = "enabled", description = "true to enable, false to disable") boolean enabled) {
        access.requireTool("set_schedule_enabled");
        return McpResults.answer(() -> schedules.setEnabled(scheduleId, enabled),
                loaded -> McpResults.of(ScheduleView.of(loaded), line(ScheduleView.of(loaded))));
    }

    @Tool(name = "run_schedule_now", description = "Fires a schedule now, through the scheduler's own path (concurrency "
            + "limits, launch, history); its regular next time stays. The answer has the run id, or why it was skipped. "
            + "Needs the operator role.",
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = false,
                    openWorldHint = false),
            outputSchema = @OutputSchema(from = FireView.class))
    public Uni<ToolResponse> runScheduleNow(
            @ToolArg(name = "schedule_id", description = "Schedule id (list_schedules)") long scheduleId) {
        String caller = access.requireTool("run_schedule_now");
        return McpResults.answer(() -> schedules.runNow(scheduleId, caller), fire -> {
            FireView view = FireView.of(fire);
            return McpResults.of(view, "Schedule " + scheduleId + " fired: " + view.status()
                    + (view.runId() != null ? ", run " + view.runId() : "")
                    + (view.errorSummary() != null ? " (" + view.errorSummary() + ")" : ""));
        });
    }

    private static String line(ScheduleView s) {
        return "#" + s.id() + " " + s.name() + " (" + s.job().taskKey() + ", " + s.description() + ", "
                + (s.enabled() ? "enabled, next " + s.nextRunAt() : "disabled") + ")";
    }
}
