package io.cyberbrain.model.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.cyberbrain.model.error.InvalidRequestException;

/** When a schedule fires: the one place fire times are computed, for the scheduler, the API and previews. */
public sealed interface Timing permits IntervalTiming, CronTiming, OnceTiming {

    /** The first fire strictly after {@code after}, or empty when the schedule has no more fires. */
    Optional<Instant> nextAfter(Instant after);

    /** A sentence a person understands, e.g. "at 02:30 (Europe/Berlin)". */
    String describe();

    /** The next {@code count} fires after {@code from}: the preview shown before saving. */
    default List<Instant> preview(Instant from, int count) {
        List<Instant> fires = new ArrayList<>(count);
        Instant cursor = from;
        while (fires.size() < count) {
            Optional<Instant> next = nextAfter(cursor);
            if (next.isEmpty()) {
                break;
            }
            fires.add(next.get());
            cursor = next.get();
        }
        return fires;
    }

    /**
     * The timing of a schedule's fields, validated; errors name the field.
     *
     * @param anchor where an interval counts from (the schedule's start)
     */
    static Timing of(ScheduleType type, Integer intervalMinutes, String cronExpr, String timezone, Instant runOnceAt,
                     Instant anchor) {
        if (type == null) {
            throw new InvalidRequestException("schedule_type", "is required: interval, cron or once");
        }
        return switch (type) {
            case INTERVAL -> IntervalTiming.of(anchor, intervalMinutes);
            case CRON -> CronTiming.parse(cronExpr, timezone);
            case ONCE -> OnceTiming.of(runOnceAt, timezone);
        };
    }

    static Timing of(Schedule schedule) {
        return of(schedule.scheduleType, schedule.intervalMinutes, schedule.cronExpr, schedule.timezone,
                schedule.runOnceAt, schedule.anchorAt);
    }

    /** An IANA zone id; offsets such as {@code +02:00} are refused, they know nothing of DST. */
    static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            ZoneId zone = ZoneId.of(timezone.trim());
            if (!ZoneId.getAvailableZoneIds().contains(zone.getId())) {
                throw new InvalidRequestException("timezone", "'" + timezone
                        + "' is not an IANA timezone; use a region such as Europe/Berlin, America/New_York or UTC");
            }
            return zone;
        } catch (DateTimeException e) {
            throw new InvalidRequestException("timezone", "'" + timezone
                    + "' is not an IANA timezone; use a region such as Europe/Berlin, America/New_York or UTC");
        }
    }
}
