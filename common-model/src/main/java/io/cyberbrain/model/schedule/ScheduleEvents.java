package io.cyberbrain.model.schedule;

import io.cyberbrain.model.support.PgNotify;
import io.smallrye.mutiny.Uni;

/** Wakes the scheduler instances when a schedule was created, changed, enabled or deleted. */
public final class ScheduleEvents {

    public static final String CHANNEL = "cyberbrain_schedules";

    private ScheduleEvents() {
    }

    /** In the caller's transaction. */
    public static Uni<Void> changed(long scheduleId) {
        return PgNotify.send(CHANNEL, Long.toString(scheduleId));
    }
}
