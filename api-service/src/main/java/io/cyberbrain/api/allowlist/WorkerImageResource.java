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

import io.cyberbrain.api.allowlist.AllowlistViews.ImageInput;
import io.cyberbrain.api.allowlist.AllowlistViews.ImageView;
import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.auth.Role;
import io.smallrye.mutiny.Uni;

/** Images the launcher may spawn as workers. */
@Path("/api/allowlist/images")
@Tag(name = "Allowlists")
@RolesAllowed(Role.VIEWER_ROLE)
public class WorkerImageResource {

    private final WorkerImageService service;

    public WorkerImageResource(WorkerImageService service) {
        this.service = service;
    }

    @GET
    public Uni<Page<ImageView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(PageRequest.of(page, size)).map(p -> p.map(ImageView::of));
    }

    @GET
    @Path("/{id}")
    public Uni<ImageView> get(@PathParam("id") long id) {
        return service.get(id).map(ImageView::of);
    }

    @POST
    @RolesAllowed(Role.ADMIN_ROLE)
    public Uni<Response> create(@Valid @NotNull ImageInput input) {
        return service.create(input).map(i -> Response.created(URI.create("/api/allowlist/images/" + i.id))
                .entity(ImageView.of(i)).build());
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    public Uni<ImageView> update(@PathParam("id") long id, @Valid @NotNull ImageInput input) {
        return service.update(id, input).map(ImageView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    public Uni<Response> delete(@PathParam("id") long id) {
        return service.delete(id).map(v -> Response.noContent().build());
    }
}
