package io.cyberbrain.model.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cyberbrain.model.error.InvalidRequestException;

class TimingTest {

    private static Instant utc(String iso) {
        return Instant.parse(iso);
    }

    private static List<Instant> fires(Timing timing, String fromUtc, int count) {
        return timing.preview(utc(fromUtc), count);
    }

    // ---------------------------------------------------------------- daily 02:30, a fixed-time job

    @Test
    void dailyJobInBerlinsSkippedHourRunsOnceRightAfterTheGap() {
        // 2027-03-28: 02:00 CET -> 03:00 CEST; 02:30 does not exist.
        Timing t = CronTiming.parse("30 2 * * *", "Europe/Berlin");
        assertEquals(List.of(
                utc("2027-03-27T01:30:00Z"),   // 02:30 CET
                utc("2027-03-28T01:00:00Z"),   // 03:00 CEST, the end of the gap
                utc("2027-03-29T00:30:00Z")),  // 02:30 CEST
                fires(t, "2027-03-26T12:00:00Z", 3));
    }

    @Test
    void dailyJobInBerlinsRepeatedHourRunsOnceAtTheFirstOccurrence() {
        // 2027-10-31: 03:00 CEST -> 02:00 CET; 02:30 happens twice.
        Timing t = CronTiming.parse("30 2 * * *", "Europe/Berlin");
        assertEquals(List.of(
                utc("2027-10-30T00:30:00Z"),   // 02:30 CEST
                utc("2027-10-31T00:30:00Z"),   // 02:30 CEST, the first of the two
                utc("2027-11-01T01:30:00Z")),  // 02:30 CET
                fires(t, "2027-10-29T12:00:00Z", 3));
    }

    @Test
    void dailyJobInNewYorksSkippedHourRunsOnceRightAfterTheGap() {
        // 2027-03-14: 02:00 EST -> 03:00 EDT.
        Timing t = CronTiming.parse("30 2 * * *", "America/New_York");
        assertEquals(List.of(
                utc("2027-03-13T07:30:00Z"),   // 02:30 EST
                utc("2027-03-14T07:00:00Z"),   // 03:00 EDT
                utc("2027-03-15T06:30:00Z")),  // 02:30 EDT
                fires(t, "2027-03-13T00:00:00Z", 3));
    }

    @Test
    void dailyJobAcrossNewYorksFallBackRunsOnceADay() {
        // 2027-11-07: 02:00 EDT -> 01:00 EST; 02:30 itself happens once, at EST.
        Timing t = CronTiming.parse("30 2 * * *", "America/New_York");
        assertEquals(List.of(
                utc("2027-11-06T06:30:00Z"),   // 02:30 EDT
                utc("2027-11-07T07:30:00Z"),   // 02:30 EST
                utc("2027-11-08T07:30:00Z")),
                fires(t, "2027-11-06T00:00:00Z", 3));
    }

    @Test
    void fixedTimeJobInNewYorksRepeatedHourRunsOnce() {
        Timing t = CronTiming.parse("30 1 * * *", "America/New_York");
        assertEquals(List.of(
                utc("2027-11-07T05:30:00Z"),   // 01:30 EDT, the first of the two
                utc("2027-11-08T06:30:00Z")),  // 01:30 EST
                fires(t, "2027-11-06T12:00:00Z", 2));
    }

    // ---------------------------------------------------------------- */20, a job that runs more often than hourly

    @Test
    void frequentJobFollowsTheWallClockThroughBerlinsGap() {
        Timing t = CronTiming.parse("*/20 * * * *", "Europe/Berlin");
        assertEquals(List.of(
                utc("2027-03-28T00:20:00Z"),   // 01:20 CET
                utc("2027-03-28T00:40:00Z"),   // 01:40 CET
                utc("2027-03-28T01:00:00Z"),   // 03:00 CEST: 02:00, 02:20, 02:40 never existed
                utc("2027-03-28T01:20:00Z")),
                fires(t, "2027-03-28T00:00:00Z", 4));
    }

    @Test
    void frequentJobNeverRunsTwiceForTheSameWallClockTimeInBerlinsRepeatedHour() {
        Timing t = CronTiming.parse("*/20 * * * *", "Europe/Berlin");
        assertEquals(List.of(
                utc("2027-10-30T23:40:00Z"),   // 01:40 CEST
                utc("2027-10-31T00:00:00Z"),   // 02:00 CEST
                utc("2027-10-31T00:20:00Z"),   // 02:20 CEST
                utc("2027-10-31T00:40:00Z"),   // 02:40 CEST; the second 02:00-02:59 (CET) has no fires
                utc("2027-10-31T02:00:00Z"),   // 03:00 CET
                utc("2027-10-31T02:20:00Z")),
                fires(t, "2027-10-30T23:30:00Z", 6));
    }

    @Test
    void frequentJobThroughNewYorksGapAndFallBack() {
        Timing t = CronTiming.parse("*/20 * * * *", "America/New_York");
        assertEquals(List.of(
                utc("2027-03-14T06:40:00Z"),   // 01:40 EST
                utc("2027-03-14T07:00:00Z")),  // 03:00 EDT
                fires(t, "2027-03-14T06:30:00Z", 2));
        assertEquals(List.of(
                utc("2027-11-07T05:40:00Z"),   // 01:40 EDT
                utc("2027-11-07T07:00:00Z")),  // 02:00 EST; the second 01:00-01:59 (EST) has no fires
                fires(t, "2027-11-07T05:30:00Z", 2));
    }

