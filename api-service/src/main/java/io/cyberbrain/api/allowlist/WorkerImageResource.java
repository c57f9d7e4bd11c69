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

import io.cyberbrain.api.allowlist.AllowlistViews.ImageInput;
import io.cyberbrain.api.allowlist.AllowlistViews.ImageView;
import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.auth.Role;
import io.smallrye.mutiny.Uni;

/** Images the launcher may spawn as workers. */
@Path("/api/allowlist/images")
@Tag(name = "Allowlists", description = "The containers tasks may read, and the worker images the launcher may start")
@RolesAllowed(Role.VIEWER_ROLE)
public class WorkerImageResource {

    private final WorkerImageService service;

    public WorkerImageResource(WorkerImageService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "listWorkerImages")
    public Uni<Page<ImageView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(PageRequest.of(page, size)).map(p -> p.map(ImageView::of));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getWorkerImage")
    public Uni<ImageView> get(@PathParam("id") long id) {
        return service.get(id).map(ImageView::of);
    }

    @POST
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "createWorkerImage")
    @APIResponse(responseCode = "201", description = "Image created; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ImageView.class)))
    public Uni<Response> create(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "A GPU worker image", value = "{\"image_name\": \"ghcr.io/acme/worker\", \"image_tag\": \"1.2.0\", \"needs_gpu\": true, \"min_vram_mb\": 4096}"))) @Valid @NotNull ImageInput input) {
        return service.create(input).map(i -> Response.created(URI.create("/api/allowlist/images/" + i.id))
                .entity(ImageView.of(i)).build());
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "updateWorkerImage")
    public Uni<ImageView> update(@PathParam("id") long id, @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "Disable it", value = "{\"enabled\": false}"))) @Valid @NotNull ImageInput input) {
        return service.update(id, input).map(ImageView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "deleteWorkerImage")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("id") long id) {
        return service.delete(id).map(v -> Response.noContent().build());
    }
}
