package io.cyberbrain.api.directive;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.auth.Role;
import io.smallrye.mutiny.Uni;

/** Directives are read by anyone; only admins change them, since a directive decides approval gating. */
@Path("/api/directives")
@Tag(name = "Directives")
@RolesAllowed(Role.VIEWER_ROLE)
public class DirectiveResource {

    private final DirectiveService service;

    public DirectiveResource(DirectiveService service) {
        this.service = service;
    }

    @GET
    public Uni<Page<DirectiveView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size,
                                         @QueryParam("active") Boolean active) {
        return service.list(PageRequest.of(page, size), active).map(p -> p.map(DirectiveView::of));
    }

    @GET
    @Path("/{id}")
    public Uni<DirectiveView> get(@PathParam("id") long id) {
        return service.get(id).map(DirectiveView::of);
    }

    @GET
    @Path("/{id}/versions")
    public Uni<List<DirectiveView.Version>> versions(@PathParam("id") long id) {
        return service.versions(id).map(vs -> vs.stream().map(DirectiveView.Version::of).toList());
    }

    @POST
    @RolesAllowed(Role.ADMIN_ROLE)
    public Uni<Response> create(@Valid @NotNull DirectiveInput input) {
        return service.create(input).map(d -> Response.created(URI.create("/api/directives/" + d.id))
                .entity(DirectiveView.of(d)).build());
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    public Uni<DirectiveView> update(@PathParam("id") long id, @Valid @NotNull DirectiveInput input) {
        return service.update(id, input).map(DirectiveView::of);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    public Uni<DirectiveView> replace(@PathParam("id") long id, @Valid @NotNull DirectiveInput input) {
        return service.update(id, input).map(DirectiveView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    public Uni<Response> delete(@PathParam("id") long id) {
        return service.delete(id).map(v -> Response.noContent().build());
    }
}
