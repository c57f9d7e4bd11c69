package io.cyberbrain.scheduler.bench;

import java.lang.management.ManagementFactory;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.github.kagkarlsson.scheduler.Scheduler;

import io.cyberbrain.embeddeddb.EmbeddedPostgresServer;
import io.cyberbrain.scheduler.SchedulerCluster;

/**
 * bench/scheduler.sh: scheduler processes against db-scheduler JVMs on one PostgreSQL server, in one command.
 * (a) Drain: 10,000 schedules due at once, each fire a real run launch (run, run_job, scheduled_run, schedule
 * moved on), against 10,000 due no-op db-scheduler executions. (b) Lag: 600 schedules spread over each minute for
 * five minutes, from due time to run row; for db-scheduler from execution time to the task starting. Both sides
 * are warmed up first. db-scheduler is configured as its documentation advises (HikariCP, pool = threads + 2,
 * lock-and-fetch) and measured once per polling interval ({@code bench.dbSchedulerPolling}: its default, 10 s,
 * and 1 s), each with fresh JVMs and a fresh table.
 */
@Tag("bench")
class SchedulerBench {

    // Sizes can be made small (-Dbench.drain=..., ...) so that bench/smoke.sh keeps this harness from rotting in CI.
    static final int INSTANCES = Integer.getInteger("bench.instances", 3);
    // Warm means the JIT has settled: a scheduler JVM needs tens of thousands of fires for that, so both sides get
    // 50,000 before they are measured.
    static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warmUpRounds", 5);
    static final int WARM_UP_SIZE = Integer.getInteger("bench.warmUpSize", 10_000);
    static final int DRAIN = Integer.getInteger("bench.drain", 10_000);
    static final int LAG_SCHEDULES = Integer.getInteger("bench.lagSchedules", 600);
    static final int LAG_MINUTES = Integer.getInteger("bench.lagMinutes", 5);
    /** The lag phase's fires are spread over this many seconds of each minute. */
    static final int LAG_SPREAD_SECONDS = Integer.getInteger("bench.lagSpreadSeconds", 60);
    static final int LAG_LEAD_SECONDS = Integer.getInteger("bench.lagLeadSeconds", 10);
    /** PostgreSQL's defaults (fsync, synchronous_commit on), as in production, instead of the tests' fast settings. */
    static final boolean DURABLE = Boolean.getBoolean("bench.durable");
    /** The scheduler's batch size; unset, the product's default. */
    static final String BATCH_SIZE = System.getProperty("bench.batchSize");
    static final int DB_SCHEDULER_THREADS = Integer.getInteger("bench.dbSchedulerThreads", 10);
    static final List<Duration> DB_SCHEDULER_POLLING = Arrays.stream(System.getProperty("bench.dbSchedulerPolling", "10s,1s")
            .split(",")).map(s -> Duration.parse("PT" + s.trim().toUpperCase(Locale.ROOT))).toList();

    private static void report(String line) {
        System.out.println("BENCH " + line);
    }

    @Test
    void schedulerAgainstDbScheduler() throws Exception {
        // -Dbench.drainOnly=true: only this product's drain, for a quick check of a change.
        boolean drainOnly = Boolean.getBoolean("bench.drainOnly");
        try (SchedulerCluster cluster = SchedulerCluster.create("cb-scheduler-bench-", DURABLE)) {
            settings(cluster);
            ours(cluster, drainOnly);
            if (!drainOnly) {
                for (Duration polling : DB_SCHEDULER_POLLING) {
                    reference(cluster, polling);
                }
            }
            report(String.format(Locale.ROOT, "load average at the end: %.2f", load()));
        }
    }

    private static void settings(SchedulerCluster cluster) throws Exception {
        try (Connection c = cluster.connect()) {
            report(String.format(Locale.ROOT, "settings: PostgreSQL %s (fsync=%s, synchronous_commit=%s, full_page_writes=%s, "
                            + "shared_buffers=%s), one server for both sides; %d instances a side; %d cores, load average %.2f at "
                            + "the start; db-scheduler %s: %d threads, HikariCP pool of %d, pollUsingLockAndFetch(0.5, 3.0)",
                    setting(c, "server_version"), setting(c, "fsync"), setting(c, "synchronous_commit"),
                    setting(c, "full_page_writes"), setting(c, "shared_buffers"), INSTANCES,
                    Runtime.getRuntime().availableProcessors(), load(), dbSchedulerVersion(),
                    DB_SCHEDULER_THREADS, DB_SCHEDULER_THREADS + 2));
        }
    }

