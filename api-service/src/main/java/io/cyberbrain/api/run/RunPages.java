package io.cyberbrain.api.run;

import java.util.Arrays;
import java.util.List;

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

import io.cyberbrain.api.alert.AlertQueryService;
import io.cyberbrain.api.alert.AlertViews;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.common.ProblemException;
import io.cyberbrain.api.directive.DirectiveService;
import io.cyberbrain.api.directive.DirectiveView;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.directive.DirectiveType;
import io.cyberbrain.model.run.DirectiveSnapshot;
import io.cyberbrain.model.run.LaunchRequest;
import io.cyberbrain.model.run.RunDecisionService;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.RunStatus;
import io.cyberbrain.model.run.RunTrigger;
import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.api.ui.MarkdownHtml;
import io.cyberbrain.api.ui.UiPages;
import io.cyberbrain.api.ui.UiSupport;
import io.cyberbrain.api.ui.UiUser;
import io.cyberbrain.api.ui.UiPages.Option;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Runs in the web UI: the filtered list, a run's page (live while it runs), launching, and the run actions. */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER_ROLE)
public class RunPages {

    static final int PAGE_SIZE = 25;

    private final RunQueryService queries;
    private final RunLaunchService launcher;
    private final RunDecisionService decisions;
    private final DirectiveService directives;
    private final MarkdownHtml markdown;
    private final UiSupport support;
    private final AlertQueryService alerts;

    public RunPages(RunQueryService queries, RunLaunchService launcher, RunDecisionService decisions,
                            DirectiveService directives, MarkdownHtml markdown, UiSupport support, AlertQueryService alerts) {
        this.queries = queries;
        this.alerts = alerts;
        this.launcher = launcher;
        this.decisions = decisions;
        this.directives = directives;
        this.markdown = markdown;
        this.support = support;
    }

    @GET
    @Path("/runs")
    @Operation(hidden = true)
    public Uni<TemplateInstance> runs(@QueryParam("status") String status, @QueryParam("task") String task,
                                      @QueryParam("directive_id") String directive, @QueryParam("trigger") String trigger,
                                      @QueryParam("since") String since, @QueryParam("until") String until,
                                      @QueryParam("page") Integer page) {
        Long directiveId = UiSupport.blank(directive) == null ? null : parseId(directive);
        RunFilter filter = RunFilter.parse(UiSupport.blank(status), UiSupport.blank(task), directiveId, UiSupport.blank(trigger), UiSupport.blank(since),
                UiSupport.blank(until));
        int current = page == null || page < 0 ? 0 : page;
        return directives.list(PageRequest.of(0, PageRequest.MAX_SIZE), null).flatMap(all -> queries.list(filter,
                PageRequest.of(current, PAGE_SIZE)).map(p -> Templates.runs(support.user(),
                new RunListView(p.items().stream().map(r -> RunViews.Summary.of(r.run(), r.jobs())).toList(),
                        options(RunStatus.values(), status), taskOptions(task),
                        all.items().stream().map(d -> new UiPages.Option(String.valueOf(d.id), Directive.label(d.code, d.name),
                                d.id.equals(directiveId))).toList(),
                        options(RunTrigger.values(), trigger), UiSupport.blank(since), UiSupport.blank(until), current,
                        (int) Math.max(1, (p.total() + PAGE_SIZE - 1) / PAGE_SIZE), p.total(),
                        query(status, task, directive, trigger, since, until)))));
    }

    @GET
    @Path("/runs/{id}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> run(@PathParam("id") long id, @QueryParam("notice") String notice) {
        return page(id).map(page -> Templates.run(support.user(), page, notice(notice)));
    }

    /** The part of a run's page that changes while it runs; htmx swaps it in every few seconds until the run ends. */
    @GET
    @Path("/runs/{id}/live")
    @Operation(hidden = true)
    public Uni<TemplateInstance> live(@PathParam("id") long id) {
        return page(id).map(page -> Templates.run$live(support.user(), page, null));
    }

