package io.cyberbrain.api.schedule;

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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.schedule.ScheduleViews.FireView;
import io.cyberbrain.api.schedule.ScheduleViews.Preview;
import io.cyberbrain.api.schedule.ScheduleViews.PreviewInput;
import io.cyberbrain.api.schedule.ScheduleViews.ScheduleInput;
import io.cyberbrain.api.schedule.ScheduleViews.ScheduleView;
import io.cyberbrain.model.auth.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Schedules (interval, cron, once) that the scheduler service fires into runs; see docs/scheduler.md. */
@Path("/api/schedules")
@Tag(name = "Schedules", description = "Runs fired on an interval, a cron expression or once; previews and fire history")
@RolesAllowed(Role.VIEWER_ROLE)
public class ScheduleResource {

    private final ScheduleService service;
    private final SecurityIdentity identity;

    public ScheduleResource(ScheduleService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "listSchedules")
    public Uni<Page<ScheduleView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(PageRequest.of(page, size)).map(p -> p.map(ScheduleView::of));
    }

    @POST
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(operationId = "createSchedule")
    @APIResponse(responseCode = "201", description = "Schedule created; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ScheduleView.class)))
    public Uni<Response> create(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "Triage every 5 minutes", value = "{\"name\": \"triage-every-5\", \"job\": \"log_triage\", \"enabled\": true, \"schedule_type\": \"interval\", \"interval_minutes\": 5, \"timezone\": \"UTC\"}"))) @Valid @NotNull ScheduleInput input) {
        return service.create(input).map(loaded -> Response.created(URI.create("/api/schedules/" + loaded.schedule().id))
                .entity(ScheduleView.of(loaded)).build());
    }

    @POST
    @Path("/preview")
    @Operation(operationId = "previewSchedule", summary = "The next fire times and a description of a timing, before saving it")
    public Preview preview(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "A nightly cron", value = "{\"schedule_type\": \"cron\", \"cron_expr\": \"30 2 * * *\", \"timezone\": \"Europe/Berlin\", \"count\": 3}"))) @Valid @NotNull PreviewInput input) {
        return service.preview(input);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getSchedule")
    public Uni<ScheduleView> get(@PathParam("id") long id) {
        return service.get(id).map(ScheduleView::of);
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(operationId = "updateSchedule")
    public Uni<ScheduleView> update(@PathParam("id") long id, @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "Every 15 minutes instead", value = "{\"interval_minutes\": 15}"))) @Valid @NotNull ScheduleInput input) {
        return service.update(id, input).map(ScheduleView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(operationId = "deleteSchedule", summary = "Delete a schedule and its fire history; the runs it launched stay")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("id") long id) {
        return service.delete(id).map(v -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/enable")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(operationId = "enableSchedule")
    public Uni<ScheduleView> enable(@PathParam("id") long id) {
        return service.setEnabled(id, true).map(ScheduleView::of);
    }

    @POST
    @Path("/{id}/disable")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(operationId = "disableSchedule")
    public Uni<ScheduleView> disable(@PathParam("id") long id) {
        return service.setEnabled(id, false).map(ScheduleView::of);
    }

    @POST
    @Path("/{id}/run-now")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(operationId = "runScheduleNow", summary = "Fire now through the scheduler's path (limits, launch, history); the regular next time stays")
    public Uni<FireView> runNow(@PathParam("id") long id) {
        return service.runNow(id, identity.getPrincipal().getName()).map(FireView::of);
    }

    @GET
    @Path("/{id}/history")
    @Operation(operationId = "listScheduleHistory")
    public Uni<Page<FireView>> history(@PathParam("id") long id, @QueryParam("page") Integer page,
                                       @QueryParam("size") Integer size) {
        return service.history(id, PageRequest.of(page, size)).map(p -> p.map(FireView::of));
    }
}
