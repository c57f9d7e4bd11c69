package io.cyberbrain.api.alert;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
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

import io.cyberbrain.api.alert.AlertRuleViews.AlertRuleInput;
import io.cyberbrain.api.alert.AlertRuleViews.AlertRuleView;
import io.cyberbrain.api.alert.AlertViews.AlertView;
import io.cyberbrain.api.common.Inputs;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.directive.DirectiveService;
import io.cyberbrain.api.ui.UiPages.Option;
import io.cyberbrain.api.ui.UiSupport;
import io.cyberbrain.api.ui.UiUser;
import io.cyberbrain.model.alert.AlertDecision;
import io.cyberbrain.model.alert.AlertRule;
import io.cyberbrain.model.alert.AlertStatus;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.support.WireEnum;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Alerts and alert rules in the web UI: the alerts with their decisions, and the rules (edited by admins). */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER_ROLE)
public class AlertPages {

    static final int PAGE_SIZE = 50;

    /** The rule form's fields as posted. */
    public static class Fields {
        @FormParam("csrf") public String csrf;
        @FormParam("name") public String name;
        @FormParam("description") public String description;
        @FormParam("enabled") public String enabled;
        @FormParam("priority") public String priority;
        @FormParam("alert_name") public String alertName;
        @FormParam("matchers") public String matchers;
        @FormParam("action") public String action;
        @FormParam("tasks") public List<String> tasks;
        @FormParam("directive_id") public String directiveId;
        @FormParam("use_rag") public String useRag;
        @FormParam("task3_scope") public String task3Scope;
        @FormParam("containers") public String containers;
        @FormParam("log_files") public String logFiles;
        @FormParam("target_host") public String targetHost;
        @FormParam("goal") public String goal;
        @FormParam("max_steps") public String maxSteps;
        @FormParam("max_wall_seconds") public String maxWallSeconds;
        @FormParam("max_tokens") public String maxTokens;
    }

    /** The rule form as text, so a refused post shows exactly what was typed. */
    public record FormView(Long id, String name, String description, boolean enabled, String priority, String alertName,
                           String matchers, String action, List<Option> tasks, List<Option> directives, boolean useRag,
                           String task3Scope, String containers, String logFiles, String targetHost, String goal,
                           String maxSteps, String maxWallSeconds, String maxTokens, String error) {

        public boolean isNew() {
            return id == null;
        }

        public boolean actionIs(String candidate) {
            return candidate.equals(action);
        }

        public boolean scopeIs(String candidate) {
            return candidate.equals(task3Scope == null ? "" : task3Scope);
        }
    }

