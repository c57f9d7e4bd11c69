package io.cyberbrain.model.schedule;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

/** The outcome of one fire; {@code skipped_concurrency} means a max-global or max-per-job cap held it back. */
public enum ScheduledRunStatus implements WireEnum {
    LAUNCHED, SKIPPED_CONCURRENCY, FAILED, SUCCESS, CANCELLED;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<ScheduledRunStatus> {
        public Converter() {
            super(ScheduledRunStatus.class);
        }
    }
}
