package io.cyberbrain.scheduler;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly once, across processes: three packaged schedulers share one database and 200 schedules that fire
 * every minute. One scheduler is killed with SIGKILL just after a fire is due, while the instances are in the
 * middle of firing it. Every expected fire must have exactly one run: none twice, none missing.
 */
class SchedulerProcessesIT {

    static final int SCHEDULES = 200;
    static final int MINUTES = 3;

    private SchedulerCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyFireOf200MinuteSchedulesHasExactlyOneRunAlthoughASchedulerIsKilled() throws Exception {
        cluster = SchedulerCluster.create("cb-three-schedulers-");
        for (String name : List.of("scheduler-a", "scheduler-b", "scheduler-c")) {
            cluster.start(name);
        }
        cluster.awaitReady(Duration.ofMinutes(3));

        // The first fire on a minute boundary at least 15 s away, so all schedules exist before it.
        Instant first = Instant.now().plusSeconds(75).truncatedTo(ChronoUnit.MINUTES);
        insertSchedules(first);
        List<Instant> expected = new ArrayList<>();
        for (int m = 0; m < MINUTES; m++) {
            expected.add(first.plus(Duration.ofMinutes(m)));
        }

        // Kill one scheduler 50 ms into the second fire: it holds (or is about to hold) a batch of locked schedules.
        Instant killAt = expected.get(1).plusMillis(50);
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(10)).until(() -> !Instant.now().isBefore(killAt));
        cluster.kill("scheduler-b");

        Instant last = expected.get(expected.size() - 1);
        await().atMost(Duration.between(Instant.now(), last).plusSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count("select count(*) from scheduled_run where fired_for = '" + last + "'::timestamptz")
                        == SCHEDULES);

        try (Connection c = cluster.connect()) {
            assertEquals(SCHEDULES * (long) MINUTES, count(c, "select count(*) from scheduled_run"), "every fire recorded");
            assertEquals(SCHEDULES * (long) MINUTES, count(c, "select count(*) from run"), "one run per fire");
            assertEquals(0, count(c, "select count(*) from scheduled_run where status <> 'launched' or run_id is null"));
            assertEquals(0, count(c, """
                    select count(*) from (select schedule_id, fired_for from scheduled_run
                                          group by 1, 2 having count(*) > 1) d"""), "no fire twice");
            assertEquals(0, count(c, "select count(*) from (select run_id from scheduled_run group by 1 having count(*) > 1) d"));
            for (Instant fire : expected) {
                assertEquals(SCHEDULES, count(c, "select count(distinct schedule_id) from scheduled_run where fired_for = '"
                        + fire + "'::timestamptz"), "every schedule fired for " + fire);
            }
            assertEquals(0, count(c, "select count(*) from run r where not exists "
                    + "(select 1 from scheduled_run s where s.run_id = r.id)"), "no run outside the history");
            assertTrue(count(c, "select count(*) from scheduled_run s join run r on r.id = s.run_id "
                    + "where r.created_at < s.fired_for") == 0, "nothing fired early");
        }
        assertTrue(cluster.isAlive("scheduler-a") && cluster.isAlive("scheduler-c"));
    }

    private void insertSchedules(Instant first) throws Exception {
        try (Connection c = cluster.connect(); PreparedStatement ps = c.prepareStatement("""
                insert into schedule (name, job_id, schedule_type, interval_minutes, timezone, enabled, next_run_at,
                                      anchor_at, created_at, updated_at)
                values (?, (select id from job where task_key = 'gpu_report'), 'interval', 1, 'UTC', true, ?, ?, now(), now())""")) {
            for (int i = 0; i < SCHEDULES; i++) {
                ps.setString(1, "minutely-" + i);
                ps.setTimestamp(2, Timestamp.from(first));
                ps.setTimestamp(3, Timestamp.from(first));
                ps.addBatch();
            }
            ps.executeBatch();
            c.createStatement().execute("notify cyberbrain_schedules");
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = cluster.connect()) {
            return count(c, sql);
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
