package io.cyberbrain.api.investigation;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
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

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.investigation.InvestigationOrigin;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Investigations over REST; {@code /api/agent-runs} is an alias of this path (the original's "agent runs"). */
@Path("/api/investigations")
@Tag(name = "Investigations", description = "A goal worked on in steps (task runs, library searches, comparisons, GPU "
        + "history) within a directive and budgets, ending with a report of findings and evidence")
@RolesAllowed(Role.VIEWER_ROLE)
public class InvestigationResource {

    private final InvestigationService service;
    private final SecurityIdentity identity;

    public InvestigationResource(InvestigationService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(operationId = "createInvestigation", summary = "Start an investigation of a goal within a directive and budgets")
    @APIResponse(responseCode = "201", description = "Investigation started (planning); Location names it",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = InvestigationViews.Detail.class)))
    public Uni<Response> start(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(
            name = "example", summary = "Why did the GPU run out of memory?",
            value = "{\"goal\": \"ollama keeps restarting with CUDA out of memory\", \"directive_id\": 4, \"max_steps\": 5}")))
                                 @Valid @NotNull InvestigationInput input) {
        return service.start(new InvestigationService.StartRequest(input.goal(), input.directiveId(), input.labels(),
                        input.maxSteps(), input.maxWallSeconds(), input.maxTokens(), InvestigationOrigin.API,
                        identity.getPrincipal().getName(), null))
                .map(w -> Response.created(URI.create("/api/investigations/" + w.investigation().id))
                        .entity(InvestigationViews.Detail.of(w)).build());
    }

    @GET
    @Operation(operationId = "listInvestigations", summary = "Investigations, newest first")
    public Uni<Page<InvestigationViews.Summary>> list(@QueryParam("status") String status, @QueryParam("page") Integer page,
                                                       @QueryParam("size") Integer size) {
        return service.list(status, PageRequest.of(page, size)).map(p -> p.map(InvestigationViews.Summary::of));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getInvestigation", summary = "One investigation with its steps and, once ended, its report")
    public Uni<InvestigationViews.Detail> get(@PathParam("id") long id) {
        return service.get(id).map(InvestigationViews.Detail::of);
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(operationId = "cancelInvestigation", summary = "Stop an investigation: its engine cancels the step's run and "
            + "ends it cancelled, with its report")
    public Uni<InvestigationViews.Detail> cancel(@PathParam("id") long id) {
        return service.cancel(id, identity.getPrincipal().getName()).map(InvestigationViews.Detail::of);
    }
}
