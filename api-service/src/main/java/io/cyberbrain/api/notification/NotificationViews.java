package io.cyberbrain.api.notification;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Size;

import io.cyberbrain.model.notification.DeliveryResult;
import io.cyberbrain.model.notification.NotificationTarget;
import io.cyberbrain.model.notification.RunNotification;
import io.cyberbrain.model.notification.RunNotificationClaims;
import io.cyberbrain.model.notification.TargetSecrets;

public final class NotificationViews {

    private NotificationViews() {
    }

    /**
     * Create (name, kind, config required) or update (any subset; config keys merge, a null value removes
     * one, a masked secret sent back keeps the stored one).
     */
    public record TargetInput(
            @Size(min = 1, max = 200) String name,
            String kind,
            Boolean enabled,
            Map<String, Object> config,
            @Size(min = 1, max = 3) List<String> events) {
    }

    /** A target as shown: secrets in its config masked. */
    public record TargetView(Long id, String name, String kind, boolean enabled, Map<String, Object> config, List<String> events,
                             Instant createdAt, Instant updatedAt) {
        public static TargetView of(NotificationTarget t) {
            return new TargetView(t.id, t.name, t.kind.wire(), t.enabled, TargetSecrets.masked(t.config),
                    t.events == null ? List.of() : List.of(t.events), t.createdAt, t.updatedAt);
        }
    }

    /**
     * One run's or investigation's notification to a target (the other id is null); {@code next_attempt_at} is set while
     * it waits to be retried.
     */
    public record DeliveryView(Long id, Long runId, Long investigationId, Long targetId, String status, int attempts,
                               String errorSummary, Instant nextAttemptAt, Instant sentAt, Instant createdAt) {
        public static DeliveryView of(RunNotification n) {
            Instant next = RunNotificationClaims.BACKOFF_OWNER.equals(n.leaseOwner) ? n.leaseExpiresAt : null;
            return new DeliveryView(n.id, n.runId, n.investigationId, n.targetId, n.status.wire(), n.attempts, n.errorSummary,
                    next, n.sentAt, n.createdAt);
        }
    }

    /** The answer to "send test" when the target accepted it. */
    public record TestResult(Long targetId, String kind, String result) {
        public static TestResult of(NotificationTarget t, DeliveryResult r) {
            return new TestResult(t.id, t.kind.wire(), r.outcome().name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
