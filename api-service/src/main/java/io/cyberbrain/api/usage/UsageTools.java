package io.cyberbrain.api.usage;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.TimeWindow;
import io.cyberbrain.api.usage.UsageViews.TokenStats;
import io.cyberbrain.api.mcp.CheckedToolArguments;
import io.cyberbrain.api.mcp.McpAccess;
import io.cyberbrain.api.mcp.McpResults;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;

/** Token accounting: counts only, as the local LLM servers reported them. */
@ApplicationScoped
@CheckedToolArguments
public class UsageTools {

    private final UsageService usage;
    private final Clock clock;
    private final McpAccess access;

    public UsageTools(UsageService usage, Clock clock, McpAccess access) {
        this.usage = usage;
        this.clock = clock;
        this.access = access;
    }

    @Tool(name = "token_stats", description = "LLM calls and tokens (prompt, completion, total) in a time window, by "
            + "model and by day. Default window: the last 30 days.",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = TokenStats.class))
    public Uni<ToolResponse> tokenStats(
            @ToolArg(name = "since", description = "Window start, ISO-8601 instant", required = false) String since,
            @ToolArg(name = "until", description = "Window end, ISO-8601 instant", required = false) String until) {
        access.requireTool("token_stats");
        return McpResults.answer(() -> usage.tokenStats(TimeWindow.parse(since, until, clock)),
                stats -> McpResults.of(stats, stats.calls() + " LLM call(s) (" + stats.failedCalls() + " failed), "
                        + stats.totalTokens() + " tokens (" + stats.promptTokens() + " prompt, " + stats.completionTokens()
                        + " completion) from " + stats.since() + " to " + stats.until()));
    }
}
