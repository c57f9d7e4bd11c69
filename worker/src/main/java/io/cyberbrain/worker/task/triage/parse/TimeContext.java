package io.cyberbrain.worker.task.triage.parse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * How header timestamps that do not say everything become instants.
 *
 * <ul>
 * <li>A stamp without a zone or offset is local time of {@link #zone()} (the {@code triage.timezone} option,
 * by default the zone of the host the worker runs on).</li>
 * <li>A stamp without a year (RFC 3164 syslog, glog/klog, logcat) gets the year of the reading time in that
 * zone; when that puts it more than {@link #FUTURE_TOLERANCE} after the reading time it belongs to the year
 * before (December lines read in January).</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class TimeContext {

    /** How far in the future a year-less stamp may lie before it is moved to the previous year (clock skew). */
    public static final Duration FUTURE_TOLERANCE = Duration.ofDays(3);

    private final ZoneId zone;
    private final ZoneRules rules;
    private final ZoneOffset fixed;
    private final Instant reference;
    private final int year;

    /**
     * @param zone      zone of zone-less stamps
     * @param reference when the lines are read (the end of the triage window)
     */
    public TimeContext(ZoneId zone, Instant reference) {
        this.zone = zone;
        this.rules = zone.getRules();
        this.fixed = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
        this.reference = reference;
        this.year = reference.atZone(zone).getYear();
    }

    /** Reading now, in {@code zone}. */
    public static TimeContext of(ZoneId zone, Clock clock) {
        return new TimeContext(zone, clock.instant());
    }

    /**
     * UTC, read at the end of {@code year}: for harnesses that only need a year for year-less stamps and
     * compare nothing across years.
     */
    public static TimeContext utcInYear(int year) {
        return new TimeContext(ZoneOffset.UTC, LocalDateTime.of(year, 12, 31, 23, 59, 59).toInstant(ZoneOffset.UTC));
    }

    public ZoneId zone() {
        return zone;
    }

    public Instant reference() {
        return reference;
    }

    /** The year of the reading time in the zone: what a year-less stamp is first read in. */
    public int year() {
        return year;
    }

    /** A zone-less date-time as an instant. */
    public Instant local(LocalDateTime t) {
        if (fixed != null) {
            return t.toInstant(fixed);
        }
        return t.atZone(zone).toInstant();
    }

    /** A zone-less date-time given as its seconds counted as if it were UTC, plus nanos. */
    public Instant local(long secondsAsUtc, int nanos) {
        if (fixed != null) {
            return Instant.ofEpochSecond(secondsAsUtc - fixed.getTotalSeconds(), nanos);
        }
        LocalDateTime ldt = LocalDateTime.ofEpochSecond(secondsAsUtc, nanos, ZoneOffset.UTC);
        return ldt.atZone(zone).toInstant();
    }

    /**
     * A year-less zone-less stamp: read in {@link #year()} (29 February falls back to the 28th in a common year),
     * moved one year back when that lies more than {@link #FUTURE_TOLERANCE} after the reading time.
     */
    public Instant yearless(int month, int day, int hour, int minute, int second, int nanos) {
        LocalDateTime t = LocalDateTime.of(2000, month, day, hour, minute, second, nanos).withYear(year);
        Instant i = local(t);
        if (i.isAfter(reference.plus(FUTURE_TOLERANCE))) {
            i = local(LocalDateTime.of(2000, month, day, hour, minute, second, nanos).withYear(year - 1));
        }
        return i;
    }

    /** The same moved to the year wanted, for a stamp without a year that was parsed with an arbitrary one. */
    public Instant yearless(LocalDateTime anyYear) {
        return yearless(anyYear.getMonthValue(), anyYear.getDayOfMonth(), anyYear.getHour(),
                anyYear.getMinute(), anyYear.getSecond(), anyYear.getNano());
    }
}
