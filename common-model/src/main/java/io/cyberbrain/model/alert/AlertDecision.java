package io.cyberbrain.model.alert;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

/** What the product did with an alert; stored on every alert and counted per rule. */
public enum AlertDecision implements WireEnum {
    /** A rule matched and the launch path opened a run. */
    RUN_LAUNCHED,
    /** A rule matched and an investigation started. */
    INVESTIGATION_STARTED,
    /** The same fingerprint opened something within the quiet window: nothing new opened. */
    DUPLICATE,
    /** No enabled rule matched. */
    NO_RULE,
    /** A rule matched, but the launch path refused its run (or a template named a label the alert lacks). */
    LAUNCH_REFUSED,
    /** A rule asks for an investigation, and it was refused. */
    INVESTIGATION_REFUSED,
    /** A resolved notice that closed what the alert's firing had opened. */
    RESOLVED,
    /** A resolved notice with nothing open for its fingerprint. */
    NOTHING_OPEN;

    /** Whether an alert with this decision opened something a repeat is a duplicate of and a resolved notice closes. */
    public boolean opened() {
        return this == RUN_LAUNCHED || this == INVESTIGATION_STARTED;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<AlertDecision> {
        public Converter() {
            super(AlertDecision.class);
        }
    }
}
