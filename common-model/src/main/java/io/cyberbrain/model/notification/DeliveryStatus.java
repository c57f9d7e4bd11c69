package io.cyberbrain.model.notification;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

public enum DeliveryStatus implements WireEnum {
    PENDING, SENT, FAILED;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<DeliveryStatus> {
        public Converter() {
            super(DeliveryStatus.class);
        }
    }
}
