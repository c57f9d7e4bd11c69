package io.cyberbrain.api.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.cyberbrain.model.error.InvalidRequestException;

/** {@code ?since=&until=} for aggregate endpoints; defaults to the last 30 days. */
public record TimeWindow(Instant since, Instant until) {

    public static final Duration DEFAULT_SPAN = Duration.ofDays(30);

    public static TimeWindow parse(String since, String until, Clock clock) {
        Instant end = StorableInstants.parameter("until", until);
        Instant start = StorableInstants.parameter("since", since);
        Instant effectiveEnd = end == null ? clock.instant() : end;
        Instant effectiveStart = start == null ? effectiveEnd.minus(DEFAULT_SPAN) : start;
        if (!effectiveStart.isBefore(effectiveEnd)) {
            throw new InvalidRequestException("since", "must be before until");
        }
        return new TimeWindow(effectiveStart, effectiveEnd);
    }

    public OffsetDateTime sinceUtc() {
        return OffsetDateTime.ofInstant(since, ZoneOffset.UTC);
    }

    public OffsetDateTime untilUtc() {
        return OffsetDateTime.ofInstant(until, ZoneOffset.UTC);
    }
}
