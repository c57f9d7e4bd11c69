package io.cyberbrain.scheduler.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.cyberbrain.embeddeddb.EmbeddedPostgresServer;
import io.cyberbrain.scheduler.SchedulerCluster;

/**
 * bench/scheduler.sh: three scheduler processes on one PostgreSQL, side by side with three db-scheduler JVMs
 * on another database of the same server. (a) Throughput: draining 10,000 due schedules (each fire a real run
 * launch: run, run_job, scheduled_run, schedule moved on) against 10,000 due no-op db-scheduler executions.
 * (b) Lag: 600 schedules spread over each minute, for five minutes, from due time to run row; for db-scheduler
 * from execution time to the task starting. Both sides are warmed up first.
 */
@Tag("bench")
class SchedulerBench {

    // Sizes can be made small (-Dbench.drain=..., ...) so that bench/smoke.sh keeps this harness from rotting in CI.
    static final int INSTANCES = Integer.getInteger("bench.instances", 3);
    static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warmUpRounds", 3);
    static final int WARM_UP_SIZE = Integer.getInteger("bench.warmUpSize", 2_000);
    static final int DRAIN = Integer.getInteger("bench.drain", 10_000);
    static final int LAG_SCHEDULES = Integer.getInteger("bench.lagSchedules", 600);
    static final int LAG_MINUTES = Integer.getInteger("bench.lagMinutes", 5);

    private static void report(String line) {
        System.out.println("BENCH " + line);
    }

    @Test
    void schedulerAgainstDbScheduler() throws Exception {
        // -Dbench.drainOnly=true: only this product's drain, for a quick check of a change (about 3 minutes).
        boolean drainOnly = Boolean.getBoolean("bench.drainOnly");
        try (SchedulerCluster cluster = SchedulerCluster.create("cb-scheduler-bench-")) {
            ours(cluster, drainOnly);
            if (!drainOnly) {
                reference(cluster);
            }
        }
    }

    // ---------------------------------------------------------------- ours

    private void ours(SchedulerCluster cluster, boolean drainOnly) throws Exception {
        for (int i = 0; i < INSTANCES; i++) {
            cluster.start("scheduler-" + i);
        }
        cluster.awaitReady(Duration.ofMinutes(3));
        try (Connection c = cluster.connect()) {
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                insertDue(c, "warm" + round + "-", WARM_UP_SIZE);
                awaitCount(c, "select count(*) from scheduled_run", (long) (round + 1) * WARM_UP_SIZE, Duration.ofMinutes(5));
            }
            long before = count(c, "select count(*) from scheduled_run");
            long start = System.nanoTime();
            insertDue(c, "drain-", DRAIN);
            awaitCount(c, "select count(*) from scheduled_run", before + DRAIN, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            long runs = count(c, "select count(*) from run r join schedule s on s.id = r.schedule_id where s.name like 'drain-%'");
            report(String.format(Locale.ROOT, "cyberbrain drain: %d due schedules fired by %d instances in %.2f s = %.0f fires/s "
                    + "(%d runs launched)", DRAIN, INSTANCES, seconds, DRAIN / seconds, runs));

            if (drainOnly) {
                return;
            }
            Instant first = Instant.now().plusSeconds(10);
            insertSpread(c, first);
            Instant end = first.plus(Duration.ofMinutes(LAG_MINUTES));
            long expected = (long) LAG_SCHEDULES * LAG_MINUTES;
            awaitCount(c, "select count(*) from scheduled_run f join schedule s on s.id = f.schedule_id where s.name like 'lag-%' "
                    + "and f.fired_for < '" + end + "'::timestamptz", expected, Duration.ofMinutes(LAG_MINUTES + 2));
            try (ResultSet rs = c.createStatement().executeQuery("""
                    select count(*),
                           percentile_cont(0.5) within group (order by extract(epoch from r.created_at - f.fired_for)),
                           percentile_cont(0.99) within group (order by extract(epoch from r.created_at - f.fired_for)),
                           max(extract(epoch from r.created_at - f.fired_for))
                      from scheduled_run f join schedule s on s.id = f.schedule_id join run r on r.id = f.run_id
                     where s.name like 'lag-%' and f.fired_for < '""" + end + "'::timestamptz")) {
                rs.next();
                report(String.format(Locale.ROOT, "cyberbrain lag: %d fires (%d schedules over each minute, %d min): "
                                + "p50 %.0f ms, p99 %.0f ms, max %.0f ms", rs.getLong(1), LAG_SCHEDULES, LAG_MINUTES,
                        rs.getDouble(2) * 1000, rs.getDouble(3) * 1000, rs.getDouble(4) * 1000));
            }
        }
        for (int i = 0; i < INSTANCES; i++) {
            cluster.kill("scheduler-" + i);
        }
    }

