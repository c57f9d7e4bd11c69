package io.cyberbrain.model.notification;

import java.util.Optional;

import io.cyberbrain.model.investigation.InvestigationStatus;
import io.cyberbrain.model.run.RunStatus;
import io.cyberbrain.model.support.WireEnum;

/** The run and investigation outcomes a target can subscribe to, as stored in {@code notification_target.events}. */
public enum NotificationEvent implements WireEnum {
    RUN_SUCCESS, RUN_FAILED, RUN_CANCELLED, INVESTIGATION_COMPLETED, INVESTIGATION_FAILED, INVESTIGATION_CANCELLED;

    /** The event of an investigation that ended with {@code status}; a used-up budget counts as failed. */
    public static Optional<NotificationEvent> of(InvestigationStatus status) {
        return switch (status) {
            case COMPLETED -> Optional.of(INVESTIGATION_COMPLETED);
            case FAILED, BUDGET_EXHAUSTED -> Optional.of(INVESTIGATION_FAILED);
            case CANCELLED -> Optional.of(INVESTIGATION_CANCELLED);
            default -> Optional.empty();
        };
    }

    /** The event of a run that ended with {@code status}; empty for a status that is not an ending. */
    public static Optional<NotificationEvent> of(RunStatus status) {
        return switch (status) {
            case SUCCESS -> Optional.of(RUN_SUCCESS);
            case FAILED -> Optional.of(RUN_FAILED);
            case CANCELLED -> Optional.of(RUN_CANCELLED);
            default -> Optional.empty();
        };
    }
}
