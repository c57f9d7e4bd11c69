package io.cyberbrain.model.notification;

import java.time.Duration;

import io.cyberbrain.redaction.Redactor;

/**
 * How one send went. A failure says whether trying again may help (a timeout, a 5xx, a 429) or not (a
 * rejected webhook, a refused login, a bad address). The reason is redacted here, once, because it can
 * echo a remote server's answer and ends up in the database, the API and logs.
 *
 * @param retryAfter the earliest retry the receiver asked for (HTTP 429), or null
 */
public record DeliveryResult(Outcome outcome, String reason, Duration retryAfter) {

    static final int MAX_REASON = 500;

    public enum Outcome {
        SENT, RETRYABLE_FAILURE, PERMANENT_FAILURE
    }

    public static DeliveryResult sent() {
        return new DeliveryResult(Outcome.SENT, null, null);
    }

    public static DeliveryResult retryable(String reason, Duration retryAfter) {
        return new DeliveryResult(Outcome.RETRYABLE_FAILURE, clean(reason), retryAfter);
    }

    public static DeliveryResult retryable(String reason) {
        return retryable(reason, null);
    }

    public static DeliveryResult permanent(String reason) {
        return new DeliveryResult(Outcome.PERMANENT_FAILURE, clean(reason), null);
    }

    public boolean isSent() {
        return outcome == Outcome.SENT;
    }

    public boolean isRetryable() {
        return outcome == Outcome.RETRYABLE_FAILURE;
    }

    private static String clean(String reason) {
        String r = Redactor.standard().redact(reason == null || reason.isBlank() ? "unknown failure" : reason.strip());
        return r.length() <= MAX_REASON ? r : r.substring(0, MAX_REASON - 3) + "...";
    }
}