    public record AlertListView(List<AlertView> alerts, String fingerprint, List<Option> statuses, List<Option> decisions,
                                String since, int page, int pages, long total, String query) {

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

    private final AlertQueryService alerts;
    private final AlertRuleService rules;
    private final DirectiveService directives;
    private final Inputs inputs;
    private final UiSupport support;

    public AlertPages(AlertQueryService alerts, AlertRuleService rules, DirectiveService directives, Inputs inputs,
                      UiSupport support) {
        this.alerts = alerts;
        this.rules = rules;
        this.directives = directives;
        this.inputs = inputs;
        this.support = support;
    }

    @GET
    @Path("/alerts")
    @Operation(hidden = true)
    public Uni<TemplateInstance> alerts(@QueryParam("fingerprint") String fingerprint, @QueryParam("status") String status,
                                        @QueryParam("decision") String decision, @QueryParam("since") String since,
                                        @QueryParam("page") Integer page) {
        AlertFilter filter = AlertFilter.parse(UiSupport.blank(fingerprint), UiSupport.blank(status),
                UiSupport.blank(decision), null, UiSupport.blank(since));
        int current = page == null || page < 0 ? 0 : page;
        return alerts.list(filter, PageRequest.of(current, PAGE_SIZE)).map(p -> Templates.alerts(support.user(),
                new AlertListView(p.items().stream().map(AlertView::of).toList(), UiSupport.blank(fingerprint),
                        options(AlertStatus.values(), status), options(AlertDecision.values(), decision),
                        UiSupport.blank(since), current, (int) Math.max(1, (p.total() + PAGE_SIZE - 1) / PAGE_SIZE),
                        p.total(), query(fingerprint, status, decision, since))));
    }

    @GET
    @Path("/alerts/{id}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> alert(@PathParam("id") long id) {
        return alerts.get(id).map(a -> Templates.alert(support.user(), AlertView.of(a)));
    }

    @GET
    @Path("/alert-rules")
    @Operation(hidden = true)
    public Uni<TemplateInstance> rules() {
        return rules.list(PageRequest.of(0, PageRequest.MAX_SIZE)).map(p -> Templates.alertRules(support.user(),
                p.items().stream().map(AlertRuleView::of).toList()));
    }

    @GET
    @Path("/alert-rules/new")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(hidden = true)
    public Uni<TemplateInstance> newRule() {
        return form(null, new Fields(), null).map(form -> Templates.alertRuleForm(support.user(), form));
    }

    @GET
    @Path("/alert-rules/{id}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> rule(@PathParam("id") long id) {
        return rules.get(id).flatMap(r -> form(r.id, fieldsOf(r), null))
                .map(form -> Templates.alertRuleForm(support.user(), form));
    }

    @POST
    @Path("/alert-rules")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> create(@BeanParam Fields fields) {
        support.checkedUser(fields.csrf);
        return saved(() -> rules.create(input(fields)), fields, null);
    }

    @POST
    @Path("/alert-rules/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> update(@PathParam("id") long id, @BeanParam Fields fields) {
        support.checkedUser(fields.csrf);
        return saved(() -> rules.update(id, input(fields)), fields, id);
    }

    @POST
    @Path("/alert-rules/{id}/delete")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> delete(@PathParam("id") long id, @FormParam("csrf") String csrf) {
        support.checkedUser(csrf);
        return rules.delete(id).map(v -> UiSupport.seeOther("/ui/alert-rules"));
    }

    private Uni<Object> saved(java.util.function.Supplier<Uni<? extends AlertRule>> save, Fields fields, Long id) {
        return Uni.createFrom().<AlertRule>deferred(save)
                .<Object>map(r -> UiSupport.seeOther("/ui/alert-rules/" + r.id))
                .onFailure(CyberbrainException.class).recoverWithUni(e -> form(id, fields, e.getMessage())
                        .map(form -> (Object) Response.status(e instanceof InvalidRequestException ? 400 : 409)
                                .entity(Templates.alertRuleForm(support.user(), form)).type(MediaType.TEXT_HTML).build()));
    }

    /** Every field is sent, so an emptied field clears it (the service reads an empty text or list as "clear"). */
    private AlertRuleInput input(Fields f) {
        Map<String, String> equal = new LinkedHashMap<>();
        Map<String, String> regex = new LinkedHashMap<>();
        for (String line : lines(f.matchers)) {
            int re = line.indexOf("=~");
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new InvalidRequestException("matchers", "write one matcher a line: label=value or label=~regex ('"
                        + line + "' is neither)");
            }
            if (re == eq) {
                regex.put(line.substring(0, re).strip(), line.substring(re + 2).strip());
            } else {
                equal.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return inputs.valid(new AlertRuleInput(text(f.name), text(f.description), f.enabled != null,
                whole(f.priority, "priority", 100), text(f.alertName), equal, regex, text(f.action),
                f.tasks == null ? List.of() : f.tasks, number(f.directiveId, "directive_id", 0L), f.useRag != null,
                text(f.task3Scope), lines(f.containers), lines(f.logFiles), text(f.targetHost), text(f.goal),
                whole(f.maxSteps, "max_steps", 0), whole(f.maxWallSeconds, "max_wall_seconds", 0),
                number(f.maxTokens, "max_tokens", 0L)));
    }

    private Uni<FormView> form(Long id, Fields f, String error) {
        return directives.list(PageRequest.of(0, PageRequest.MAX_SIZE), null).map(all -> {
            List<Option> directiveOptions = new ArrayList<>();
            for (Directive d : all.items()) {
                directiveOptions.add(new Option(String.valueOf(d.id), Directive.label(d.code, d.name),
                        String.valueOf(d.id).equals(f.directiveId)));
            }
            List<String> chosen = f.tasks == null ? List.of() : f.tasks;
            List<Option> tasks = Arrays.stream(TaskKey.values()).map(t -> new Option(t.wire(), t.wire().replace('_', ' '),
                    chosen.contains(t.wire()))).toList();
            return new FormView(id, f.name, f.description, f.enabled != null || id == null && f.name == null,
                    f.priority == null ? "100" : f.priority, f.alertName, f.matchers, f.action == null ? "run" : f.action,
                    tasks, directiveOptions, f.useRag != null, f.task3Scope, f.containers, f.logFiles, f.targetHost, f.goal,
                    f.maxSteps, f.maxWallSeconds, f.maxTokens, error);
        });
    }

    private static Fields fieldsOf(AlertRule r) {
        Fields f = new Fields();
        f.name = r.name;
        f.description = r.description;
        f.enabled = r.enabled ? "true" : null;
        f.priority = String.valueOf(r.priority);
        f.alertName = r.alertName;
        List<String> matchers = new ArrayList<>();
        (r.matchLabels == null ? Map.<String, String>of() : r.matchLabels).forEach((k, v) -> matchers.add(k + "=" + v));
        (r.matchRegex == null ? Map.<String, String>of() : r.matchRegex).forEach((k, v) -> matchers.add(k + "=~" + v));
        f.matchers = String.join("\n", matchers);
        f.action = r.action.wire();
        f.tasks = r.tasks == null ? List.of() : List.of(r.tasks);
        f.directiveId = r.directiveId == null ? null : String.valueOf(r.directiveId);
        f.useRag = r.useRag ? "true" : null;
        f.task3Scope = r.task3Scope == null ? null : r.task3Scope.wire();
        f.containers = r.containers == null ? "" : String.join("\n", r.containers);
        f.logFiles = r.logFiles == null ? "" : String.join("\n", r.logFiles);
        f.targetHost = r.targetHost;
        f.goal = r.goal;
        f.maxSteps = r.maxSteps == null ? null : String.valueOf(r.maxSteps);
        f.maxWallSeconds = r.maxWallSeconds == null ? null : String.valueOf(r.maxWallSeconds);
        f.maxTokens = r.maxTokens == null ? null : String.valueOf(r.maxTokens);
        return f;
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    private static List<String> lines(String value) {
        return value == null ? List.of() : value.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static Long number(String value, String field, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "must be a whole number");
        }
    }

    private static int whole(String value, String field, int absent) {
        long n = number(value, field, absent);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new InvalidRequestException(field, "is out of range");
        }
        return (int) n;
    }

    private static <E extends Enum<E> & WireEnum> List<Option> options(E[] values, String selected) {
        return Arrays.stream(values).map(v -> new Option(v.wire(), v.wire().replace('_', ' '), v.wire().equals(selected)))
                .toList();
    }

    private static String query(String... values) {
        String[] names = {"fingerprint", "status", "decision", "since"};
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            String v = UiSupport.blank(values[i]);
            if (v != null) {
                q.append('&').append(names[i]).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }

    /** This page's type-checked templates (src/main/resources/templates/ui/). */
    @CheckedTemplate(basePath = "ui")
    static class Templates {

        public static native TemplateInstance alerts(UiUser user, AlertListView list);
        public static native TemplateInstance alert(UiUser user, AlertView alert);
        public static native TemplateInstance alertRules(UiUser user, List<AlertRuleView> rules);
        public static native TemplateInstance alertRuleForm(UiUser user, FormView form);
    }
}
