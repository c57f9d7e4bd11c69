package io.cyberbrain.api.run;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.run.LaunchRequest;
import io.cyberbrain.model.run.RunDecisionService;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.RunTrigger;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/api/runs")
@Tag(name = "Runs", description = "Launch, follow, approve, deny and cancel runs; their reports, jobs and artifacts")
@RolesAllowed(Role.VIEWER_ROLE)
public class RunResource {

    /** Optional note an admin attaches to an approval or denial. */
    public record DecisionInput(@Size(max = 500) String note) {
    }

    private final RunLaunchService launcher;
    private final RunDecisionService decisions;
    private final RunQueryService queries;
    private final SecurityIdentity identity;

    public RunResource(RunLaunchService launcher, RunDecisionService decisions, RunQueryService queries,
                       SecurityIdentity identity) {
        this.launcher = launcher;
        this.decisions = decisions;
        this.queries = queries;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(operationId = "createRun", summary = "Launch a run of one or more tasks with a directive or custom directive text")
    @APIResponse(responseCode = "201", description = "Run created; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunViews.Detail.class)))
    public Uni<Response> launch(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "Triage with runbook passages", value = "{\"tasks\": [\"log_triage\"], \"directive_id\": 1, \"use_rag\": true}"))) @Valid @NotNull LaunchInput input) {
        LaunchRequest request = new LaunchRequest(input.tasks(), input.directiveId(), input.customDirectiveText(),
                Boolean.TRUE.equals(input.useRag()), input.task3Scope(), RunTrigger.API, identity.getPrincipal().getName(), null,
                input.logScopeRequest(), input.targetRequest());
        return launcher.launch(request).map(launched -> Response.created(URI.create("/api/runs/" + launched.run().id))
                .entity(RunViews.Detail.of(launched.run(), launched.jobs())).build());
    }

    @POST
    @Path("/launch")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(operationId = "createRunLegacy", summary = "Alias of POST /api/runs, kept for the original API's scripts")
    @APIResponse(responseCode = "201", description = "Run created; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunViews.Detail.class)))
    public Uni<Response> launchAlias(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "A GPU report with its default directive", value = "{\"tasks\": [\"gpu_report\"]}"))) @Valid @NotNull LaunchInput input) {
        return launch(input);
    }

    @GET
    @Operation(operationId = "listRuns")
    public Uni<Page<RunViews.Summary>> list(@QueryParam("status") String status, @QueryParam("task") String task,
                                            @QueryParam("directive_id") Long directiveId, @QueryParam("trigger") String trigger,
                                            @QueryParam("since") String since, @QueryParam("until") String until,
                                            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        RunFilter filter = RunFilter.parse(status, task, directiveId, trigger, since, until);
        return queries.list(filter, PageRequest.of(page, size))
                .map(p -> p.map(r -> RunViews.Summary.of(r.run(), r.jobs())));
    }

    @GET
    @Path("/since-last-success")
    @Operation(operationId = "getRunsSinceLastSuccess", summary = "Per task: the last successful run and the runs launched since")
    public Uni<RunViews.SinceLastSuccess> sinceLastSuccess(@QueryParam("task") String task) {
        List<TaskKey> tasks = task == null ? Arrays.asList(TaskKey.values()) : List.of(TaskKey.parse(task)
                .orElseThrow(() -> new InvalidRequestException("task", "must be one of " + TaskKey.allowed())));
        return queries.sinceLastSuccess(tasks).map(RunViews.SinceLastSuccess::new);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getRun")
    public Uni<RunViews.Detail> get(@PathParam("id") long id) {
        return queries.get(id).map(r -> RunViews.Detail.of(r.run(), r.jobs()));
    }

    @GET
    @Path("/{id}/report")
    @Operation(operationId = "getRunReport")
    public Uni<RunViews.Report> report(@PathParam("id") long id) {
        return queries.get(id).map(r -> RunViews.Report.of(r.run(), r.jobs()));
    }

    @GET
    @Path("/{id}/jobs")
    @Operation(operationId = "listRunJobs")
    public Uni<List<RunViews.JobView>> jobs(@PathParam("id") long id) {
        return queries.get(id).map(r -> r.jobs().stream().map(RunViews.JobView::of).toList());
    }

    @GET
    @Path("/{id}/artifacts")
    @Operation(operationId = "listRunArtifacts")
    public Uni<List<RunViews.ArtifactView>> artifacts(@PathParam("id") long id) {
        return queries.artifacts(id).map(list -> list.stream().map(RunViews.ArtifactView::of).toList());
    }

    @GET
    @Path("/{id}/artifacts/{artifactId}/download")
    @Operation(operationId = "downloadRunArtifact")
    @APIResponse(responseCode = "200", description = "The artifact file, with its own media type", content = @Content(mediaType = "*/*", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Uni<Response> download(@PathParam("id") long id, @PathParam("artifactId") long artifactId) {
        return queries.artifactFile(id, artifactId).map(entry -> Response.ok(entry.getValue().toFile(), entry.getKey().mimeType)
                .header("Content-Disposition", "attachment; filename=\"" + entry.getValue().getFileName() + "\"")
                .build());
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(operationId = "cancelRun")
    public Uni<RunViews.Detail> cancel(@PathParam("id") long id) {
        return decisions.cancel(id, identity.getPrincipal().getName()).flatMap(run -> get(id));
    }

    @POST
    @Path("/{id}/approve")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "approveRun")
    public Uni<RunViews.Detail> approve(@PathParam("id") long id, @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "With a note", value = "{\"note\": \"checked with the on-call\"}"))) @Valid DecisionInput input) {
        return decisions.approve(id, identity.getPrincipal().getName(), input == null ? null : input.note())
                .flatMap(run -> get(id));
    }

    @POST
    @Path("/{id}/deny")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "denyRun")
    public Uni<RunViews.Detail> deny(@PathParam("id") long id, @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "With a note", value = "{\"note\": \"not during the maintenance window\"}"))) @Valid DecisionInput input) {
        return decisions.deny(id, identity.getPrincipal().getName(), input == null ? null : input.note())
                .flatMap(run -> get(id));
    }
}
