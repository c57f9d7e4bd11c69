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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.auth.Role;
import io.smallrye.mutiny.Uni;

/** Directives are read by anyone; only admins change them, since a directive decides approval gating. */
@Path("/api/directives")
@Tag(name = "Directives", description = "Instructions a task follows, versioned; a directive may require an admin's approval before a run starts")
@RolesAllowed(Role.VIEWER_ROLE)
public class DirectiveResource {

    private final DirectiveService service;

    public DirectiveResource(DirectiveService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "listDirectives")
    public Uni<Page<DirectiveView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size,
                                         @QueryParam("active") Boolean active) {
        return service.list(PageRequest.of(page, size), active).map(p -> p.map(DirectiveView::of));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getDirective")
    public Uni<DirectiveView> get(@PathParam("id") long id) {
        return service.get(id).map(DirectiveView::of);
    }

    @GET
    @Path("/{id}/versions")
    @Operation(operationId = "listDirectiveVersions")
    public Uni<List<DirectiveView.Version>> versions(@PathParam("id") long id) {
        return service.versions(id).map(vs -> vs.stream().map(DirectiveView.Version::of).toList());
    }

    @POST
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "createDirective")
    @APIResponse(responseCode = "201", description = "Directive created; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = DirectiveView.class)))
    public Uni<Response> create(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "A triage directive", value = "{\"name\": \"Nightly triage\", \"type\": \"log_triage\", \"description\": \"Errors since the last success\", \"text\": \"Group the new log lines into templates and rank what to look at first.\", \"task_config\": {\"log_triage\": {\"top_templates\": 10}}, \"approval_required\": false}"))) @Valid @NotNull DirectiveInput input) {
        return service.create(input).map(d -> Response.created(URI.create("/api/directives/" + d.id))
                .entity(DirectiveView.of(d)).build());
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "updateDirective")
    public Uni<DirectiveView> update(@PathParam("id") long id, @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "Change the text only", value = "{\"text\": \"Group the new log lines into templates; flag new ones first.\"}"))) @Valid @NotNull DirectiveInput input) {
        return service.update(id, input).map(DirectiveView::of);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "replaceDirective")
    public Uni<DirectiveView> replace(@PathParam("id") long id, @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "Every field", value = "{\"name\": \"Nightly triage\", \"type\": \"log_triage\", \"description\": \"Errors since the last success\", \"text\": \"Group the new log lines into templates and rank what to look at first.\", \"task_config\": {\"log_triage\": {\"top_templates\": 10}}, \"active\": true, \"approval_required\": false}"))) @Valid @NotNull DirectiveInput input) {
        return service.update(id, input).map(DirectiveView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "deleteDirective")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("id") long id) {
        return service.delete(id).map(v -> Response.noContent().build());
    }
}
