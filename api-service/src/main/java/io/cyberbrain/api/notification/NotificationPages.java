package io.cyberbrain.api.notification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import io.cyberbrain.api.notification.NotificationViews.DeliveryView;
import io.cyberbrain.api.notification.NotificationViews.TargetInput;
import io.cyberbrain.api.notification.NotificationViews.TargetView;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.error.ConflictException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.InvalidRequestException.FieldError;
import io.cyberbrain.model.notification.NotificationEvent;
import io.cyberbrain.model.notification.NotificationKind;
import io.cyberbrain.model.notification.NotificationTarget;
import io.cyberbrain.model.notification.TargetConfig;
import io.cyberbrain.model.notification.TargetSecrets;
import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.api.run.RunPages;
import io.cyberbrain.api.ui.UiPages;
import io.cyberbrain.api.ui.UiSupport;
import io.cyberbrain.api.ui.UiUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * Notification targets for admins: list, add and edit with a field per setting of the chosen kind, send a test,
 * delivery log, enable/disable, delete. Secrets are named as environment variables ({@code *_env}); the form
 * never takes a password in clear.
 */
@Path("/ui/notifications")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN_ROLE)
public class NotificationPages {

    /** The page: targets, the deliveries of the one opened, and what a test did. */
    public record NotificationsView(List<TargetView> targets, TargetView opened, List<DeliveryView> deliveries,
                                    String testResult) {
    }

    /** The form's fields as posted; each setting is named as its config key. */
    public static class Fields {
        @FormParam("csrf") public String csrf;
        @FormParam("name") public String name;
        @FormParam("kind") public String kind;
        @FormParam("event") public List<String> events;
        @FormParam(TargetConfig.WEBHOOK_URL) public String webhookUrl;
        @FormParam(TargetConfig.WEBHOOK_URL_ENV) public String webhookUrlEnv;
        @FormParam(TargetConfig.USERNAME) public String username;
        @FormParam(TargetConfig.SMTP_HOST) public String smtpHost;
        @FormParam(TargetConfig.SMTP_PORT) public String smtpPort;
        @FormParam(TargetConfig.SMTP_SECURITY) public String smtpSecurity;
        @FormParam(TargetConfig.SMTP_USERNAME) public String smtpUsername;
        @FormParam(TargetConfig.SMTP_PASSWORD_ENV) public String smtpPasswordEnv;
        @FormParam(TargetConfig.FROM) public String from;
        @FormParam(TargetConfig.TO) public String to;

        Map<String, String> values() {
            Map<String, String> v = new LinkedHashMap<>();
            v.put(TargetConfig.WEBHOOK_URL, webhookUrl);
            v.put(TargetConfig.WEBHOOK_URL_ENV, webhookUrlEnv);
            v.put(TargetConfig.USERNAME, username);
            v.put(TargetConfig.SMTP_HOST, smtpHost);
            v.put(TargetConfig.SMTP_PORT, smtpPort);
            v.put(TargetConfig.SMTP_SECURITY, smtpSecurity);
            v.put(TargetConfig.SMTP_USERNAME, smtpUsername);
            v.put(TargetConfig.SMTP_PASSWORD_ENV, smtpPasswordEnv);
            v.put(TargetConfig.FROM, from);
            v.put(TargetConfig.TO, to);
            v.values().removeIf(java.util.Objects::isNull);
            return v;
        }

        Set<String> eventSet() {
            return events == null ? Set.of() : new LinkedHashSet<>(events);
        }
    }

    private final NotificationTargetService targets;
    private final UiSupport support;

