package io.cyberbrain.model.investigation;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

/**
 * One step's state. {@code forbidden}: the directive (the launch path) refused the tool; {@code denied}: an admin
 * denied the step's run; {@code not_run}: a budget ran out before it; {@code failed}: the tool ran and failed.
 */
public enum StepStatus implements WireEnum {
    RUNNING, AWAITING_APPROVAL, DONE, FAILED, FORBIDDEN, DENIED, NOT_RUN, CANCELLED;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<StepStatus> {
        public Converter() {
            super(StepStatus.class);
        }
    }
}
