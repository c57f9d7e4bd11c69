package io.cyberbrain.api.run;

import static io.cyberbrain.api.mcp.McpResources.MARKDOWN;
import static io.cyberbrain.api.mcp.McpResources.number;
import static io.cyberbrain.api.mcp.McpResources.resolve;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.mcp.McpAccess;
import io.cyberbrain.model.auth.Role;
import io.quarkiverse.mcp.server.RequestUri;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.TextResourceContents;
import io.smallrye.mutiny.Uni;

/** A run's report as a read-only MCP resource, so an agent can attach it to its context without calling tools. */
@ApplicationScoped
public class RunReportMcpResource {

    private final RunQueryService runs;
    private final McpAccess access;

    public RunReportMcpResource(RunQueryService runs, McpAccess access) {
        this.runs = runs;
        this.access = access;
    }

    @ResourceTemplate(name = "run_report", uriTemplate = "cyberbrain://runs/{id}/report", mimeType = MARKDOWN,
            description = "The Markdown report of run {id} (counts and findings; never LLM output)")
    public Uni<TextResourceContents> runReport(String id, RequestUri uri) {
        access.require(Role.VIEWER, "resources/read");
        return resolve(() -> runs.get(number(id, "run")).map(r -> new TextResourceContents(uri.value(),
                r.run().reportMarkdown != null ? r.run().reportMarkdown
                        : "# Run " + r.run().id + "\n\nStatus: " + r.run().status.wire() + ". The report is written when "
                                + "the run ends.\n", MARKDOWN)));
    }
}
