package io.cyberbrain.api.alert;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.cyberbrain.api.alert.AlertRuleViews.AlertRuleInput;
import io.cyberbrain.api.alert.AlertRuleViews.AlertRuleView;
import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.auth.Role;
import io.smallrye.mutiny.Uni;

/** What alerts open: rules matched by alert name and labels, first by priority; read by viewers, changed by admins. */
@Path("/api/alert-rules")
@Tag(name = "Alert rules", description = "Which alerts open a run or an investigation, and with what")
public class AlertRuleResource {

    private static final String EXAMPLE = """
            {"name": "container errors", "priority": 10, "alert_name": "ContainerErrors",
             "match_labels": {"severity": "critical"}, "match_regex": {"container": "web-.*"},
             "action": "run", "tasks": ["log_triage"], "containers": ["{{ $labels.container }}"], "use_rag": true}""";

    private final AlertRuleService service;

    public AlertRuleResource(AlertRuleService service) {
        this.service = service;
    }

    @GET
    @RolesAllowed(Role.VIEWER_ROLE)
    @Operation(operationId = "listAlertRules", summary = "Alert rules in the order they are tried (priority, then age)")
    public Uni<Page<AlertRuleView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(PageRequest.of(page, size)).map(p -> p.map(AlertRuleView::of));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_ROLE)
    @Operation(operationId = "getAlertRule")
    public Uni<AlertRuleView> get(@PathParam("id") long id) {
        return service.get(id).map(AlertRuleView::of);
    }

    @POST
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "createAlertRule")
    @APIResponse(responseCode = "201", description = "Rule created; Location names it",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AlertRuleView.class)))
    public Uni<Response> create(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(
            name = "example", summary = "Triage the failing container's logs", value = EXAMPLE))) @Valid @NotNull AlertRuleInput input) {
        return service.create(input).map(r -> Response.created(URI.create("/api/alert-rules/" + r.id))
                .entity(AlertRuleView.of(r)).build());
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "updateAlertRule")
    public Uni<AlertRuleView> update(@PathParam("id") long id, @RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "example", summary = "Pause it", value = "{\"enabled\": false}")))
                                     @Valid @NotNull AlertRuleInput input) {
        return service.update(id, input).map(AlertRuleView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "deleteAlertRule")
    @APIResponse(responseCode = "204", description = "Deleted; the alerts it routed keep their decisions")
    public Uni<Response> delete(@PathParam("id") long id) {
        return service.delete(id).map(v -> Response.noContent().build());
    }
}