    // ---------------------------------------------------------------- ours

    private void ours(SchedulerCluster cluster, boolean drainOnly) throws Exception {
        for (int i = 0; i < INSTANCES; i++) {
            if (BATCH_SIZE == null) {
                cluster.start("scheduler-" + i);
            } else {
                cluster.start("scheduler-" + i, "-Dcyberbrain.scheduler.batch-size=" + BATCH_SIZE);
            }
        }
        cluster.awaitReady(Duration.ofMinutes(3));
        try (Connection c = cluster.connect()) {
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                insertDue(c, "warm" + round + "-", WARM_UP_SIZE);
                awaitCount(c, NOTHING_DUE, 0, Duration.ofMinutes(5));
            }
            long before = count(c, "select count(*) from scheduled_run");
            insertDue(c, "drain-", DRAIN);
            long start = System.nanoTime();
            awaitCount(c, NOTHING_DUE, 0, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (count(c, "select count(*) from scheduled_run") != before + DRAIN) {
                throw new AssertionError("not every due schedule has its fire recorded");
            }
            long runs = count(c, "select count(*) from run r join schedule s on s.id = r.schedule_id where s.name like 'drain-%'");
            double firing = number(c, """
                    select extract(epoch from max(r.created_at) - min(f.started_at)) from scheduled_run f
                      join schedule s on s.id = f.schedule_id join run r on r.id = f.run_id where s.name like 'drain-%'""");
            report(String.format(Locale.ROOT, "cyberbrain drain: %d due schedules fired by %d instances in %.2f s = %.0f fires/s "
                            + "from the insert's commit (%d runs launched); first to last fire %.2f s = %.0f fires/s",
                    DRAIN, INSTANCES, seconds, DRAIN / seconds, runs, firing, DRAIN / firing));

            if (!drainOnly) {
                Instant first = Instant.now().plusSeconds(LAG_LEAD_SECONDS);
                insert(c, "lag-", LAG_SCHEDULES, 1, i -> first.plusMillis(i * spreadStepMillis()));
                Instant end = first.plus(Duration.ofMinutes(LAG_MINUTES));
                String ofPhase = "from scheduled_run f join schedule s on s.id = f.schedule_id join run r on r.id = f.run_id "
                        + "where s.name like 'lag-%' and f.fired_for < '" + end + "'::timestamptz";
                awaitCount(c, "select count(*) " + ofPhase, (long) LAG_SCHEDULES * LAG_MINUTES,
                        Duration.between(Instant.now(), end).plusMinutes(2));
                try (ResultSet rs = c.createStatement().executeQuery("""
                        select count(*),
                               percentile_cont(0.5) within group (order by extract(epoch from r.created_at - f.fired_for)),
                               percentile_cont(0.99) within group (order by extract(epoch from r.created_at - f.fired_for)),
                               max(extract(epoch from r.created_at - f.fired_for)) """ + ofPhase)) {
                    rs.next();
                    report(String.format(Locale.ROOT, "cyberbrain lag: %d fires (%d schedules over %d s of each minute, %d min): "
                                    + "p50 %.0f ms, p99 %.0f ms, max %.0f ms", rs.getLong(1), LAG_SCHEDULES, LAG_SPREAD_SECONDS,
                            LAG_MINUTES, rs.getDouble(2) * 1000, rs.getDouble(3) * 1000, rs.getDouble(4) * 1000));
                }
            }
        }
        for (int i = 0; i < INSTANCES; i++) {
            cluster.kill("scheduler-" + i);
        }
    }

    /**
     * Done when no schedule is due: a schedule moves on in the transaction of its fire, so this holds once every
     * fire is committed. Cheap (one look into the due index), unlike counting a growing table every 20 ms.
     */
    private static final String NOTHING_DUE = "select count(*) from (select 1 from schedule where enabled and next_run_at <= now() limit 1) d";

    /** The reference's equivalent: its executions are deleted when done. */
    private static final String NOTHING_LEFT = "select count(*) from (select 1 from scheduled_tasks limit 1) d";

