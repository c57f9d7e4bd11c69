package io.cyberbrain.api.notification;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cyberbrain.model.error.InvalidRequestException.FieldError;

/**
 * The notification target form, new or editing: its fields as typed (or as stored, secrets masked), and the
 * problems of a refused save by field ({@code name}, {@code events}, {@code smtp_host}: a config key without its
 * {@code config.} prefix), so each is shown beside its input. {@code storedPassword} says a password set in clear
 * through the API is kept (the form itself only names environment variables).
 */
public record NotificationFormView(Long id, String name, String kind, Map<String, String> values, Set<String> events,
                                   List<FieldError> errors, boolean storedPassword) {

    public boolean isNew() {
        return id == null;
    }

    public String action() {
        return id == null ? "/ui/notifications" : "/ui/notifications/" + id;
    }

    /** Whether the form has the inputs of {@code candidate}: all kinds when new, the target's own when editing. */
    public boolean offers(String candidate) {
        return id == null || candidate.equals(kind);
    }

    public boolean kindIs(String candidate) {
        return candidate.equals(kind);
    }

    public String value(String key) {
        return values.getOrDefault(key, "");
    }

    public String passwordHint() {
        return storedPassword ? "A password set through the API is stored; naming a variable here replaces it."
                : "The password itself stays in the service's environment; leave empty when the server needs no login.";
    }

    public boolean hasEvent(String event) {
        return events.contains(event);
    }

    /** The message for one field, or null. */
    public String errorOf(String field) {
        return errors.stream().filter(e -> shortName(e.field()).equals(field)).map(FieldError::message).findFirst()
                .orElse(null);
    }

    /** Every problem as "field: message", the summary above the form. */
    public List<String> summary() {
        return errors.stream().map(e -> shortName(e.field()) + ": " + e.message()).toList();
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    static String shortName(String field) {
        return field.startsWith("config.") ? field.substring("config.".length()) : field;
    }
}
