package io.cyberbrain.scheduler.fire;

import static io.cyberbrain.scheduler.TestSchedules.count;
import static io.cyberbrain.scheduler.TestSchedules.endActiveRuns;
import static io.cyberbrain.scheduler.TestSchedules.execute;
import static io.cyberbrain.scheduler.TestSchedules.instant;
import static io.cyberbrain.scheduler.TestSchedules.intervalSchedule;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
    void aBacklogOfSeveralBatchesIsDrainedByConcurrentBatchesEachScheduleOnce() throws Exception {
        int schedules = 1000; // five batches of 200, fired three at a time
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into schedule (name, job_id, schedule_type, interval_minutes, timezone, enabled, next_run_at,
                                      anchor_at, created_at, updated_at)
                select 'backlog-' || g || '-' || ?, (select id from job where task_key = 'gpu_report'), 'interval', 60, 'UTC',
                       true, now() - interval '1 minute', now() - interval '1 minute', now(), now()
                  from generate_series(1, ?) g""")) {
            ps.setString(1, java.util.UUID.randomUUID().toString());
            ps.setInt(2, schedules);
            ps.executeUpdate();
        }
        execute(ds, "select pg_notify('" + ScheduleEvents.CHANNEL + "', 'backlog')");

        await().atMost(Duration.ofSeconds(60)).until(() -> count(ds,
                "select count(*) from schedule where enabled and next_run_at <= now() and name like 'backlog-%'") == 0);
        String ofBacklog = " where schedule_id in (select id from schedule where name like 'backlog-%')";
        assertEquals(schedules, count(ds, "select count(*) from scheduled_run" + ofBacklog));
        assertEquals(schedules, count(ds, "select count(distinct schedule_id) from scheduled_run" + ofBacklog), "none twice");
        assertEquals(schedules, count(ds, "select count(*) from run" + ofBacklog), "one run each");
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
