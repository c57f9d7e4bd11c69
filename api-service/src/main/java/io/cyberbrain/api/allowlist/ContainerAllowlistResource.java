package io.cyberbrain.api.allowlist;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;

import io.cyberbrain.api.allowlist.AllowlistViews.ContainerInput;
import io.cyberbrain.api.allowlist.AllowlistViews.ContainerView;
import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.auth.Role;
import io.smallrye.mutiny.Uni;

/** Containers that may be inspected and have their logs read. {@code /api/containers} is the original name. */
@Path("/api/allowlist/containers")
@Tag(name = "Allowlists", description = "The containers tasks may read, and the worker images the launcher may start")
@RolesAllowed(Role.VIEWER_ROLE)
public class ContainerAllowlistResource {

    private final ContainerAllowlistService service;

    public ContainerAllowlistResource(ContainerAllowlistService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "listAllowedContainers")
    public Uni<Page<ContainerView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size,
                                         @QueryParam("enabled") Boolean enabled) {
        return service.list(PageRequest.of(page, size), enabled).map(p -> p.map(ContainerView::of));
    }

    @GET
    @Path("/{containerId}")
    @Operation(operationId = "getAllowedContainer")
    public Uni<ContainerView> get(@PathParam("containerId") String containerId) {
        return service.get(containerId).map(ContainerView::of);
    }

    @POST
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "createAllowedContainer")
    @APIResponse(responseCode = "201", description = "Entry created; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ContainerView.class)))
    public Uni<Response> create(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "A web container", value = "{\"container_id\": \"0123456789ab\", \"name\": \"nginx\", \"tags\": [\"web\", \"edge\"], \"description\": \"Front proxy\"}"))) @Valid @NotNull ContainerInput input) {
        return service.create(input).map(c -> Response.created(URI.create("/api/allowlist/containers/" + c.containerId))
                .entity(ContainerView.of(c)).build());
    }

    @PATCH
    @Path("/{containerId}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "updateAllowedContainer")
    public Uni<ContainerView> update(@PathParam("containerId") String containerId, @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "New tags", value = "{\"tags\": [\"web\"]}"))) @Valid @NotNull ContainerInput input) {
        return service.update(containerId, input).map(ContainerView::of);
    }

    @POST
    @Path("/{containerId}/enable")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "enableAllowedContainer")
    public Uni<ContainerView> enable(@PathParam("containerId") String containerId) {
        return service.setEnabled(containerId, true).map(ContainerView::of);
    }

    @POST
    @Path("/{containerId}/disable")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "disableAllowedContainer")
    public Uni<ContainerView> disable(@PathParam("containerId") String containerId) {
        return service.setEnabled(containerId, false).map(ContainerView::of);
    }

    @DELETE
    @Path("/{containerId}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "deleteAllowedContainer")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("containerId") String containerId) {
        return service.delete(containerId).map(v -> Response.noContent().build());
    }
}
