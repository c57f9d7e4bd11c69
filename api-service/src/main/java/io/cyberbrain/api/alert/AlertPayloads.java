package io.cyberbrain.api.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What monitors send: Alertmanager's webhook notification (version 4) and the generic alert. */
public final class AlertPayloads {

    private AlertPayloads() {
    }

    /**
     * Alertmanager's webhook notification, version 4, in Alertmanager's own names (camelCase). Unknown fields are
     * ignored here alone: Alertmanager adds fields without changing the version ({@code truncatedAlerts} came so),
     * and refusing them would lose alerts after an Alertmanager upgrade. Times are text because Alertmanager writes
     * {@code 0001-01-01T00:00:00Z} for "no end yet".
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "AlertmanagerNotification", additionalProperties = Schema.True.class,
            description = "Alertmanager's webhook payload (version 4); further fields are accepted and ignored")
    public record AlertmanagerNotification(
            @JsonProperty("version") String version,
            @JsonProperty("groupKey") String groupKey,
            @JsonProperty("truncatedAlerts") Integer truncatedAlerts,
            @JsonProperty("status") String status,
            @JsonProperty("receiver") String receiver,
            @JsonProperty("groupLabels") Map<String, String> groupLabels,
            @JsonProperty("commonLabels") Map<String, String> commonLabels,
            @JsonProperty("commonAnnotations") Map<String, String> commonAnnotations,
            @JsonProperty("externalURL") String externalUrl,
            @JsonProperty("alerts") @NotNull @Valid List<@NotNull AlertmanagerAlert> alerts) {
    }

    /** One alert of a notification; {@code fingerprint} is Alertmanager's hash of its labels. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "AlertmanagerAlert", additionalProperties = Schema.True.class)
    public record AlertmanagerAlert(
            @JsonProperty("status") @NotNull String status,
            @JsonProperty("labels") Map<String, String> labels,
            @JsonProperty("annotations") Map<String, String> annotations,
            @JsonProperty("startsAt") String startsAt,
            @JsonProperty("endsAt") String endsAt,
            @JsonProperty("generatorURL") String generatorUrl,
            @JsonProperty("fingerprint") String fingerprint) {
    }

    /**
     * The generic alert, for monitors other than Alertmanager. Without a fingerprint, one is derived from the name and
     * the labels, so a repeat of the same alert is recognised.
     */
    public record WebhookAlert(
            @NotNull @Size(min = 1, max = IncomingAlerts.MAX_NAME) String name,
            @NotNull String status,
            Map<String, String> labels,
            Map<String, String> annotations,
            @Size(min = 1, max = IncomingAlerts.MAX_FINGERPRINT) String fingerprint,
            Instant startsAt) {
    }
}
