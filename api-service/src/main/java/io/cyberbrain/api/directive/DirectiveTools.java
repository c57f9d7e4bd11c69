package io.cyberbrain.api.directive;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.mcp.CheckedToolArguments;
import io.cyberbrain.api.mcp.McpAccess;
import io.cyberbrain.api.mcp.McpResults;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;

/** Directives: the instructions a run follows (what to look for, thresholds, which tasks need approval). */
@ApplicationScoped
@CheckedToolArguments
public class DirectiveTools {

    public record DirectiveList(List<DirectiveView> items, int page, int size, long total) {
    }

    private final DirectiveService directives;
    private final McpAccess access;

    public DirectiveTools(DirectiveService directives, McpAccess access) {
        this.directives = directives;
        this.access = access;
    }

    @Tool(name = "list_directives", description = "Lists directives (id, code such as D1, name, version, whether runs "
            + "with it need an admin's approval). Pass a directive's id to launch_run or create_schedule.",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = DirectiveList.class))
    public Uni<ToolResponse> listDirectives(
            @ToolArg(name = "active", description = "Only active (true) or inactive (false) directives; omit for all",
                    required = false) Boolean active,
            @ToolArg(name = "page", description = "Zero-based page", defaultValue = "0") int page,
            @ToolArg(name = "size", description = "Items per page, 1-500", defaultValue = "50") int size) {
        access.requireTool("list_directives");
        return McpResults.answer(() -> directives.list(PageRequest.of(page, size), active),
                p -> {
                    DirectiveList list = new DirectiveList(p.items().stream().map(DirectiveView::of).toList(),
                            p.page(), p.size(), p.total());
                    return McpResults.of(list, p.total() + " directive(s); page " + p.page() + ": " + McpResults.listing(
                            list.items().stream().map(d -> "#" + d.id() + " " + d.label()
                                    + (d.approvalRequired() ? " (needs approval)" : "")).toList(), ", "));
                });
    }

    @Tool(name = "get_directive", description = "One directive with its full text and task configuration.",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = DirectiveView.class))
    public Uni<ToolResponse> getDirective(@ToolArg(name = "id", description = "Directive id (see list_directives)") long id) {
        access.requireTool("get_directive");
        return McpResults.answer(() -> directives.get(id), d -> McpResults.of(DirectiveView.of(d),
                "Directive #" + d.id + " " + d.code + " \"" + d.name + "\" v" + d.version
                        + (d.approvalRequired ? ", runs need an admin's approval" : "")));
    }
}
