package io.cyberbrain.api.alert;

import java.time.Instant;
import java.util.Map;

import io.cyberbrain.model.alert.AlertSource;
import io.cyberbrain.model.alert.AlertStatus;

/**
 * An alert as a sender gave it, checked and in one shape whatever the sender. Its labels are the raw ones: rules
 * match and templates read them in memory; only their redacted form is ever stored or shown.
 */
record IncomingAlert(AlertSource source, String fingerprint, String name, AlertStatus status, Map<String, String> labels,
                     Map<String, String> annotations, Instant startsAt, Instant endsAt, String generatorUrl) {
}
