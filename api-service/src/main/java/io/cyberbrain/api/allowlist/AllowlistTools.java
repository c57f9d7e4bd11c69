package io.cyberbrain.api.allowlist;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.allowlist.AllowlistViews.ContainerInput;
import io.cyberbrain.api.allowlist.AllowlistViews.ContainerView;
import io.cyberbrain.api.allowlist.AllowlistViews.ImageView;
import io.cyberbrain.api.common.Inputs;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.error.NotFoundException;
import io.cyberbrain.api.mcp.CheckedToolArguments;
import io.cyberbrain.api.mcp.McpAccess;
import io.cyberbrain.api.mcp.McpResults;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;

/**
 * The allowlists: containers whose logs and wiring tasks may read, and the worker images tasks may run in.
 * Reading is for viewers; changing a container's entry is for admins, as over REST.
 */
@ApplicationScoped
@CheckedToolArguments
public class AllowlistTools {

    public record Allowlist(List<ContainerView> containers, List<ImageView> workerImages) {
    }

    public record ContainerChange(ContainerView container, boolean created) {
    }

    private final ContainerAllowlistService containers;
    private final WorkerImageService images;
    private final McpAccess access;
    private final Inputs inputs;

    public AllowlistTools(ContainerAllowlistService containers, WorkerImageService images, McpAccess access,
                          Inputs inputs) {
        this.containers = containers;
        this.images = images;
        this.access = access;
        this.inputs = inputs;
    }

    @Tool(name = "get_allowlist", description = "The allowlists: containers (id, name, enabled, tags) whose logs and "
            + "network wiring tasks may read, and worker images (reference, GPU need) that tasks may run in.",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = Allowlist.class))
    public Uni<ToolResponse> getAllowlist() {
        access.requireTool("get_allowlist");
        PageRequest all = PageRequest.of(0, PageRequest.MAX_SIZE);
        return McpResults.answer(() -> containers.list(all, null).flatMap(c -> images.list(all)
                        .map(i -> new Allowlist(c.items().stream().map(ContainerView::of).toList(),
                                i.items().stream().map(ImageView::of).toList()))),
                list -> McpResults.of(list, list.containers().size() + " container(s): " + McpResults.listing(
                        list.containers().stream().map(c -> c.name() + (c.enabled() ? "" : " (disabled)")).toList(), ", ")
                        + "; " + list.workerImages().size() + " worker image(s): " + McpResults.listing(
                        list.workerImages().stream().map(ImageView::reference).toList(), ", ")));
    }

    @Tool(name = "set_allowlist", description = "Adds a container to the allowlist, or changes its entry (name, enabled, "
            + "tags, description) when it is already there; enabled=false takes it off without forgetting it. Needs "
            + "the admin role.",
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false),
            outputSchema = @OutputSchema(from = ContainerChange.class))
    public Uni<ToolResponse> setAllowlist(
            @ToolArg(name = "container_id", description = "Docker container id, 12-64 lower-case hex characters")
            String containerId,
            @ToolArg(name = "name", description = "Container name (required when adding)", required = false) String name,
            @ToolArg(name = "enabled", description = "Whether tasks may read it", defaultValue = "true") boolean enabled,
            @ToolArg(name = "tags", description = "Labels, 1-64 letters, digits or . _ : -", required = false)
            List<String> tags,
            @ToolArg(name = "description", description = "Why it is on the list", required = false) String description) {
        access.requireTool("set_allowlist");
        ContainerInput input = new ContainerInput(containerId, name, enabled, tags, description);
        return McpResults.answer(() -> containers.update(containerId, inputs.valid(input))
                        .map(updated -> new ContainerChange(ContainerView.of(updated), false))
                        .onFailure(NotFoundException.class).recoverWithUni(missing -> containers.create(input)
                                .map(created -> new ContainerChange(ContainerView.of(created), true))),
                change -> McpResults.of(change, (change.created() ? "Added " : "Updated ") + change.container().name()
                        + " (" + change.container().containerId() + "), " + (change.container().enabled() ? "enabled" : "disabled")));
    }
}
