package io.cyberbrain.worker.task.triage.llm;

import java.util.Locale;
import java.util.Optional;

/** The fixed vocabulary of template categories a model may choose from. */
public enum TemplateCategory {
    STORAGE, NETWORK, AUTH, OOM, GPU, CONFIG, DEPENDENCY, APPLICATION, OTHER;

    /** The value on the wire and in reports: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Exactly one of the wire values, or empty. */
    public static Optional<TemplateCategory> fromWire(String value) {
        for (TemplateCategory c : values()) {
            if (c.wire().equals(value)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
