package io.cyberbrain.api.investigation;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.directive.DirectiveService;
import io.cyberbrain.api.directive.DirectiveView;
import io.cyberbrain.api.ui.MarkdownHtml;
import io.cyberbrain.api.ui.UiSupport;
import io.cyberbrain.api.ui.UiUser;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.investigation.InvestigationOrigin;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Investigations in the web UI: the list with the start form, and one investigation's page (live while open). */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(io.cyberbrain.model.auth.Role.VIEWER_ROLE)
public class InvestigationPages {

    static final int PAGE_SIZE = 25;

    private final InvestigationService service;
    private final DirectiveService directives;
    private final MarkdownHtml markdown;
    private final UiSupport support;
    private final InvestigationConfig config;

    public InvestigationPages(InvestigationService service, DirectiveService directives, MarkdownHtml markdown,
                              UiSupport support, InvestigationConfig config) {
        this.service = service;
        this.directives = directives;
        this.markdown = markdown;
        this.support = support;
        this.config = config;
    }

    @GET
    @Path("/investigations")
    @Operation(hidden = true)
    public Uni<TemplateInstance> list(@QueryParam("page") Integer page) {
        return listPage(page == null || page < 0 ? 0 : page, null, null, null);
    }

    @POST
    @Path("/investigations")
    @RolesAllowed(io.cyberbrain.model.auth.Role.OPERATOR_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> start(@FormParam("csrf") String csrf, @FormParam("goal") String goal,
                             @FormParam("directive_id") String directiveId, @FormParam("max_steps") String maxSteps,
                             @FormParam("max_wall_seconds") String maxWall, @FormParam("max_tokens") String maxTokens) {
        UiUser user = support.checkedUser(csrf);
        return Uni.createFrom().deferred(() -> service.start(new InvestigationService.StartRequest(goal,
                        number(directiveId, "directive_id"), Map.of(), intOrNull(maxSteps, "max_steps"),
                        intOrNull(maxWall, "max_wall_seconds"), number(maxTokens, "max_tokens"), InvestigationOrigin.UI,
                        user.name(), null)))
                .<Object>map(w -> UiSupport.seeOther("/ui/investigations/" + w.investigation().id))
                .onFailure(CyberbrainException.class).recoverWithUni(e -> listPage(0, e.getMessage(), goal, directiveId)
                        .map(p -> (Object) Response.status(400).entity(p).type(MediaType.TEXT_HTML).build()));
    }

    @GET
    @Path("/investigations/{id}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> one(@PathParam("id") long id) {
        return page(id).map(p -> Templates.investigation(support.user(), p));
    }

    /** The part that changes while it is open; htmx swaps it in every few seconds until it ends. */
    @GET
    @Path("/investigations/{id}/live")
    @Operation(hidden = true)
    public Uni<TemplateInstance> live(@PathParam("id") long id) {
        return page(id).map(p -> Templates.investigation$live(support.user(), p));
    }

    @POST
    @Path("/investigations/{id}/cancel")
    @RolesAllowed(io.cyberbrain.model.auth.Role.OPERATOR_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> cancel(@PathParam("id") long id, @FormParam("csrf") String csrf) {
        UiUser user = support.checkedUser(csrf);
        return service.cancel(id, user.name()).map(w -> UiSupport.seeOther("/ui/investigations/" + id));
    }

    private Uni<InvestigationPage> page(long id) {
        return service.get(id).map(w -> {
            InvestigationViews.Detail d = InvestigationViews.Detail.of(w);
            return new InvestigationPage(d, markdown.render(d.reportMarkdown()), w.investigation().status.isFinal());
        });
    }

    private Uni<TemplateInstance> listPage(int page, String error, String goal, String directiveId) {
        return directives.list(PageRequest.of(0, PageRequest.MAX_SIZE), true).flatMap(ds -> service.list(null,
                PageRequest.of(page, PAGE_SIZE)).map(p -> Templates.investigations(support.user(), new ListPage(
                p.items().stream().map(InvestigationViews.Summary::of).toList(),
                ds.items().stream().map(DirectiveView::of).toList(), page,
                (int) Math.max(1, (p.total() + PAGE_SIZE - 1) / PAGE_SIZE), p.total(), error, goal, directiveId,
                config.defaultMaxSteps(), config.defaultMaxWallSeconds(), config.defaultMaxTokens()))));
    }

    private static Long number(String value, String field) {
        String v = UiSupport.blank(value);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "must be a whole number");
        }
    }

    private static Integer intOrNull(String value, String field) {
        Long n = number(value, field);
        if (n != null && (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE)) {
            throw new InvalidRequestException(field, "is out of range");
        }
        return n == null ? null : n.intValue();
    }

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        public static native TemplateInstance investigations(UiUser user, ListPage list);
        public static native TemplateInstance investigation(UiUser user, InvestigationPage page);
        public static native TemplateInstance investigation$live(UiUser user, InvestigationPage page);
    }

    /** One investigation with its report as HTML. */
    public record InvestigationPage(InvestigationViews.Detail inv, String reportHtml, boolean ended) {
    }

    public record ListPage(List<InvestigationViews.Summary> items, List<DirectiveView> directives, int page, int pages,
                           long total, String error, String goal, String directiveId, int defaultSteps,
                           int defaultWallSeconds, long defaultTokens) {

        public boolean hasPrevious() {
            return page > 0;
        }

        public boolean hasNext() {
            return page + 1 < pages;
        }

        public int previousPage() {
            return page - 1;
        }

        public int nextPage() {
            return page + 1;
        }

        public int pageNumber() {
            return page + 1;
        }

        public boolean chosen(Long id) {
            return id != null && String.valueOf(id).equals(directiveId);
        }
    }
}
