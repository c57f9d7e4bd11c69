package io.cyberbrain.scheduler.fire;

import static io.cyberbrain.scheduler.TestSchedules.count;
import static io.cyberbrain.scheduler.TestSchedules.endActiveRuns;
import static io.cyberbrain.scheduler.TestSchedules.execute;
import static io.cyberbrain.scheduler.TestSchedules.instant;
import static io.cyberbrain.scheduler.TestSchedules.intervalSchedule;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cyberbrain.model.schedule.ScheduleEvents;
import io.quarkus.test.junit.QuarkusTest;

/** The running loop: woken by NOTIFY, then by its own timer at the due time. Polling is set far off. */
@QuarkusTest
class ScheduleDispatcherTest {

    @Inject
    DataSource ds;

    @BeforeEach
    void quiet() throws Exception {
        execute(ds, "update schedule set enabled = false");
        endActiveRuns(ds);
    }

    @Test
    void aScheduleAnnouncedByNotifyFiresWithinASecondOfItsDueTime() throws Exception {
        warmUp();
        Instant due = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.MILLIS);
        long id = intervalSchedule(ds, 60, due, null, null);
        execute(ds, "select pg_notify('" + ScheduleEvents.CHANNEL + "', '" + id + "')");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> count(ds, "select count(*) from run where schedule_id = " + id) == 1);

        Instant runCreated = instant(ds, "select created_at from run where schedule_id = " + id);
        assertTrue(!runCreated.isBefore(due), "never early: " + runCreated + " for " + due);
        assertTrue(Duration.between(due, runCreated).toMillis() < 1000, "late by " + Duration.between(due, runCreated));
        assertEquals(due, instant(ds, "select fired_for from scheduled_run where schedule_id = " + id));
    }

    /** One fire first, so that the measured one is not the first query plan and JIT of a fresh JVM. */
    private void warmUp() throws Exception {
        long id = intervalSchedule(ds, 60, Instant.now(), null, null);
        execute(ds, "select pg_notify('" + ScheduleEvents.CHANNEL + "', '" + id + "')");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(ds, "select count(*) from run where schedule_id = " + id) == 1);
    }

    @Test
    void anOverdueScheduleFiresWhenTheLoopIsWoken() throws Exception {
        long id = intervalSchedule(ds, 5, Instant.now().minus(Duration.ofMinutes(42)), null, null);
        execute(ds, "select pg_notify('" + ScheduleEvents.CHANNEL + "', '" + id + "')");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> count(ds, "select count(*) from scheduled_run where schedule_id = " + id) == 1);
        assertEquals(1, count(ds, "select count(*) from run where schedule_id = " + id));
    }
}
