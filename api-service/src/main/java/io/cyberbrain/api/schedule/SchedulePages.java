package io.cyberbrain.api.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

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

import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.common.StorableInstants;
import io.cyberbrain.api.directive.DirectiveService;
import io.cyberbrain.api.directive.DirectiveView;
import io.cyberbrain.api.schedule.ScheduleViews.FireView;
import io.cyberbrain.api.schedule.ScheduleViews.PreviewInput;
import io.cyberbrain.api.schedule.ScheduleViews.ScheduleInput;
import io.cyberbrain.api.schedule.ScheduleViews.ScheduleView;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.api.run.RunPages;
import io.cyberbrain.api.ui.UiPages;
import io.cyberbrain.api.ui.UiSupport;
import io.cyberbrain.api.ui.UiUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Schedules in the web UI: list, create and edit with a live preview of the next fire times, history, actions. */
@Path("/ui/schedules")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER_ROLE)
public class SchedulePages {

    /** The schedule form's fields, as posted (and as the preview reads them). */
    public static class Fields {
        @FormParam("name") public String name;
        @FormParam("job") public String job;
        @FormParam("schedule_type") public String scheduleType;
        @FormParam("interval_minutes") public String intervalMinutes;
        @FormParam("cron_expr") public String cronExpr;
        @FormParam("timezone") public String timezone;
        @FormParam("run_once_at") public String runOnceAt;
        @FormParam("directive_id") public String directiveId;
        @FormParam("custom_directive_text") public String customText;
        @FormParam("enabled") public String enabled;
        @FormParam("use_rag") public String useRag;
        @FormParam("scope") public String scope;
        @FormParam("max_global") public String maxGlobal;
        @FormParam("max_per_job") public String maxPerJob;
        @FormParam("csrf") public String csrf;
    }

    private final ScheduleService schedules;
    private final DirectiveService directives;
    private final UiSupport support;

