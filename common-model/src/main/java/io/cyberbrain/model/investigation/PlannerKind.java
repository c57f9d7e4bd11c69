package io.cyberbrain.model.investigation;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

/** Who planned: the local model through tool calls, or the rules on the goal and the labels. */
public enum PlannerKind implements WireEnum {
    LLM, DETERMINISTIC;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<PlannerKind> {
        public Converter() {
            super(PlannerKind.class);
        }
    }
}
