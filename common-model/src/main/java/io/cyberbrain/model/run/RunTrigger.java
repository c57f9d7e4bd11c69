package io.cyberbrain.model.run;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

public enum RunTrigger implements WireEnum {
    MANUAL, SCHEDULE, MCP, API, ALERT;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<RunTrigger> {
        public Converter() {
            super(RunTrigger.class);
        }
    }
}
