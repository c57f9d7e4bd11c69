package io.cyberbrain.model.run;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

public enum Task3Scope implements WireEnum {
    ALLOWLIST, ALL;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<Task3Scope> {
        public Converter() {
            super(Task3Scope.class);
        }
    }
}
