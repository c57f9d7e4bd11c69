package io.cyberbrain.api.investigation;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.mcp.CheckedToolArguments;
import io.cyberbrain.api.mcp.McpAccess;
import io.cyberbrain.api.mcp.McpResults;
import io.cyberbrain.model.investigation.InvestigationOrigin;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;

/** Investigations over MCP: the same service as {@code /api/investigations}, with origin {@code mcp}. */
@ApplicationScoped
@CheckedToolArguments
public class InvestigationTools {

    private final InvestigationService service;
    private final McpAccess access;

    public InvestigationTools(InvestigationService service, McpAccess access) {
        this.service = service;
        this.access = access;
    }

    @Tool(name = "start_investigation", description = "Starts an investigation: a goal in plain words, worked on in steps "
            + "(log triage, GPU report, service map runs; library searches; comparisons with the last successful run; GPU "
            + "history) within a directive (list_directives) and budgets. Steps whose directive needs approval wait for an "
            + "admin (approve_run). Poll get_investigation for its steps and, once ended, its report. Needs the operator "
            + "role.",
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = false,
                    openWorldHint = false),
            outputSchema = @OutputSchema(from = InvestigationViews.Detail.class))
    public Uni<ToolResponse> startInvestigation(
            @ToolArg(name = "goal", description = "What to find out (1 to 2,000 characters)") String goal,
            @ToolArg(name = "directive_id", description = "The directive that bounds what may run") long directiveId,
            @ToolArg(name = "labels", description = "Labels the deterministic planner reads, e.g. {\"container\": \"ollama\"}",
                    required = false) Map<String, String> labels,
            @ToolArg(name = "max_steps", description = "Most steps (default and maximum are configured)", required = false)
            Integer maxSteps,
            @ToolArg(name = "max_wall_seconds", description = "Most wall time in seconds", required = false)
            Integer maxWallSeconds,
            @ToolArg(name = "max_tokens", description = "Most LLM tokens", required = false) Long maxTokens) {
        String caller = access.requireTool("start_investigation");
        return McpResults.answer(() -> service.start(new InvestigationService.StartRequest(goal, directiveId, labels, maxSteps,
                        maxWallSeconds, maxTokens, InvestigationOrigin.MCP, caller, null)),
                w -> McpResults.of(InvestigationViews.Detail.of(w), "Investigation " + w.investigation().id
                        + " started (planning); call get_investigation with investigation_id " + w.investigation().id));
    }

    @Tool(name = "get_investigation", description = "One investigation: status (planning, running, awaiting_approval, "
            + "completed, failed, budget_exhausted, cancelled), its steps with their tools, runs and token counts, and once "
            + "ended its report (findings with evidence, what was not checked and why).",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = InvestigationViews.Detail.class))
    public Uni<ToolResponse> getInvestigation(
            @ToolArg(name = "investigation_id", description = "Investigation id") long id) {
        access.requireTool("get_investigation");
        return McpResults.answer(() -> service.get(id), w -> {
            InvestigationViews.Detail d = InvestigationViews.Detail.of(w);
            String text = d.reportMarkdown() != null ? d.reportMarkdown()
                    : "Investigation " + id + " is " + d.status() + " after " + d.steps().size() + " step(s).";
            return McpResults.of(d, text);
        });
    }
}