    /** An artifact of the run (service-map files, NetworkPolicy YAML...), as the REST download serves it. */
    @GET
    @Path("/runs/{id}/artifacts/{artifactId}")
    @Produces(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Uni<Response> artifact(@PathParam("id") long id, @PathParam("artifactId") long artifactId) {
        return queries.artifactFile(id, artifactId).map(entry -> Response.ok(entry.getValue().toFile(), entry.getKey().mimeType)
                .header("Content-Disposition", "attachment; filename=\"" + entry.getValue().getFileName() + "\"")
                .build());
    }

    private Uni<RunPage> page(long id) {
        return queries.get(id).flatMap(r -> queries.artifacts(id).flatMap(artifacts -> alerts.forRun(id).map(forRun -> {
            RunViews.Detail detail = RunViews.Detail.of(r.run(), r.jobs());
            return new RunPage(detail, markdown.render(detail.reportMarkdown()),
                    ServiceMapView.from(detail.reportJson()), artifacts.stream().map(RunViews.ArtifactView::of).toList(),
                    forRun.stream().map(AlertViews.AlertView::of).toList());
        })));
    }

    @POST
    @Path("/runs/{id}/cancel")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> cancel(@PathParam("id") long id, @FormParam("csrf") String csrf) {
        UiUser user = support.checkedUser(csrf);
        return decided(decisions.cancel(id, user.name()), id, "cancelled");
    }

    /**
     * "Run again": a new run with the finished run's tasks, directive (its current version; custom text as it was)
     * and options, through the one launch path like any launch, so approval gating applies again.
     */
    @POST
    @Path("/runs/{id}/rerun")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> rerun(@PathParam("id") long id, @FormParam("csrf") String csrf) {
        UiUser user = support.checkedUser(csrf);
        return queries.get(id).flatMap(r -> {
            RunViews.Detail run = RunViews.Detail.of(r.run(), r.jobs());
            if (!RunPageExtensions.isFinal(run)) {
                throw new ProblemException(409, "run #" + id + " has not finished; cancel it or wait before running it again");
            }
            return launcher.launch(againRequest(run, user.name()));
        }).map(launched -> UiSupport.seeOther("/ui/runs/" + launched.run().id + "?notice=rerun"));
    }

    static LaunchRequest againRequest(RunViews.Detail run, String requestedBy) {
        DirectiveSnapshot directive = run.directive();
        boolean custom = directive != null && DirectiveType.CUSTOM.wire().equals(directive.type());
        return new LaunchRequest(run.tasks().stream().distinct().toList(),
                directive == null || custom ? null : directive.directiveId(), custom ? directive.text() : null,
                run.useRag(), run.task3Scope(), RunTrigger.MANUAL, requestedBy, null);
    }

    @POST
    @Path("/runs/{id}/{decision:approve|deny}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> decide(@PathParam("id") long id, @PathParam("decision") String decision,
                                @FormParam("csrf") String csrf, @FormParam("note") String note) {
        UiUser user = support.checkedUser(csrf);
        boolean approve = "approve".equals(decision);
        return decided(approve ? decisions.approve(id, user.name(), limited(note)) : decisions.deny(id, user.name(),
                limited(note)), id, approve ? "approved" : "denied");
    }

    @GET
    @Path("/launch")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(hidden = true)
    public Uni<TemplateInstance> launchPage(@QueryParam("task") List<String> tasks) {
        return form(tasks == null ? List.of() : tasks, null, null, false, null, null);
    }

    @POST
    @Path("/launch")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> launch(@FormParam("csrf") String csrf, @FormParam("task") List<String> tasks,
                              @FormParam("directive_id") String directiveId,
                              @FormParam("custom_directive_text") String customText,
                              @FormParam("use_rag") String useRag, @FormParam("scope") String scope) {
        UiUser user = support.checkedUser(csrf);
        List<String> chosen = tasks == null ? List.of() : tasks;
        Long directive = UiSupport.blank(directiveId) == null ? null : parseId(directiveId);
        String custom = UiSupport.blank(customText);
        boolean rag = useRag != null;
        LaunchRequest request = new LaunchRequest(chosen, directive, custom, rag, UiSupport.blank(scope), RunTrigger.MANUAL,
                user.name(), null);
        return Uni.createFrom().deferred(() -> launcher.launch(request))
                .<Object>map(launched -> UiSupport.seeOther("/ui/runs/" + launched.run().id + "?notice=launched"))
                .onFailure(CyberbrainException.class).recoverWithUni(e ->
                        form(chosen, directive, custom, rag, UiSupport.blank(scope), e.getMessage()).map(page -> (Object) Response
                                .status(400).entity(page).type(MediaType.TEXT_HTML).build()));
    }

    private Uni<TemplateInstance> form(List<String> tasks, Long directiveId, String custom, boolean useRag, String scope,
                                       String error) {
        return directives.list(PageRequest.of(0, PageRequest.MAX_SIZE), true).map(p -> Templates.launch(support.user(),
                new LaunchFormView(p.items().stream().map(DirectiveView::of).toList(), tasks, directiveId, custom, useRag,
                        scope, error)));
    }

    private Uni<Response> decided(Uni<?> decision, long id, String notice) {
        return decision.map(ignored -> UiSupport.seeOther("/ui/runs/" + id + "?notice=" + notice));
    }

    private static Long parseId(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new io.cyberbrain.model.error.InvalidRequestException("directive_id", "choose a directive from the list");
        }
    }

