package io.cyberbrain.api.dashboard;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.cyberbrain.model.auth.Role;
import io.cyberbrain.api.ui.UiPages;
import io.cyberbrain.api.ui.UiSupport;
import io.cyberbrain.api.ui.UiUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

@Path("/ui")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER_ROLE)
public class DashboardPages {

    private final DashboardService dashboard;
    private final UiSupport support;

    public DashboardPages(DashboardService dashboard, UiSupport support) {
        this.dashboard = dashboard;
        this.support = support;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> dashboard() {
        return dashboard.load().map(view -> Templates.dashboard(support.user(), view));
    }

    /** This page's type-checked templates (src/main/resources/templates/ui/). */
    @CheckedTemplate(basePath = "ui")
    static class Templates {

        public static native TemplateInstance dashboard(UiUser user, DashboardView dashboard);
    }
}
