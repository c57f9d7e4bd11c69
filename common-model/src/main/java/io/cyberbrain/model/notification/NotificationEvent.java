package io.cyberbrain.model.notification;

import java.util.Optional;

import io.cyberbrain.model.run.RunStatus;
import io.cyberbrain.model.support.WireEnum;

/** The run outcomes a target can subscribe to, as stored in {@code notification_target.events}. */
public enum NotificationEvent implements WireEnum {
    RUN_SUCCESS, RUN_FAILED, RUN_CANCELLED;

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
