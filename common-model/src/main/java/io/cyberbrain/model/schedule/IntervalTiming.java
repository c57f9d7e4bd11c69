package io.cyberbrain.model.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.cyberbrain.model.error.InvalidRequestException;

/**
 * Every N minutes, counted from the schedule's anchor, so fires never drift: a fire that ran late does not
 * push the next one back. Intervals are elapsed time, so DST does not affect them.
 */
public record IntervalTiming(Instant anchor, int minutes) implements Timing {

    /** One year: longer periods are better written as cron. */
    public static final int MAX_MINUTES = 525_600;

    public static IntervalTiming of(Instant anchor, Integer minutes) {
        if (minutes == null) {
            throw new InvalidRequestException("interval_minutes", "is required for an interval schedule");
        }
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new InvalidRequestException("interval_minutes", "must be between 1 and " + MAX_MINUTES);
        }
        if (anchor == null) {
            throw new IllegalArgumentException("an interval needs its anchor");
        }
        return new IntervalTiming(anchor, minutes);
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        long period = Duration.ofMinutes(minutes).toMillis();
        long elapsed = after.toEpochMilli() - anchor.toEpochMilli();
        if (elapsed < 0) {
            return Optional.of(anchor);
        }
        long periods = elapsed / period + 1;
        return Optional.of(anchor.plusMillis(periods * period));
    }

    @Override
    public String describe() {
        if (minutes % 1440 == 0) {
            return every(minutes / 1440, "day");
        }
        if (minutes % 60 == 0) {
            return every(minutes / 60, "hour");
        }
        return every(minutes, "minute");
    }

    private static String every(int n, String unit) {
        return n == 1 ? "every " + unit : "every " + n + " " + unit + "s";
    }
}