    private static void insertDue(Connection c, String prefix, int n) throws Exception {
        Instant due = Instant.now().minusSeconds(1);
        insert(c, prefix, n, 60, i -> due);
    }

    private static void insertSpread(Connection c, Instant first) throws Exception {
        long step = Duration.ofMinutes(1).toMillis() / LAG_SCHEDULES;
        insert(c, "lag-", LAG_SCHEDULES, 1, i -> first.plusMillis(i * step));
    }

    private static void insert(Connection c, String prefix, int n, int intervalMinutes,
                               java.util.function.IntFunction<Instant> due) throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("""
                insert into schedule (name, job_id, schedule_type, interval_minutes, timezone, enabled, next_run_at,
                                      anchor_at, created_at, updated_at)
                values (?, (select id from job where task_key = 'gpu_report'), 'interval', ?, 'UTC', true, ?, ?, now(), now())""")) {
            for (int i = 0; i < n; i++) {
                ps.setString(1, prefix + i);
                ps.setInt(2, intervalMinutes);
                Timestamp at = Timestamp.from(due.apply(i));
                ps.setTimestamp(3, at);
                ps.setTimestamp(4, at);
                ps.addBatch();
            }
            ps.executeBatch();
            c.createStatement().execute("notify cyberbrain_schedules");
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    // ---------------------------------------------------------------- db-scheduler, the reference

    private void reference(SchedulerCluster cluster) throws Exception {
        String url = cluster.createDatabase("dbscheduler");
        try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresServer.SUPERUSER, "")) {
            c.createStatement().execute("""
                    create table scheduled_tasks (
                      task_name text not null, task_instance text not null, task_data bytea,
                      execution_time timestamp with time zone not null, picked boolean not null, picked_by text,
                      last_success timestamp with time zone, last_failure timestamp with time zone,
                      consecutive_failures int, last_heartbeat timestamp with time zone, version bigint not null,
                      priority smallint, primary key (task_name, task_instance));
                    create index execution_time_idx on scheduled_tasks (execution_time);
                    create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
                    create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc)""");
            List<Path> lagFiles = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                Path lagFile = cluster.work().resolve("db-scheduler-" + i + ".lag");
                lagFiles.add(lagFile);
                cluster.startJava("db-scheduler-" + i, DbSchedulerNode.class.getName(), url, EmbeddedPostgresServer.SUPERUSER,
                        lagFile.toString());
            }
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                insertExecutions(c, "warm" + round + "-", WARM_UP_SIZE, i -> Instant.now().minusSeconds(1));
                awaitCount(c, "select count(*) from scheduled_tasks", 0, Duration.ofMinutes(5));
            }
            long start = System.nanoTime();
            Instant due = Instant.now().minusSeconds(1);
            insertExecutions(c, "drain-", DRAIN, i -> due);
            awaitCount(c, "select count(*) from scheduled_tasks", 0, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            report(String.format(Locale.ROOT, "db-scheduler drain: %d due no-op executions by %d JVMs in %.2f s = %.0f/s",
                    DRAIN, INSTANCES, seconds, DRAIN / seconds));

            Instant first = Instant.now().plusSeconds(10);
            long step = Duration.ofMinutes(1).toMillis() / LAG_SCHEDULES;
            int total = LAG_SCHEDULES * LAG_MINUTES;
            insertExecutions(c, "lag-", total, i -> first.plusMillis(i * step));
            awaitCount(c, "select count(*) from scheduled_tasks", 0, Duration.ofMinutes(LAG_MINUTES + 2));
            for (int i = 0; i < INSTANCES; i++) {
                cluster.stop("db-scheduler-" + i);
            }
            List<Long> lags = new ArrayList<>();
            for (Path f : lagFiles) {
                for (String line : Files.readAllLines(f)) {
                    lags.add(Long.parseLong(line.trim()));
                }
            }
            Collections.sort(lags);
            report(String.format(Locale.ROOT, "db-scheduler lag: %d executions (%d spread over each minute, %d min): "
                            + "p50 %d ms, p99 %d ms, max %d ms", lags.size(), LAG_SCHEDULES, LAG_MINUTES,
                    percentile(lags, 0.5), percentile(lags, 0.99), lags.get(lags.size() - 1)));
        }
    }

    private static void insertExecutions(Connection c, String prefix, int n, java.util.function.IntFunction<Instant> due)
            throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("""
                insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)
                values ('noop', ?, ?, false, 1, 0)""")) {
            for (int i = 0; i < n; i++) {
                ps.setString(1, prefix + i);
                ps.setTimestamp(2, Timestamp.from(due.apply(i)));
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    // ---------------------------------------------------------------- support

    private static void awaitCount(Connection c, String sql, long wanted, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> count(c, sql) == wanted);
    }

    private static long count(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
