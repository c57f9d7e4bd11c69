package io.cyberbrain.model.run;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

public enum RunStatus implements WireEnum {
    PENDING, AWAITING_APPROVAL, RUNNING, SUCCESS, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCESS || this == FAILED || this == CANCELLED;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<RunStatus> {
        public Converter() {
            super(RunStatus.class);
        }
    }
}
