package io.cyberbrain.api.job;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.auth.Role;
import io.smallrye.mutiny.Uni;

@Path("/api/jobs")
@Tag(name = "Jobs", description = "The three tasks (log_triage, gpu_report, service_map) and their defaults")
@RolesAllowed(Role.VIEWER_ROLE)
public class JobResource {

    private final JobService service;

    public JobResource(JobService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "listJobs")
    public Uni<Page<JobView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(PageRequest.of(page, size)).map(p -> p.map(JobView::of));
    }

    @GET
    @Path("/{idOrKey}")
    @Operation(operationId = "getJob")
    public Uni<JobView> get(@PathParam("idOrKey") String idOrKey) {
        return service.get(idOrKey).map(JobView::of);
    }

    @PATCH
    @Path("/{idOrKey}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(operationId = "updateJob")
    public Uni<JobView> update(@PathParam("idOrKey") String idOrKey, @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "A longer timeout", value = "{\"timeout_seconds\": 1200}"))) @Valid @NotNull JobView.Update update) {
        return service.update(idOrKey, update).map(JobView::of);
    }
}
