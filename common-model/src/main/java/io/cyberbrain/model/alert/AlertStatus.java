package io.cyberbrain.model.alert;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

/** An alert's state as its sender reported it. */
public enum AlertStatus implements WireEnum {
    FIRING, RESOLVED;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<AlertStatus> {
        public Converter() {
            super(AlertStatus.class);
        }
    }
}