    private static long spreadStepMillis() {
        return LAG_SPREAD_SECONDS * 1000L / LAG_SCHEDULES;
    }

    private static void insertDue(Connection c, String prefix, int n) throws Exception {
        Instant due = Instant.now().minusSeconds(1);
        insert(c, prefix, n, 60, i -> due);
    }

    private static void insert(Connection c, String prefix, int n, int intervalMinutes, IntFunction<Instant> due) throws Exception {
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

    private void reference(SchedulerCluster cluster, Duration polling) throws Exception {
        String name = "dbscheduler_" + polling.toMillis() + "ms";
        String side = "db-scheduler (polling " + polling.toString().substring(2).toLowerCase(Locale.ROOT) + ")";
        String url = cluster.createDatabase(name);
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
            List<Path> results = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                Path result = cluster.work().resolve(name + "-" + i + ".result");
                results.add(result);
                cluster.startJava(name + "-" + i, DbSchedulerNode.class.getName(), url, EmbeddedPostgresServer.SUPERUSER,
                        result.toString(), Integer.toString(DB_SCHEDULER_THREADS), polling.toString());
            }
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                insertExecutions(c, "warm" + round + "-", WARM_UP_SIZE, i -> Instant.now().minusSeconds(1));
                awaitCount(c, NOTHING_LEFT, 0, Duration.ofMinutes(5));
            }
            Instant due = Instant.now().minusSeconds(1);
            insertExecutions(c, "drain-", DRAIN, i -> due);
            long start = System.nanoTime();
            awaitCount(c, NOTHING_LEFT, 0, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;

            Instant first = Instant.now().plusSeconds(LAG_LEAD_SECONDS);
            long step = spreadStepMillis();
            insertExecutions(c, "lag-", LAG_SCHEDULES * LAG_MINUTES,
                    i -> first.plus(Duration.ofMinutes(i / LAG_SCHEDULES)).plusMillis((i % LAG_SCHEDULES) * step));
            awaitCount(c, NOTHING_LEFT, 0,
                    Duration.between(Instant.now(), first.plus(Duration.ofMinutes(LAG_MINUTES))).plusMinutes(2));
            for (int i = 0; i < INSTANCES; i++) {
                cluster.stop(name + "-" + i);
            }
            long firstDrain = Long.MAX_VALUE;
            long lastDrain = 0;
            List<Long> lags = new ArrayList<>();
            for (Path f : results) {
                List<String> lines = Files.readAllLines(f);
                String[] drain = lines.get(0).split(" ");
                if (!"-".equals(drain[1])) {
                    firstDrain = Math.min(firstDrain, Long.parseLong(drain[1]));
                    lastDrain = Math.max(lastDrain, Long.parseLong(drain[2]));
                }
                lines.subList(1, lines.size()).forEach(l -> lags.add(Long.parseLong(l.trim())));
            }
            double firing = (lastDrain - firstDrain) / 1000.0;
            report(String.format(Locale.ROOT, "%s drain: %d due no-op executions by %d JVMs in %.2f s = %.0f/s from the insert's "
                    + "commit; first to last execution %.2f s = %.0f/s", side, DRAIN, INSTANCES, seconds, DRAIN / seconds, firing,
                    DRAIN / firing));
            Collections.sort(lags);
            report(String.format(Locale.ROOT, "%s lag: %d executions (%d over %d s of each minute, %d min): "
                            + "p50 %d ms, p99 %d ms, max %d ms", side, lags.size(), LAG_SCHEDULES, LAG_SPREAD_SECONDS, LAG_MINUTES,
                    percentile(lags, 0.5), percentile(lags, 0.99), lags.get(lags.size() - 1)));
        }
    }

    private static void insertExecutions(Connection c, String prefix, int n, IntFunction<Instant> due) throws Exception {
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

    /** From the jar's Maven metadata: its manifest names no version. */
    private static String dbSchedulerVersion() throws Exception {
        try (var in = Scheduler.class.getResourceAsStream("/META-INF/maven/com.github.kagkarlsson/db-scheduler/pom.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "(version unknown)");
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void awaitCount(Connection c, String sql, long wanted, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> count(c, sql) == wanted);
    }

    private static long count(Connection c, String sql) throws Exception {
        return (long) number(c, sql);
    }

    private static double number(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    private static String setting(Connection c, String name) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
