package io.cyberbrain.model.alert;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

/** Who sent an alert: Alertmanager's webhook, or the generic JSON webhook. */
public enum AlertSource implements WireEnum {
    ALERTMANAGER, WEBHOOK;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<AlertSource> {
        public Converter() {
            super(AlertSource.class);
        }
    }
}
