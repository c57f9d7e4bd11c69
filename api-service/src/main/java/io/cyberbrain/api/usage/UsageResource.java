package io.cyberbrain.api.usage;

import java.time.Clock;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.common.TimeWindow;
import io.cyberbrain.model.auth.Role;
import io.smallrye.mutiny.Uni;

/** Token accounting: calls by their counts only, totals, cost, usage by directive. */
@Path("/api")
@Tag(name = "Token usage", description = "LLM calls, token counts and cost reports (counts only, never prompts or answers)")
@RolesAllowed(Role.VIEWER_ROLE)
public class UsageResource {

    private final UsageService service;
    private final Clock clock;

    public UsageResource(UsageService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    @GET
    @Path("/llm-calls")
    @Operation(operationId = "listLlmCalls")
    public Uni<Page<UsageViews.LlmCallView>> calls(@QueryParam("model") String model, @QueryParam("run_id") Long runId,
                                                   @QueryParam("success") Boolean success, @QueryParam("since") String since,
                                                   @QueryParam("until") String until, @QueryParam("page") Integer page,
                                                   @QueryParam("size") Integer size) {
        return service.calls(model, runId, success, TimeWindow.parse(since, until, clock), PageRequest.of(page, size))
                .map(p -> p.map(UsageViews.LlmCallView::of));
    }

    @GET
    @Path("/token-stats")
    @Operation(operationId = "getTokenStats")
    public Uni<UsageViews.TokenStats> tokenStats(@QueryParam("since") String since, @QueryParam("until") String until) {
        return service.tokenStats(TimeWindow.parse(since, until, clock));
    }

    @GET
    @Path("/cost-report")
    @Operation(operationId = "getCostReport")
    public Uni<UsageViews.CostReport> costReport(@QueryParam("since") String since, @QueryParam("until") String until) {
        return service.costReport(TimeWindow.parse(since, until, clock));
    }

    @GET
    @Path("/usage-by-directive")
    @Operation(operationId = "getUsageByDirective")
    public Uni<UsageViews.UsageByDirective> byDirective(@QueryParam("since") String since, @QueryParam("until") String until) {
        TimeWindow window = TimeWindow.parse(since, until, clock);
        return service.byDirective(window).map(list -> new UsageViews.UsageByDirective(window.since(), window.until(), list));
    }
}