    public NotificationPages(NotificationTargetService targets, UiSupport support) {
        this.targets = targets;
        this.support = support;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> page(@QueryParam("target") Long opened, @QueryParam("notice") String notice) {
        return view(opened, notice(notice)).map(v -> Templates.notifications(support.user(), v));
    }

    @GET
    @Path("/new")
    @Operation(hidden = true)
    public TemplateInstance newForm() {
        return Templates.notificationForm(support.user(), new NotificationFormView(null, "", NotificationKind.DISCORD.wire(),
                Map.of(), Set.of(NotificationEvent.RUN_FAILED.wire()), List.of(), false));
    }

    @GET
    @Path("/{id}/edit")
    @Operation(hidden = true)
    public Uni<TemplateInstance> editForm(@PathParam("id") long id) {
        return targets.get(id).map(t -> Templates.notificationForm(support.user(), formOf(TargetView.of(t))));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> create(@BeanParam Fields fields) {
        support.checkedUser(fields.csrf);
        return Uni.createFrom().<NotificationTarget>deferred(() -> targets.create(new TargetInput(fields.name,
                        UiSupport.blank(fields.kind), true, created(fields), new ArrayList<>(fields.eventSet()))))
                .<Object>map(t -> UiSupport.seeOther("/ui/notifications?target=" + t.id + "&notice=added"))
                .onFailure(NotificationPages::refusal).recoverWithItem(e -> refused(e, fields, null, false));
    }

    @POST
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> update(@PathParam("id") long id, @BeanParam Fields fields) {
        support.checkedUser(fields.csrf);
        return targets.get(id).flatMap(stored -> Uni.createFrom().<NotificationTarget>deferred(() -> targets.update(id,
                        new TargetInput(fields.name == null ? "" : fields.name, null, null, patch(stored.kind, fields),
                                new ArrayList<>(fields.eventSet()))))
                .<Object>map(t -> UiSupport.seeOther("/ui/notifications?target=" + t.id + "&notice=saved"))
                .onFailure(NotificationPages::refusal).recoverWithItem(e -> refused(e, fields, stored,
                        TargetSecrets.masked(stored.config).containsKey(TargetConfig.SMTP_PASSWORD))));
    }

    @POST
    @Path("/{id}/test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<TemplateInstance> test(@PathParam("id") long id, @FormParam("csrf") String csrf) {
        support.checkedUser(csrf);
        return targets.test(id).flatMap(tested -> {
            var r = tested.result();
            String said = r.isSent() ? "The " + tested.target().kind.wire() + " target took the test notification."
                    : "The " + tested.target().kind.wire() + " target did not take the test notification: " + r.reason()
                    + (r.isRetryable() ? " (may be temporary; run notifications retry this)" : "");
            return view(id, said).map(v -> Templates.notifications(support.user(), v));
        });
    }

    @POST
    @Path("/{id}/{action:enable|disable|delete}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> action(@PathParam("id") long id, @PathParam("action") String action,
                                @FormParam("csrf") String csrf) {
        support.checkedUser(csrf);
        Uni<?> done = switch (action) {
            case "enable" -> targets.update(id, new TargetInput(null, null, true, null, null));
            case "disable" -> targets.update(id, new TargetInput(null, null, false, null, null));
            default -> targets.delete(id);
        };
        return done.map(ignored -> UiSupport.seeOther("/ui/notifications?notice=" + action + "d"));
    }

    /** The settings the form has for a kind: the config's keys, less the password in clear. */
    static List<String> formKeys(NotificationKind kind) {
        return TargetConfig.keys(kind).stream().filter(k -> !k.equals(TargetConfig.SMTP_PASSWORD)).sorted().toList();
    }

    /** A new target's config: the filled-in settings of its kind (an unknown kind is the service's to refuse). */
    private static Map<String, Object> created(Fields fields) {
        Map<String, Object> config = new LinkedHashMap<>();
        WireEnum.parse(NotificationKind.class, fields.kind).ifPresent(kind -> {
            Map<String, String> values = fields.values();
            for (String key : formKeys(kind)) {
                String v = UiSupport.blank(values.get(key));
                if (v != null) {
                    config.put(key, typed(key, v));
                }
            }
        });
        return config;
    }

    /**
     * An edit as a config patch: an emptied field removes its setting; a masked secret left as shown keeps the stored
     * one (so naming a variable instead replaces it without clearing the masked field first).
     */
    private static Map<String, Object> patch(NotificationKind kind, Fields fields) {
        Map<String, Object> patch = new LinkedHashMap<>();
        Map<String, String> values = fields.values();
        for (String key : formKeys(kind)) {
            String v = UiSupport.blank(values.get(key));
            if (v == null) {
                patch.put(key, null);
            } else if (!v.contains(TargetSecrets.MASK)) {
                patch.put(key, typed(key, v));
            }
        }
        return patch;
    }

    /** The port as a number when it is one; otherwise as typed, for validation to say what is wrong with it. */
    private static Object typed(String key, String value) {
        if (key.equals(TargetConfig.SMTP_PORT) && value.matches("\\d{1,5}")) {
            return Integer.parseInt(value);
        }
        return value;
    }

    /** What the form shows beside its fields; anything else (a target deleted meanwhile) is the error page's. */
    private static boolean refusal(Throwable e) {
        return e instanceof InvalidRequestException || e instanceof ConflictException;
    }

    private Object refused(Throwable e, Fields fields, NotificationTarget stored, boolean storedPassword) {
        List<FieldError> errors = e instanceof InvalidRequestException invalid ? invalid.fieldErrors()
                : List.of(new FieldError("name", e.getMessage()));
        String kind = stored == null ? UiSupport.blank(fields.kind) : stored.kind.wire();
        NotificationFormView form = new NotificationFormView(stored == null ? null : stored.id,
                fields.name == null ? "" : fields.name, kind == null ? NotificationKind.DISCORD.wire() : kind,
                fields.values(), fields.eventSet(), errors, storedPassword);
        return Response.status(e instanceof InvalidRequestException ? 400 : 409)
                .entity(Templates.notificationForm(support.user(), form)).type(MediaType.TEXT_HTML).build();
    }

    private static NotificationFormView formOf(TargetView t) {
        Map<String, String> values = new LinkedHashMap<>();
        t.config().forEach((key, value) -> {
            if (!key.equals(TargetConfig.SMTP_PASSWORD) && value != null) {
                values.put(key, value instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                        : String.valueOf(value));
            }
        });
        return new NotificationFormView(t.id(), t.name(), t.kind(), values, new LinkedHashSet<>(t.events()), List.of(),
                t.config().containsKey(TargetConfig.SMTP_PASSWORD));
    }

    private Uni<NotificationsView> view(Long opened, String message) {
        return targets.list(PageRequest.of(0, PageRequest.MAX_SIZE)).flatMap(p -> {
            List<TargetView> all = p.items().stream().map(TargetView::of).toList();
            TargetView open = opened == null ? null : all.stream().filter(t -> t.id().equals(opened)).findFirst().orElse(null);
            Uni<List<DeliveryView>> deliveries = open == null ? Uni.createFrom().item(List.of())
                    : targets.deliveries(open.id(), PageRequest.of(0, 50)).map(d -> d.items().stream().map(DeliveryView::of).toList());
            return deliveries.map(d -> new NotificationsView(all, open, d, message));
        });
    }

    private static String notice(String key) {
        if (key == null) {
            return null;
        }
        return switch (key) {
            case "added" -> "Target added. Send it a test to check it works.";
            case "saved" -> "Target saved.";
            case "enabled" -> "Target enabled.";
            case "disabled" -> "Target disabled: no notification goes to it.";
            case "deleted" -> "Target deleted.";
            default -> null;
        };
    }

    /** This page's type-checked templates (src/main/resources/templates/ui/). */
    @CheckedTemplate(basePath = "ui")
    static class Templates {

        public static native TemplateInstance notifications(UiUser user, NotificationPages.NotificationsView page);
        public static native TemplateInstance notificationForm(UiUser user, NotificationFormView form);
    }
}
