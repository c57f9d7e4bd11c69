package io.cyberbrain.api.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.cyberbrain.model.alert.Alert;

/** Alerts as the API, MCP and the web UI show them. */
public final class AlertViews {

    private AlertViews() {
    }

    /**
     * One alert as stored: labels, annotations and the generator URL redacted. A {@code duplicate} or {@code resolved}
     * alert names the alert that opened the run or investigation ({@code opened_by_id}) and carries its ids; the
     * opener carries {@code resolved_at} and {@code resolved_by_id} once a resolved notice came.
     */
    public record AlertView(long id, String source, String fingerprint, String alertName, String status,
                            Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt,
                            String generatorUrl, Instant receivedAt, Long ruleId, String decision, String decisionDetail,
                            Long runId, Long investigationId, String targetHost, Long openedById, Instant resolvedAt,
                            Long resolvedById) {

        public static AlertView of(Alert a) {
            return new AlertView(a.id, a.source.wire(), a.fingerprint, a.alertName, a.status.wire(),
                    a.labels == null ? Map.of() : a.labels, a.annotations == null ? Map.of() : a.annotations, a.startsAt,
                    a.endsAt, a.generatorUrl, a.receivedAt, a.ruleId, a.decision.wire(), a.decisionDetail, a.runId,
                    a.investigationId, a.targetHost, a.openedById, a.resolvedAt, a.resolvedById);
        }
    }

    /** The answer to an Alertmanager notification: each of its alerts as stored, in the notification's order. */
    public record AlertReceipt(List<AlertView> alerts) {
    }
}
