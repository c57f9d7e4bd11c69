package io.cyberbrain.model.alert;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

/** What a rule opens for a matching alert: a run through the launch path, or an investigation. */
public enum AlertAction implements WireEnum {
    RUN, INVESTIGATION;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<AlertAction> {
        public Converter() {
            super(AlertAction.class);
        }
    }
}
