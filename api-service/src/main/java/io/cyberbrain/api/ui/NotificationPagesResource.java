package io.cyberbrain.api.ui;

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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.api.common.Inputs;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.notification.NotificationTargetService;
import io.cyberbrain.api.notification.NotificationViews.DeliveryView;
import io.cyberbrain.api.notification.NotificationViews.TargetInput;
import io.cyberbrain.api.notification.NotificationViews.TargetView;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Notification targets for admins: list, add, send a test, delivery log, enable/disable, delete. */
@Path("/ui/notifications")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN_ROLE)
public class NotificationPagesResource {

    /** The page: targets, the deliveries of the one opened, what a test did, and the add form as typed. */
    public record NotificationsView(List<TargetView> targets, TargetView opened, List<DeliveryView> deliveries,
                                    String testResult, String error, String name, String kind, String config) {
    }

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final NotificationTargetService targets;
    private final Inputs inputs;
    private final ObjectMapper mapper;
    private final UiSupport support;

    public NotificationPagesResource(NotificationTargetService targets, Inputs inputs, ObjectMapper mapper,
                                     UiSupport support) {
        this.targets = targets;
        this.inputs = inputs;
        this.mapper = mapper;
        this.support = support;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> page(@QueryParam("target") Long opened, @QueryParam("notice") String notice) {
        return view(opened, notice(notice), null, null, null, null).map(v -> UiPages.notifications(support.user(), v));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> create(@FormParam("csrf") String csrf, @FormParam("name") String name,
                              @FormParam("kind") String kind, @FormParam("config") String config,
                              @FormParam("event") List<String> events) {
        support.checkedUser(csrf);
        return Uni.createFrom().deferred(() -> targets.create(inputs.valid(new TargetInput(RunPagesResource.blank(name),
                        RunPagesResource.blank(kind), true, json(config), events == null || events.isEmpty() ? null : events))))
                .<Object>map(t -> UiSupport.seeOther("/ui/notifications?target=" + t.id + "&notice=added"))
                .onFailure(CyberbrainException.class).recoverWithUni(e -> view(null, null, e.getMessage(), name, kind, config)
                        .map(v -> (Object) Response.status(400).entity(UiPages.notifications(support.user(), v))
                                .type(MediaType.TEXT_HTML).build()));
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
            return view(id, said, null, null, null, null).map(v -> UiPages.notifications(support.user(), v));
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

    private Map<String, Object> json(String config) {
        try {
            return config == null || config.isBlank() ? null : mapper.readValue(config, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("config", "must be a JSON object; see the examples beside the field");
        }
    }

    private Uni<NotificationsView> view(Long opened, String message, String error, String name, String kind, String config) {
        return targets.list(PageRequest.of(0, PageRequest.MAX_SIZE)).flatMap(p -> {
            List<TargetView> all = p.items().stream().map(TargetView::of).toList();
            TargetView open = opened == null ? null : all.stream().filter(t -> t.id().equals(opened)).findFirst().orElse(null);
            Uni<List<DeliveryView>> deliveries = open == null ? Uni.createFrom().item(List.of())
                    : targets.deliveries(open.id(), PageRequest.of(0, 50)).map(d -> d.items().stream().map(DeliveryView::of).toList());
            return deliveries.map(d -> new NotificationsView(all, open, d, message, error, name,
                    kind == null ? "discord" : kind, config));
        });
    }

    private static String notice(String key) {
        if (key == null) {
            return null;
        }
        return switch (key) {
            case "added" -> "Target added. Send it a test to check it works.";
            case "enabled" -> "Target enabled.";
            case "disabled" -> "Target disabled: no notification goes to it.";
            case "deleted" -> "Target deleted.";
            default -> null;
        };
    }
}
