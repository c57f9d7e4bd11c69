package io.cyberbrain.api.host;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.host.HostViews.HostView;
import io.cyberbrain.api.mcp.CheckedToolArguments;
import io.cyberbrain.api.mcp.McpAccess;
import io.cyberbrain.api.mcp.McpResults;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;

/** Worker hosts for agents: where runs can go (launch_run's target_host, target_labels, target_all). */
@ApplicationScoped
@CheckedToolArguments
public class HostTools {

    public record HostList(List<HostView> items, int page, int size, long total) {
    }

    private final WorkerHostService hosts;
    private final McpAccess access;

    public HostTools(WorkerHostService hosts, McpAccess access) {
        this.hosts = hosts;
        this.access = access;
    }

    @Tool(name = "list_hosts", description = "Lists the worker hosts (each runs a worker-launcher): name, status (online, "
            + "stale: missed heartbeats, offline), state (enabled, draining, disabled), labels, executor, engine, GPUs "
            + "(model, UUID, VRAM) and running jobs. Target a run at one with launch_run's target_host, at labels with "
            + "target_labels, or at all of them with target_all.",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = HostList.class))
    public Uni<ToolResponse> listHosts(
            @ToolArg(name = "page", description = "Zero-based page", defaultValue = "0") int page,
            @ToolArg(name = "size", description = "Items per page, 1-500", defaultValue = "50") int size) {
        access.requireTool("list_hosts");
        return McpResults.answer(() -> hosts.list(PageRequest.of(page, size)), p -> {
            HostList list = new HostList(p.items(), p.page(), p.size(), p.total());
            return McpResults.of(list, p.total() + " host(s); page " + p.page() + ": " + McpResults.listing(
                    p.items().stream().map(HostTools::line).toList(), "; "));
        });
    }

    @Tool(name = "get_host", description = "One worker host by id or name, with its status, state, labels, GPUs and "
            + "running jobs.",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = HostView.class))
    public Uni<ToolResponse> getHost(@ToolArg(name = "host", description = "Host id or name (see list_hosts)") String host) {
        access.requireTool("get_host");
        return McpResults.answer(() -> hosts.get(host.strip()), h -> McpResults.of(h, line(h)));
    }

    static String line(HostView h) {
        return h.name() + " " + h.status() + "/" + h.state() + ", " + h.gpus().size() + " GPU(s), " + h.runningJobs() + "/"
                + h.maxConcurrentJobs() + " jobs" + (h.labels().isEmpty() ? "" : ", labels " + h.labels());
    }
}
