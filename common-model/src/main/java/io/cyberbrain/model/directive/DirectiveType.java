package io.cyberbrain.model.directive;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

public enum DirectiveType implements WireEnum {
    LOG_TRIAGE, GPU_REPORT, SERVICE_MAP, CUSTOM;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<DirectiveType> {
        public Converter() {
            super(DirectiveType.class);
        }
    }
}