    @Test
    void aTimeInsideTheSecondCopyOfARepeatedHourMovesToTheNextNewWallClockTime() {
        Timing t = CronTiming.parse("*/20 * * * *", "America/New_York");
        // 01:10 EST, the second 01:10 of the night.
        assertEquals(utc("2027-11-07T07:00:00Z"), t.nextAfter(utc("2027-11-07T06:10:00Z")).orElseThrow());
    }

    @Test
    void firesAreStrictlyIncreasingAroundEveryTransitionOfTheYear() {
        for (String zone : List.of("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC")) {
            for (String expr : List.of("30 2 * * *", "*/20 * * * *", "0 * * * *", "15 1,2,3 * * *", "0 0/15 * * * ?")) {
                Timing t = CronTiming.parse(expr, zone);
                List<Instant> year = fires(t, "2027-01-01T00:00:00Z", 3000);
                for (int i = 1; i < year.size(); i++) {
                    assertTrue(year.get(i).isAfter(year.get(i - 1)), zone + " " + expr + " at " + year.get(i));
                }
                for (Instant fire : year) {
                    // every fire sits on a wall-clock time the expression names, or at the end of a gap
                    LocalDateTime wall = LocalDateTime.ofInstant(fire, ZoneId.of(zone));
                    assertTrue(wall.getSecond() == 0, zone + " " + expr + " " + wall);
                }
            }
        }
    }

    // ---------------------------------------------------------------- formats, intervals, once, errors

    @Test
    void quartzSixAndSevenFieldExpressionsAreAccepted() {
        Timing six = CronTiming.parse("0 30 2 * * ?", "UTC");
        Timing seven = CronTiming.parse("0 30 2 * * ? 2027", "UTC");
        assertEquals(utc("2027-01-01T02:30:00Z"), six.nextAfter(utc("2027-01-01T00:00:00Z")).orElseThrow());
        assertEquals(utc("2027-01-01T02:30:00Z"), seven.nextAfter(utc("2027-01-01T00:00:00Z")).orElseThrow());
        assertTrue(seven.nextAfter(utc("2028-01-01T00:00:00Z")).isEmpty(), "a year-bound expression ends");
    }

    @Test
    void cronIsDescribedForPeople() {
        String text = CronTiming.parse("30 2 * * *", "Europe/Berlin").describe();
        assertTrue(text.contains("2:30") || text.contains("02:30"), text);
        assertTrue(text.endsWith("(Europe/Berlin)"), text);
    }

    @Test
    void intervalsCountFromTheAnchorAndDoNotDrift() {
        Timing t = IntervalTiming.of(utc("2027-01-01T00:00:07Z"), 15);
        assertEquals(utc("2027-01-01T00:00:07Z"), t.nextAfter(utc("2026-12-31T23:00:00Z")).orElseThrow());
        assertEquals(utc("2027-01-01T00:15:07Z"), t.nextAfter(utc("2027-01-01T00:00:07Z")).orElseThrow());
        // a fire served late still leads to the next slot of the grid
        assertEquals(utc("2027-01-01T10:15:07Z"), t.nextAfter(utc("2027-01-01T10:03:59Z")).orElseThrow());
        assertEquals("every 15 minutes", t.describe());
        assertEquals("every 2 hours", IntervalTiming.of(utc("2027-01-01T00:00:00Z"), 120).describe());
    }

    @Test
    void onceFiresOnlyBeforeItsInstant() {
        Timing t = OnceTiming.of(utc("2027-05-01T08:00:00Z"), "Europe/Berlin");
        assertEquals(utc("2027-05-01T08:00:00Z"), t.nextAfter(utc("2027-05-01T07:59:59Z")).orElseThrow());
        assertFalse(t.nextAfter(utc("2027-05-01T08:00:00Z")).isPresent());
        assertEquals("once, at 2027-05-01 10:00 (Europe/Berlin)", t.describe());
    }

    @Test
    void invalidInputNamesTheField() {
        assertField("cron_expr", () -> CronTiming.parse("61 * * * *", "UTC"));
        assertField("cron_expr", () -> CronTiming.parse("* * *", "UTC"));
        assertField("cron_expr", () -> CronTiming.parse(" ", "UTC"));
        assertField("timezone", () -> CronTiming.parse("0 3 * * *", "Mars/Olympus"));
        assertField("timezone", () -> CronTiming.parse("0 3 * * *", "+02:00"));
        assertField("interval_minutes", () -> IntervalTiming.of(utc("2027-01-01T00:00:00Z"), 0));
        assertField("interval_minutes", () -> Timing.of(ScheduleType.INTERVAL, null, null, "UTC", null, Instant.EPOCH));
        assertField("run_once_at", () -> Timing.of(ScheduleType.ONCE, null, null, "UTC", null, Instant.EPOCH));
        assertField("schedule_type", () -> Timing.of(null, 5, null, "UTC", null, Instant.EPOCH));
    }

    private static void assertField(String field, Runnable call) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, call::run);
        assertEquals(field, e.fieldErrors().get(0).field(), e.getMessage());
    }
}
