package io.cyberbrain.model.schedule;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

public enum ScheduleType implements WireEnum {
    INTERVAL, CRON, ONCE;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<ScheduleType> {
        public Converter() {
            super(ScheduleType.class);
        }
    }
}
