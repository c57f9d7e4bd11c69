package io.cyberbrain.api.host;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.host.HostViews.HostHealth;
import io.cyberbrain.api.host.HostViews.HostPatch;
import io.cyberbrain.api.host.HostViews.HostView;
import io.cyberbrain.model.auth.Role;
import io.smallrye.mutiny.Uni;

/** The hosts that run worker-launchers (the original's {@code /api/worker-hosts/}): each registers itself and heart-beats. */
@Path("/api/worker-hosts")
@Tag(name = "Worker hosts", description = "Hosts running a worker-launcher: status from heartbeats, labels and state for targeting")
@RolesAllowed(Role.VIEWER_ROLE)
public class WorkerHostResource {

    private final WorkerHostService service;

    public WorkerHostResource(WorkerHostService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "listWorkerHosts", summary = "Registered hosts by name, with status, state, labels, GPUs and running jobs")
    public Uni<Page<HostView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(PageRequest.of(page, size));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getWorkerHost")
    public Uni<HostView> get(@PathParam("id") long id) {
        return service.get(id);
    }

    @GET
    @Path("/{id}/health")
    @Operation(operationId = "getWorkerHostHealth", summary = "Whether the host heart-beats and claims work, with the reasons when not")
    public Uni<HostHealth> health(@PathParam("id") long id) {
        return service.health(id);
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "updateWorkerHost", summary = "Change a host's labels or state (enabled, draining, disabled)")
    public Uni<HostView> update(@PathParam("id") long id, @RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "example", summary = "Drain it before maintenance", value = "{\"state\": \"draining\"}")))
                                @Valid @NotNull HostPatch patch) {
        return service.update(id, patch);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "deleteWorkerHost", summary = "Remove an offline host (409 while it is online or stale)")
    @APIResponse(responseCode = "204", description = "Removed")
    public Uni<Response> delete(@PathParam("id") long id) {
        return service.delete(id).map(v -> Response.noContent().build());
    }
}