    private static String limited(String note) {
        String n = UiSupport.blank(note);
        if (n != null && n.length() > 500) {
            throw new ProblemException(400, "the note is longer than 500 characters");
        }
        return n;
    }

    /** Known notices only: the query string is the user's to edit, and the page must not echo what it says. */
    private static String notice(String key) {
        if (key == null) {
            return null;
        }
        return switch (key) {
            case "launched" -> "Run launched.";
            case "cancelled" -> "Run cancelled; running workers are being stopped.";
            // The run's own status, shown live below, says whether its jobs started, ran or failed since.
            case "approved" -> "Run approved.";
            case "rerun" -> "Run launched again with the same tasks, directive and options.";
            case "denied" -> "Run denied; it ends cancelled.";
            default -> null;
        };
    }

    private static <E extends Enum<E> & WireEnum> List<UiPages.Option> options(E[] values, String selected) {
        return Arrays.stream(values).map(v -> new UiPages.Option(v.wire(), v.wire().replace('_', ' '),
                v.wire().equals(selected))).toList();
    }

    private static List<UiPages.Option> taskOptions(String selected) {
        return Arrays.stream(TaskKey.values()).map(t -> new UiPages.Option(t.wire(), t.wire().replace('_', ' '),
                t.wire().equals(selected) || t.alias().equals(selected))).toList();
    }

    private static String query(String... values) {
        String[] names = {"status", "task", "directive_id", "trigger", "since", "until"};
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            String v = UiSupport.blank(values[i]);
            if (v != null) {
                q.append('&').append(names[i]).append('=').append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }

    /** This page's type-checked templates (src/main/resources/templates/ui/). */
    @CheckedTemplate(basePath = "ui")
    static class Templates {

        public static native TemplateInstance runs(UiUser user, RunListView list);
        public static native TemplateInstance run(UiUser user, RunPage page, String notice);
        public static native TemplateInstance run$live(UiUser user, RunPage page, String notice);
        public static native TemplateInstance launch(UiUser user, LaunchFormView form);
    }

    /**
     * A run with what its page shows besides the record: the report as HTML, its service map, its artifacts, and the
     * alerts of a run an alert opened (the opener, its repeats and the resolved notice).
     */
    public record RunPage(RunViews.Detail run, String reportHtml, ServiceMapView serviceMap,
                          List<RunViews.ArtifactView> artifacts, List<AlertViews.AlertView> alerts) {
    }

    public record RunListView(List<RunViews.Summary> runs, List<Option> statuses, List<Option> tasks,
                              List<Option> directives, List<Option> triggers, String since, String until, int page, int pages, long total,
                              String query) {

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
    }
}
