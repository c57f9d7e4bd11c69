package io.cyberbrain.model.host;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

/** What an admin lets a host do: claim jobs, finish what it holds and claim nothing new, or claim nothing. */
public enum HostState implements WireEnum {
    ENABLED, DISABLED, DRAINING;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<HostState> {
        public Converter() {
            super(HostState.class);
        }
    }
}
