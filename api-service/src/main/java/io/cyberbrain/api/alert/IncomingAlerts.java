package io.cyberbrain.api.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.cyberbrain.api.alert.AlertPayloads.AlertmanagerAlert;
import io.cyberbrain.api.alert.AlertPayloads.AlertmanagerNotification;
import io.cyberbrain.api.alert.AlertPayloads.WebhookAlert;
import io.cyberbrain.api.common.StorableInstants;
import io.cyberbrain.model.alert.AlertSource;
import io.cyberbrain.model.alert.AlertStatus;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.InvalidRequestException.FieldError;
import io.cyberbrain.model.support.WireEnum;

/** Checks what senders post and turns it into {@link IncomingAlert}s; every problem is reported with its field. */
final class IncomingAlerts {

    /** Prometheus' label for an alert's name, which the generic alert's {@code name} also becomes. */
    static final String ALERTNAME = "alertname";
    static final int MAX_NAME = 200;
    static final int MAX_FINGERPRINT = 128;
    static final int MAX_ENTRIES = 100;
    static final int MAX_KEY = 200;
    static final int MAX_LABEL_VALUE = 2_000;
    static final int MAX_ANNOTATION_VALUE = 10_000;
    static final int MAX_URL = 2_000;

    private static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9._:-]+");

    private IncomingAlerts() {
    }

    static List<IncomingAlert> fromAlertmanager(AlertmanagerNotification notification, int maxAlerts) {
        List<FieldError> errors = new ArrayList<>();
        List<AlertmanagerAlert> alerts = notification.alerts() == null ? List.of() : notification.alerts();
        if (alerts.size() > maxAlerts) {
            throw new InvalidRequestException("alerts", "at most " + maxAlerts
                    + " alerts per notification (set max_alerts on the Alertmanager webhook)");
        }
        List<IncomingAlert> incoming = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            AlertmanagerAlert a = alerts.get(i);
            String at = "alerts[" + i + "].";
            AlertStatus status = status(a.status(), at + "status", errors);
            Map<String, String> labels = entries(a.labels(), at + "labels", MAX_LABEL_VALUE, errors);
            Map<String, String> annotations = entries(a.annotations(), at + "annotations", MAX_ANNOTATION_VALUE, errors);
            String name = labels.get(ALERTNAME);
            if (name != null && name.length() > MAX_NAME) {
                errors.add(new FieldError(at + "labels." + ALERTNAME, "at most " + MAX_NAME + " characters"));
            }
            String fingerprint = a.fingerprint() == null || a.fingerprint().isBlank() ? derived(name, labels)
                    : fingerprint(a.fingerprint(), at + "fingerprint", errors);
            if (a.generatorUrl() != null && a.generatorUrl().length() > MAX_URL) {
                errors.add(new FieldError(at + "generatorURL", "at most " + MAX_URL + " characters"));
            }
            incoming.add(new IncomingAlert(AlertSource.ALERTMANAGER, fingerprint, name, status, labels, annotations,
                    time(a.startsAt(), at + "startsAt", errors), time(a.endsAt(), at + "endsAt", errors), a.generatorUrl()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return incoming;
    }

    static IncomingAlert fromWebhook(WebhookAlert alert) {
        List<FieldError> errors = new ArrayList<>();
        AlertStatus status = status(alert.status(), "status", errors);
        Map<String, String> labels = new LinkedHashMap<>(entries(alert.labels(), "labels", MAX_LABEL_VALUE, errors));
        Map<String, String> annotations = entries(alert.annotations(), "annotations", MAX_ANNOTATION_VALUE, errors);
        String name = alert.name().strip();
        String labelled = labels.putIfAbsent(ALERTNAME, name);
        if (labelled != null && !labelled.equals(name)) {
            errors.add(new FieldError("labels." + ALERTNAME, "differs from name; leave it out or send the same value"));
        }
        String fingerprint = alert.fingerprint() == null ? derived(name, labels)
                : fingerprint(alert.fingerprint(), "fingerprint", errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new IncomingAlert(AlertSource.WEBHOOK, fingerprint, name, status, labels, annotations, alert.startsAt(),
                null, null);
    }

    private static AlertStatus status(String raw, String field, List<FieldError> errors) {
        AlertStatus status = WireEnum.parse(AlertStatus.class, raw).orElse(null);
        if (status == null) {
            errors.add(new FieldError(field, "must be one of " + WireEnum.allowed(AlertStatus.class)));
        }
        return status;
    }

    private static Map<String, String> entries(Map<String, String> raw, String field, int maxValue, List<FieldError> errors) {
        if (raw == null) {
            return Map.of();
        }
        if (raw.size() > MAX_ENTRIES) {
            errors.add(new FieldError(field, "at most " + MAX_ENTRIES + " entries"));
            return Map.of();
        }
        Map<String, String> checked = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_KEY) {
                errors.add(new FieldError(field, "names are 1 to " + MAX_KEY + " characters"));
            } else if (value == null) {
                errors.add(new FieldError(field + "." + key, "must be a text, not null"));
            } else if (value.length() > maxValue) {
                errors.add(new FieldError(field + "." + key, "at most " + maxValue + " characters"));
            } else {
                checked.put(key, value);
            }
        });
        return checked;
    }

    private static String fingerprint(String raw, String field, List<FieldError> errors) {
        String value = raw.strip();
        if (value.isEmpty() || value.length() > MAX_FINGERPRINT || !FINGERPRINT.matcher(value).matches()) {
            errors.add(new FieldError(field, "1 to " + MAX_FINGERPRINT + " letters, digits, '.', '_', ':' or '-'"));
        }
        return value;
    }

    /**
     * The first 16 hex digits of the SHA-256 of the name and the labels in name order: Alertmanager's fingerprint is
     * as long, and the same alert always gets the same one.
     */
    static String derived(String name, Map<String, String> labels) {
        StringBuilder text = new StringBuilder(name == null ? "" : name).append('\u0000');
        new TreeMap<>(labels).forEach((k, v) -> text.append(k).append('\u0001').append(v).append('\u0000'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** An RFC 3339 time; one outside the storable range (Alertmanager's 0001-01-01 for "not ended") is no time. */
    private static Instant time(String raw, String field, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Instant parsed;
        try {
            parsed = OffsetDateTime.parse(raw.strip()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an RFC 3339 time such as 2026-01-31T12:00:00Z"));
            return null;
        }
        return parsed.isBefore(StorableInstants.MIN) || parsed.isAfter(StorableInstants.MAX) ? null : parsed;
    }
}
