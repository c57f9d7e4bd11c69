package io.cyberbrain.api.ui;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.cyberbrain.model.auth.Role;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

@Path("/ui")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER_ROLE)
public class DashboardResource {

    private final DashboardService dashboard;
    private final UiSupport support;

    public DashboardResource(DashboardService dashboard, UiSupport support) {
        this.dashboard = dashboard;
        this.support = support;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> dashboard() {
        return dashboard.load().map(view -> UiPages.dashboard(support.user(), view));
    }
}
