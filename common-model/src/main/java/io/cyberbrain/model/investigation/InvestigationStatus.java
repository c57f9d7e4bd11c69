package io.cyberbrain.model.investigation;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

/** Where an investigation is; the last four are endings, each with a report. */
public enum InvestigationStatus implements WireEnum {
    PLANNING, RUNNING, AWAITING_APPROVAL, COMPLETED, FAILED, BUDGET_EXHAUSTED, CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == BUDGET_EXHAUSTED || this == CANCELLED;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<InvestigationStatus> {
        public Converter() {
            super(InvestigationStatus.class);
        }
    }
}
