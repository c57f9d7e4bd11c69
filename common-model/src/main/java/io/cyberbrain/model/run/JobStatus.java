package io.cyberbrain.model.run;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

public enum JobStatus implements WireEnum {
    AWAITING_APPROVAL, PENDING, RUNNING, SUCCESS, FAILED, CANCELLED, TIMED_OUT;

    public boolean isFinal() {
        return this == SUCCESS || this == FAILED || this == CANCELLED || this == TIMED_OUT;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<JobStatus> {
        public Converter() {
            super(JobStatus.class);
        }
    }
}
