package io.cyberbrain.model.rag;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

public enum RetrievalSource implements WireEnum {
    REST, MCP, UI, TRIAGE, INVESTIGATION;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<RetrievalSource> {
        public Converter() {
            super(RetrievalSource.class);
        }
    }
}
