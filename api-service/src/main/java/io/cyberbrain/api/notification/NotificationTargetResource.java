package io.cyberbrain.api.notification;

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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.common.ProblemResponses;
import io.cyberbrain.api.notification.NotificationViews.DeliveryView;
import io.cyberbrain.api.notification.NotificationViews.TargetInput;
import io.cyberbrain.api.notification.NotificationViews.TargetView;
import io.cyberbrain.api.notification.NotificationViews.TestResult;
import io.cyberbrain.model.auth.Role;
import io.smallrye.mutiny.Uni;

/**
 * Where run notifications go (Discord, email, generic webhooks). Admin only, reads included: a target's
 * config names endpoints and mail servers even with its secrets masked.
 */
@Path("/api/notification-targets")
@Tag(name = "Notifications", description = "Where run notifications go (webhooks, Discord, Slack, email) and what was delivered")
@RolesAllowed(Role.ADMIN_ROLE)
public class NotificationTargetResource {

    private final NotificationTargetService service;

    public NotificationTargetResource(NotificationTargetService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "listNotificationTargets")
    public Uni<Page<TargetView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(PageRequest.of(page, size)).map(p -> p.map(TargetView::of));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getNotificationTarget")
    public Uni<TargetView> get(@PathParam("id") long id) {
        return service.get(id).map(TargetView::of);
    }

    @POST
    @Operation(operationId = "createNotificationTarget")
    @APIResponse(responseCode = "201", description = "Target created; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TargetView.class)))
    public Uni<Response> create(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "A Discord webhook for failures", value = "{\"name\": \"ops-discord\", \"kind\": \"discord\", \"config\": {\"webhook_url\": \"https://discord.com/api/webhooks/123/abc\"}, \"events\": [\"run_failed\"]}"))) @Valid @NotNull TargetInput input) {
        return service.create(input).map(t -> Response.created(URI.create("/api/notification-targets/" + t.id))
                .entity(TargetView.of(t)).build());
    }

    @PATCH
    @Path("/{id}")
    @Operation(operationId = "updateNotificationTarget")
    public Uni<TargetView> update(@PathParam("id") long id, @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "Pause it", value = "{\"enabled\": false}"))) @Valid @NotNull TargetInput input) {
        return service.update(id, input).map(TargetView::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteNotificationTarget")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("id") long id) {
        return service.delete(id).map(v -> Response.noContent().build());
    }

    /** Sends a sample notice now; 200 when the target took it, 502 with the redacted reason when it did not. */
    @POST
    @Path("/{id}/test")
    @Operation(operationId = "testNotificationTarget")
    @APIResponse(responseCode = "200", description = "The target took the test notification", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TestResult.class)))
    @APIResponse(responseCode = "502", description = "The target did not take it; the problem says why", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Uni<Response> test(@PathParam("id") long id, @Context UriInfo uri) {
        return service.test(id).map(tested -> {
            var target = tested.target();
            var result = tested.result();
            if (result.isSent()) {
                return Response.ok(TestResult.of(target, result)).build();
            }
            String detail = "the " + target.kind.wire() + " target did not take the test notification: " + result.reason()
                    + (result.isRetryable() ? " (may be temporary; run notifications retry this)" : "");
            return ProblemResponses.of(502, detail, uri.getPath());
        });
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(operationId = "listNotificationDeliveries")
    public Uni<Page<DeliveryView>> deliveries(@PathParam("id") long id, @QueryParam("page") Integer page,
                                              @QueryParam("size") Integer size) {
        return service.deliveries(id, PageRequest.of(page, size)).map(p -> p.map(DeliveryView::of));
    }
}