    public SchedulePages(ScheduleService schedules, DirectiveService directives, UiSupport support) {
        this.schedules = schedules;
        this.directives = directives;
        this.support = support;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> list(@QueryParam("notice") String notice) {
        return schedules.list(PageRequest.of(0, PageRequest.MAX_SIZE)).map(p -> Templates.schedules(support.user(),
                p.items().stream().map(ScheduleView::of).toList(), notice(notice)));
    }

    @GET
    @Path("/new")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(hidden = true)
    public Uni<TemplateInstance> newForm() {
        return form(new Fields(), null, null);
    }

    @GET
    @Path("/{id}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> detail(@PathParam("id") long id, @QueryParam("page") Integer page,
                                        @QueryParam("notice") String notice) {
        int current = page == null || page < 0 ? 0 : page;
        return schedules.get(id).map(ScheduleView::of).flatMap(view -> schedules.history(id, PageRequest.of(current, 25))
                .map(h -> Templates.schedule(support.user(), view, h.items().stream().map(FireView::of).toList(), current,
                        h.total(), notice(notice))));
    }

    @GET
    @Path("/{id}/edit")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(hidden = true)
    public Uni<TemplateInstance> editForm(@PathParam("id") long id) {
        return schedules.get(id).map(ScheduleView::of).flatMap(s -> form(fieldsOf(s), id, null));
    }

    /** The live preview: next fire times and the plain description, or what is wrong with the timing. */
    @GET
    @Path("/preview")
    @Operation(hidden = true)
    public TemplateInstance preview(@QueryParam("schedule_type") String scheduleType,
                                    @QueryParam("interval_minutes") String intervalMinutes,
                                    @QueryParam("cron_expr") String cronExpr, @QueryParam("timezone") String timezone,
                                    @QueryParam("run_once_at") String runOnceAt) {
        try {
            var preview = schedules.preview(new PreviewInput(blank(scheduleType), integer("interval_minutes",
                    intervalMinutes), blank(cronExpr), blank(timezone), onceAt(runOnceAt, timezone), 5));
            return Templates.schedulePreview(preview, null);
        } catch (CyberbrainException e) {
            return Templates.schedulePreview(null, e.getMessage());
        }
    }

    @POST
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> create(@BeanParam Fields fields) {
        support.checkedUser(fields.csrf);
        return saved(() -> schedules.create(input(fields)), fields, null);
    }

    @POST
    @Path("/{id}")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> update(@PathParam("id") long id, @BeanParam Fields fields) {
        support.checkedUser(fields.csrf);
        return saved(() -> schedules.update(id, input(fields)), fields, id);
    }

    @POST
    @Path("/{id}/run-now")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> runNow(@PathParam("id") long id, @FormParam("csrf") String csrf) {
        UiUser user = support.checkedUser(csrf);
        return schedules.runNow(id, user.name()).map(fire -> UiSupport.seeOther("/ui/schedules/" + id + "?notice="
                + ("launched".equals(fire.status.wire()) ? "fired" : "skipped")));
    }

    @POST
    @Path("/{id}/enable")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> enable(@PathParam("id") long id, @FormParam("csrf") String csrf) {
        support.checkedUser(csrf);
        return schedules.setEnabled(id, true).map(s -> UiSupport.seeOther("/ui/schedules?notice=enabled"));
    }

    @POST
    @Path("/{id}/disable")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> disable(@PathParam("id") long id, @FormParam("csrf") String csrf) {
        support.checkedUser(csrf);
        return schedules.setEnabled(id, false).map(s -> UiSupport.seeOther("/ui/schedules?notice=disabled"));
    }

    @POST
    @Path("/{id}/delete")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> delete(@PathParam("id") long id, @FormParam("csrf") String csrf) {
        support.checkedUser(csrf);
        return schedules.delete(id).map(v -> UiSupport.seeOther("/ui/schedules?notice=deleted"));
    }

    private Uni<Object> saved(java.util.function.Supplier<Uni<? extends ScheduleService.Loaded>> save, Fields fields,
                              Long id) {
        return Uni.createFrom().<ScheduleService.Loaded>deferred(save)
                .<Object>map(loaded -> UiSupport.seeOther("/ui/schedules/" + loaded.schedule().id + "?notice=saved"))
                .onFailure(CyberbrainException.class).recoverWithUni(e -> form(fields, id, e.getMessage())
                        .map(page -> (Object) Response.status(e instanceof InvalidRequestException ? 400 : 409)
                                .entity(page).type(MediaType.TEXT_HTML).build()));
    }

    private Uni<TemplateInstance> form(Fields f, Long id, String error) {
        return directives.list(PageRequest.of(0, PageRequest.MAX_SIZE), true).map(p -> {
            List<DirectiveView> all = p.items().stream().map(DirectiveView::of).toList();
            return Templates.scheduleForm(support.user(), new ScheduleFormView(id, f.name, f.job,
                    f.scheduleType == null ? "cron" : f.scheduleType, safeInteger(f.intervalMinutes), f.cronExpr,
                    f.timezone == null ? "UTC" : f.timezone, f.runOnceAt, safeLong(f.directiveId), f.customText,
                    id == null && f.name == null || f.enabled != null, f.useRag != null, f.scope,
                    safeInteger(f.maxGlobal), safeInteger(f.maxPerJob), all, error));
        });
    }

    private static Fields fieldsOf(ScheduleView s) {
        Fields f = new Fields();
        f.name = s.name();
        f.job = s.job().taskKey();
        f.scheduleType = s.scheduleType();
        f.intervalMinutes = s.intervalMinutes() == null ? null : s.intervalMinutes().toString();
        f.cronExpr = s.cronExpr();
        f.timezone = s.timezone();
        f.runOnceAt = s.runOnceAt() == null ? null
                : LocalDateTime.ofInstant(s.runOnceAt(), zone(s.timezone())).toString();
        f.directiveId = s.directive() == null || s.directive().id() == null ? null : s.directive().id().toString();
        f.customText = null;
        f.enabled = s.enabled() ? "true" : null;
        f.useRag = s.useRag() ? "true" : null;
        f.scope = s.task3Scope();
        f.maxGlobal = s.maxGlobal() == null ? null : s.maxGlobal().toString();
        f.maxPerJob = s.maxPerJob() == null ? null : s.maxPerJob().toString();
        return f;
    }

    private static ScheduleInput input(Fields f) {
        return new ScheduleInput(blank(f.name), blank(f.job), blank(f.directiveId) == null ? null : number("directive_id",
                f.directiveId), blank(f.customText), f.enabled != null, blank(f.scheduleType),
                integer("interval_minutes", f.intervalMinutes), blank(f.cronExpr), blank(f.timezone),
                onceAt(f.runOnceAt, f.timezone), blank(f.scope), f.useRag != null, integer("max_global", f.maxGlobal),
                integer("max_per_job", f.maxPerJob));
    }

    /** A typed wall time ({@code 2026-12-01T03:00}) in the form's zone, or an ISO instant. */
    static Instant onceAt(String value, String timezone) {
        String v = blank(value);
        if (v == null) {
            return null;
        }
        Instant parsed;
        try {
            parsed = LocalDateTime.parse(v).atZone(zone(timezone)).toInstant();
        } catch (DateTimeParseException e) {
            try {
                parsed = Instant.parse(v);
            } catch (DateTimeParseException e2) {
                throw new InvalidRequestException("run_once_at", "must be a date and time such as 2026-12-01T03:00");
            }
        }
        return StorableInstants.require("run_once_at", parsed);
    }

    private static ZoneId zone(String timezone) {
        try {
            return timezone == null || timezone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timezone.strip());
        } catch (java.time.DateTimeException e) {
            throw new InvalidRequestException("timezone", "must be an IANA zone such as Europe/Berlin");
        }
    }

    private static Integer integer(String field, String value) {
        String v = blank(value);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "must be a whole number");
        }
    }

    private static Long number(String field, String value) {
        try {
            return Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "must be chosen from the list");
        }
    }

    private static Integer safeInteger(String value) {
        try {
            return blank(value) == null ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long safeLong(String value) {
        try {
            return blank(value) == null ? null : Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String notice(String key) {
        if (key == null) {
            return null;
        }
        return switch (key) {
            case "saved" -> "Schedule saved.";
            case "fired" -> "Fired now: a run was launched.";
            case "skipped" -> "Not fired: a concurrency limit or a refusal stopped it; see the history below.";
            case "enabled" -> "Schedule enabled.";
            case "disabled" -> "Schedule disabled.";
            case "deleted" -> "Schedule deleted; the runs it launched stay.";
            default -> null;
        };
    }

    private static String blank(String value) {
        return UiSupport.blank(value);
    }

    /** This page's type-checked templates (src/main/resources/templates/ui/). */
    @CheckedTemplate(basePath = "ui")
    static class Templates {

        public static native TemplateInstance schedules(UiUser user, List<ScheduleViews.ScheduleView> schedules, String notice);
        public static native TemplateInstance schedule(UiUser user, ScheduleViews.ScheduleView schedule,
                                                       List<ScheduleViews.FireView> history, int page, long total,
                                                       String notice);
        public static native TemplateInstance scheduleForm(UiUser user, ScheduleFormView form);
        public static native TemplateInstance schedulePreview(ScheduleViews.Preview preview, String error);
    }
}
