package io.cyberbrain.model.notification;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

public enum NotificationKind implements WireEnum {
    DISCORD, EMAIL, WEBHOOK;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<NotificationKind> {
        public Converter() {
            super(NotificationKind.class);
        }
    }
}
