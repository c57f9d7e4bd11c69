package io.cyberbrain.api.alert;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.cyberbrain.api.alert.AlertPayloads.AlertmanagerNotification;
import io.cyberbrain.api.alert.AlertPayloads.WebhookAlert;
import io.cyberbrain.api.alert.AlertViews.AlertReceipt;
import io.cyberbrain.api.alert.AlertViews.AlertView;
import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.auth.Role;
import io.smallrye.mutiny.Uni;

/**
 * Alerts in: Alertmanager's webhook and a generic one, for tokens of the {@code alerts} role (which may do nothing
 * else) and admins; and the stored alerts with their decisions, for viewers.
 */
@Path("/api/alerts")
@Tag(name = "Alerts", description = "Alerts received from Alertmanager and other monitors, and what each led to")
public class AlertResource {

    private static final String ALERTMANAGER_EXAMPLE = """
            {"version": "4", "groupKey": "{}:{alertname=\\"GpuTooHot\\"}", "truncatedAlerts": 0, "status": "firing",
             "receiver": "cyberbrain", "groupLabels": {"alertname": "GpuTooHot"},
             "commonLabels": {"alertname": "GpuTooHot", "severity": "warning"}, "commonAnnotations": {},
             "externalURL": "http://alertmanager:9093",
             "alerts": [{"status": "firing", "labels": {"alertname": "GpuTooHot", "severity": "warning", "instance": "gpu-box"},
                         "annotations": {"summary": "GPU 0 above 85 C"}, "startsAt": "2026-12-07T03:00:00Z",
                         "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prometheus:9090/graph",
                         "fingerprint": "5f2a9c1d7e3b4a60"}]}""";
    private static final String WEBHOOK_EXAMPLE = """
            {"name": "BackupFailed", "status": "firing", "labels": {"severity": "critical", "container": "restic"},
             "annotations": {"summary": "Nightly backup exited 1"}}""";

    private final AlertIntake intake;
    private final AlertQueryService queries;
    private final AlertsConfig config;

    public AlertResource(AlertIntake intake, AlertQueryService queries, AlertsConfig config) {
        this.intake = intake;
        this.queries = queries;
        this.config = config;
    }

    @POST
    @Path("/alertmanager")
    @RolesAllowed({Role.ALERTS_ROLE, Role.ADMIN_ROLE})
    @Operation(operationId = "receiveAlertmanagerNotification",
            summary = "Alertmanager's webhook receiver: each alert stored, deduplicated by fingerprint and routed by the alert rules")
    @APIResponse(responseCode = "200", description = "Every alert of the notification as stored, with its decision",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AlertReceipt.class)))
    public Uni<AlertReceipt> alertmanager(@RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "example", summary = "One firing alert", value = ALERTMANAGER_EXAMPLE)))
                                          @Valid @NotNull AlertmanagerNotification notification) {
        return Uni.createFrom().deferred(() -> intake.receive(IncomingAlerts.fromAlertmanager(notification,
                        config.maxAlertsPerNotification())))
                .map(stored -> new AlertReceipt(stored.stream().map(AlertView::of).toList()));
    }

    @POST
    @Path("/webhook")
    @RolesAllowed({Role.ALERTS_ROLE, Role.ADMIN_ROLE})
    @Operation(operationId = "receiveWebhookAlert",
            summary = "A generic alert (name, status, labels, annotations, optional fingerprint), routed like Alertmanager's")
    @APIResponse(responseCode = "201", description = "The alert as stored, with its decision; Location names it",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AlertView.class)))
    public Uni<Response> webhook(@RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "example", summary = "A failed backup", value = WEBHOOK_EXAMPLE)))
                                 @Valid @NotNull WebhookAlert alert) {
        return Uni.createFrom().deferred(() -> intake.receive(IncomingAlerts.fromWebhook(alert)))
                .map(stored -> Response.created(URI.create("/api/alerts/" + stored.id)).entity(AlertView.of(stored)).build());
    }

    @GET
    @RolesAllowed(Role.VIEWER_ROLE)
    @Operation(operationId = "listAlerts", summary = "Alerts received, newest first")
    public Uni<Page<AlertView>> list(@QueryParam("fingerprint") String fingerprint, @QueryParam("status") String status,
                                     @QueryParam("decision") String decision, @QueryParam("rule_id") Long ruleId,
                                     @QueryParam("since") String since, @QueryParam("page") Integer page,
                                     @QueryParam("size") Integer size) {
        AlertFilter filter = AlertFilter.parse(fingerprint, status, decision, ruleId, since);
        return queries.list(filter, PageRequest.of(page, size)).map(p -> p.map(AlertView::of));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_ROLE)
    @Operation(operationId = "getAlert")
    public Uni<AlertView> get(@PathParam("id") long id) {
        return queries.get(id).map(AlertView::of);
    }
}
