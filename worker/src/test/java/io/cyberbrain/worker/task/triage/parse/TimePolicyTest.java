package io.cyberbrain.worker.task.triage.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Zone-less stamps in the configured zone, epoch seconds and millis, year-less stamps across New Year. */
class TimePolicyTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void zoneLessStampsAreLocalTimeOfTheConfiguredZone() {
        TimeContext paris = new TimeContext(PARIS, Instant.parse("2026-12-07T00:00:00Z"));
        assertEquals(Instant.parse("2026-12-06T15:40:20.943Z"), Timestamps.parse("2026-12-06 16:40:20.943", paris));
        // summer time: +02:00
        assertEquals(Instant.parse("2026-07-06T14:40:20Z"), Timestamps.parse("2026-07-06T16:40:20", paris));
        // an explicit offset or zone name wins over the configured zone
        assertEquals(Instant.parse("2026-12-06T16:40:20Z"), Timestamps.parse("2026-12-06T16:40:20Z", paris));
        assertEquals(Instant.parse("2026-12-06T16:40:20.943Z"), Timestamps.parse("2026-12-06 16:40:20.943 UTC", paris));
        assertEquals(Instant.parse("2026-12-06T14:40:20Z"), Timestamps.parse("2026-12-06 16:40:20+02:00", paris));
        TimeContext plusFive = new TimeContext(ZoneOffset.ofHours(5), Instant.parse("2026-12-07T00:00:00Z"));
        assertEquals(Instant.parse("2026-12-06T11:40:20Z"), Timestamps.parse("2026/12/06 16:40:20", plusFive));
    }

    @Test
    void epochSecondsAndMillisKeepTheirPrecision() {
        TimeContext tc = new TimeContext(PARIS, Instant.parse("2026-12-07T00:00:00Z"));
        assertEquals(Instant.parse("2024-12-06T16:40:20Z"), Timestamps.parse("1733503220", tc));
        assertEquals(Instant.parse("2024-12-06T16:40:20.123Z"), Timestamps.parse("1733503220123", tc));
        assertEquals(Instant.parse("2024-12-06T16:40:20.5Z"), Timestamps.parse("1733503220.5", tc));
        assertEquals(Instant.parse("2026-12-06T16:40:20.123456Z"), Timestamps.parse("2026-12-06T16:40:20.123456Z", tc));
    }

    @Test
    void yearLessStampsReadInJanuaryFromDecemberLandInThePreviousYear() {
        Clock january = Clock.fixed(Instant.parse("2027-01-02T08:00:00Z"), ZoneOffset.UTC);
        TimeContext tc = TimeContext.of(ZoneOffset.UTC, january);
        assertEquals(Instant.parse("2026-12-31T23:59:58Z"), Timestamps.parse("Dec 31 23:59:58", tc));
        assertEquals(Instant.parse("2027-01-02T07:00:00Z"), Timestamps.parse("Jan  2 07:00:00", tc));
        // a couple of days ahead is clock skew, not last year
        assertEquals(Instant.parse("2027-01-04T07:00:00Z"), Timestamps.parse("Jan  4 07:00:00", tc));
        List<LogEntry> e = EntryAssembler.assemble(List.of("Dec 31 23:59:58 host cron[1]: job", "Jan  1 00:00:01 host cron[1]: job"),
                new HeaderSplitter(null, tc));
        assertEquals(Instant.parse("2026-12-31T23:59:58Z"), e.get(0).timestamp());
        assertEquals(Instant.parse("2027-01-01T00:00:01Z"), e.get(1).timestamp());
        // glog / klog and logcat have no year either
        assertEquals(Instant.parse("2026-12-06T16:40:38.399Z"), EntryAssembler.assemble(
                List.of("I1206 16:40:38.399 12 a.go:1] x"), new HeaderSplitter(null, tc)).get(0).timestamp());
    }

    @Test
    void yearLessStampsInTheConfiguredZone() {
        TimeContext tc = new TimeContext(PARIS, Instant.parse("2026-12-07T00:00:00Z"));
        assertEquals(Instant.parse("2026-12-06T15:40:38Z"), Timestamps.parse("Dec  6 16:40:38", tc));
    }

    @Test
    void aTimeOfDayAloneIsNoInstant() {
        assertNull(Timestamps.parse("16:40:38.123", new TimeContext(ZoneOffset.UTC, Instant.parse("2026-12-07T00:00:00Z"))));
    }
}
