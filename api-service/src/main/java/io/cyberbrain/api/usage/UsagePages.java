package io.cyberbrain.api.usage;

import java.time.Clock;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.cyberbrain.api.common.TimeWindow;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.api.run.RunPages;
import io.cyberbrain.api.ui.UiPages;
import io.cyberbrain.api.ui.UiSupport;
import io.cyberbrain.api.ui.UiUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Token usage: totals, charts by model, day and directive, and the cost estimate from configured prices. */
@Path("/ui/usage")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER_ROLE)
public class UsagePages {

    /** Everything the page shows for one time window, charts already drawn. */
    public record UsageView(UsageViews.TokenStats stats, UsageViews.CostReport cost, java.util.List<UsageViews.DirectiveUsage> directives,
                            String byModelChart, String byDayChart, String byDirectiveChart) {
    }

    private final UsageService usage;
    private final Clock clock;
    private final UiSupport support;

    public UsagePages(UsageService usage, Clock clock, UiSupport support) {
        this.usage = usage;
        this.clock = clock;
        this.support = support;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> page(@QueryParam("since") String since, @QueryParam("until") String until) {
        TimeWindow window = TimeWindow.parse(utcWallTime(UiSupport.blank(since)),
                utcWallTime(UiSupport.blank(until)), clock);
        return usage.tokenStats(window).flatMap(stats -> usage.costReport(window).flatMap(cost -> usage.byDirective(window)
                .map(directives -> Templates.usage(support.user(), new UsageView(stats, cost, directives,
                        BarChartSvg.render("Tokens by model", stats.byModel().stream()
                                .map(m -> new BarChartSvg.Bar(m.model(), m.totalTokens())).toList()),
                        BarChartSvg.render("Tokens by day", stats.byDay().stream()
                                .map(d -> new BarChartSvg.Bar(d.day(), d.totalTokens())).toList()),
                        BarChartSvg.render("Tokens by directive", directives.stream()
                                .map(d -> new BarChartSvg.Bar(d.directiveName() == null ? "custom" : d.directiveName(),
                                        d.totalTokens())).toList()))))));
    }

    /**
     * A form sent without JavaScript carries the inputs' own value, UTC wall time without a zone (the page fills them
     * so, see UiExtensions.inputMinute): read it as UTC. Anything else goes to the usual parser as it came.
     */
    static String utcWallTime(String value) {
        if (value != null && value.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?")) {
            return value + (value.length() == 16 ? ":00Z" : "Z");
        }
        return value;
    }

    /** This page's type-checked templates (src/main/resources/templates/ui/). */
    @CheckedTemplate(basePath = "ui")
    static class Templates {

        public static native TemplateInstance usage(UiUser user, UsagePages.UsageView usage);
    }
}
