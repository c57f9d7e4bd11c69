package io.cyberbrain.model.investigation;

import io.cyberbrain.model.run.RunTrigger;
import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

/** Who started an investigation. */
public enum InvestigationOrigin implements WireEnum {
    API, MCP, UI, ALERT;

    /** The trigger of the runs its steps launch. */
    public RunTrigger runTrigger() {
        return switch (this) {
            case MCP -> RunTrigger.MCP;
            case UI -> RunTrigger.MANUAL;
            default -> RunTrigger.API;
        };
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<InvestigationOrigin> {
        public Converter() {
            super(InvestigationOrigin.class);
        }
    }
}
