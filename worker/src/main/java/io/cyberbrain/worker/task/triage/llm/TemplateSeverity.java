package io.cyberbrain.worker.task.triage.llm;

import java.util.Locale;
import java.util.Optional;

/** The fixed vocabulary of severities a model may choose from. */
public enum TemplateSeverity {
    CRITICAL, HIGH, MEDIUM, LOW, INFO;

    /** The value on the wire and in reports: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Exactly one of the wire values, or empty. */
    public static Optional<TemplateSeverity> fromWire(String value) {
        for (TemplateSeverity s : values()) {
            if (s.wire().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
