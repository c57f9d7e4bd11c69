package io.cyberbrain.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.cyberbrain.embeddeddb.EmbeddedPostgresServer;
import io.cyberbrain.embeddeddb.ServiceProcesses;
import io.cyberbrain.model.host.HostStatus;
import io.cyberbrain.model.host.HostsConfig;

/**
 * Two hosts, each a packaged launcher with a name, labels and a recorded {@code nvidia-smi} of its own (different
 * GPUs), and a packaged scheduler, on one database: what issue 17's "done when" asks of targeting. A job targeted at
 * one host is never claimed by the other; a GPU report of all GPU hosts ends with one report holding both; a draining
 * host finishes its job and takes no new one; a killed host turns stale and its running job is retaken only by a host
 * its target matches; a schedule with a label selector fans out on every fire.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostTargetingIT {

    static final String A = "host-a";
    static final String B = "host-b";
    static final Path GPU_FIXTURES = Path.of("").toAbsolutePath().resolveSibling("worker")
            .resolve("src/test/resources/nvidia_smi/xml/telegraf");
    /** The thresholds the processes run with, for reading a host's status as the API would. */
    static final HostsConfig HOSTS = new HostsConfig() {
        public Duration heartbeatInterval() {
            return Duration.ofSeconds(1);
        }

        public Duration staleAfter() {
            return Duration.ofSeconds(4);
        }

        public Duration offlineAfter() {
            return Duration.ofSeconds(120);
        }

        public Duration unplacedTimeout() {
            return Duration.ofMinutes(30);
        }
    };

    private Path work;
    private EmbeddedPostgresServer db;
    private String jdbc;
    private final Map<String, Process> processes = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    @BeforeAll
    void databaseTwoHostsAndAScheduler() throws Exception {
        work = Files.createTempDirectory("cb-two-hosts-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        db = EmbeddedPostgresServer.start(work.resolve("db"), 0, work.resolve("postgres.log"));
        db.createDatabase("cyberbrain");
        jdbc = db.jdbcUrl("cyberbrain");
        startLauncher(A, "gpu=true,site=attic", "rtx-3090-v12.xml");
        startLauncher(B, "gpu=true,site=basement", "a10g.xml");
        startScheduler();
        awaitReady();
        // Both hosts registered, with the GPUs their own monitor read from their own nvidia-smi.
        await().atMost(Duration.ofSeconds(60)).until(() -> value("select gpus -> '0' ->> 'model' from worker_host where name = '"
                + A + "'") != null && value("select gpus -> '0' ->> 'model' from worker_host where name = '" + B + "'") != null);
        assertEquals("NVIDIA GeForce RTX 3090", value("select gpus -> '0' ->> 'model' from worker_host where name = '" + A + "'"));
        assertEquals("NVIDIA A10G", value("select gpus -> '0' ->> 'model' from worker_host where name = '" + B + "'"));
    }

    @AfterAll
    void stopEverything() {
        processes.values().forEach(Process::destroyForcibly);
        if (db != null) {
            db.close();
        }
    }

    @Test
    @Order(1)
    void aJobTargetedAtBIsNeverClaimedByA() throws Exception {
        List<Long> jobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            jobs.add(insertGpuReport("target_host", "'" + B + "'"));
        }
        String ids = String.join(",", jobs.stream().map(String::valueOf).toList());
        await().atMost(Duration.ofSeconds(180)).until(() -> "6".equals(value("select count(*) from run_job where status = 'success'"
                + " and id in (" + ids + ")")));
        assertEquals(B, value("select string_agg(distinct host_name, ',') from run_job where id in (" + ids + ")"));
        assertEquals("6", value("select sum(attempts) from run_job where id in (" + ids + ")"), "each claimed once, by B");
    }

    @Test
    @Order(2)
    void aGpuReportOfAllGpuHostsEndsWithOneReportHoldingBothHosts() throws Exception {
        long schedule = schedule("all-gpus-once", "once", "{\"all\": true, \"labels\": {\"gpu\": \"true\"}}");
        await().atMost(Duration.ofSeconds(60)).until(() -> value("select run_id from scheduled_run where schedule_id = " + schedule) != null);
        long run = Long.parseLong(value("select run_id from scheduled_run where schedule_id = " + schedule));
        assertEquals(A + "," + B, value("select string_agg(target_host, ',' order by target_host) from run_job where run_id = " + run),
                "one job per GPU host, through the launch path");
        await().atMost(Duration.ofSeconds(180)).until(() -> "success".equals(value("select status from run where id = " + run)));
        assertEquals(A + "," + B, value("select string_agg(host_name, ',' order by host_name) from run_job where run_id = " + run),
                "each host ran its own job");
        String markdown = value("select report_markdown from run where id = " + run);
        assertTrue(markdown.contains("## Host " + A) && markdown.contains("## Host " + B), markdown);
        assertTrue(markdown.indexOf("RTX 3090") > markdown.indexOf("## Host " + A)
                && markdown.indexOf("RTX 3090") < markdown.indexOf("## Host " + B), "host A's section has A's GPU: " + markdown);
        assertTrue(markdown.indexOf("A10G") > markdown.indexOf("## Host " + B), "host B's section has B's GPU: " + markdown);
        assertEquals(A + "," + B, value("select string_agg(k, ',' order by k) from run r, jsonb_object_keys(r.report_json -> 'hosts') k"
                + " where r.id = " + run));
        assertEquals("[\"host-a\", \"host-b\"]", value("select report_json -> 'tasks' -> 'gpu_report' -> 'hosts' from run where id = " + run));
    }

    @Test
    @Order(3)
    void aScheduleWithALabelSelectorFansOutOnEveryFire() throws Exception {
        long schedule = schedule("gpu-hosts-every-fire", "interval", "{\"all\": true, \"labels\": {\"gpu\": \"true\"}}");
        await().atMost(Duration.ofSeconds(60)).until(() -> "1".equals(value("select count(*) from scheduled_run where schedule_id = "
                + schedule + " and run_id is not null")));
        // The next fire now rather than in a minute: moved as a run-now moves it, and the scheduler woken.
        execute("update schedule set next_run_at = now() where id = " + schedule);
        execute("select pg_notify('cyberbrain_schedules', '" + schedule + "')");
        await().atMost(Duration.ofSeconds(60)).until(() -> "2".equals(value("select count(*) from scheduled_run where schedule_id = "
                + schedule + " and run_id is not null")));
        assertEquals("2,2", value("select string_agg(n::text, ',') from (select count(*) n from run_job j join scheduled_run s"
                + " on s.run_id = j.run_id where s.schedule_id = " + schedule + " group by s.id) c"), "two jobs, one per host, each fire");
        assertEquals("2", value("select count(distinct j.target_host) from run_job j join scheduled_run s on s.run_id = j.run_id"
                + " where s.schedule_id = " + schedule));
        execute("update schedule set enabled = false where id = " + schedule);
        await().atMost(Duration.ofSeconds(240)).until(() -> "0".equals(value("select count(*) from run r join scheduled_run s on"
                + " s.run_id = r.id where s.schedule_id = " + schedule + " and r.status not in ('success', 'failed', 'cancelled')")));
    }

    @Test
    @Order(4)
    void aDrainingHostFinishesItsJobAndTakesNoNewOne() throws Exception {
        slow(A, true);
        long first = insertGpuReport("target_host", "'" + A + "'");
        await().atMost(Duration.ofSeconds(60)).until(() -> "running".equals(value("select status from run_job where id = " + first)));
        execute("update worker_host set state = 'draining' where name = '" + A + "'");
        long second = insertGpuReport("target_host", "'" + A + "'");

        await().atMost(Duration.ofSeconds(120)).until(() -> "success".equals(value("select status from run_job where id = " + first)));
        slow(A, false);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> "pending".equals(value("select status from run_job where id = " + second)));
        assertNull(value("select host_name from run_job where id = " + second), "nobody took it: its host drains");

        execute("update worker_host set state = 'enabled' where name = '" + A + "'");
        await().atMost(Duration.ofSeconds(120)).until(() -> "success".equals(value("select status from run_job where id = " + second)));
        assertEquals(A, value("select host_name from run_job where id = " + second));
    }

    @Test
    @Order(5)
    void aKilledHostTurnsStaleAndItsJobIsRetakenOnlyByAHostMatchingItsTarget() throws Exception {
        slow(A, true);
        long job = insertGpuReport("target_labels", "'{\"site\": \"attic\"}'");
        await().atMost(Duration.ofSeconds(60)).until(() -> "running".equals(value("select status from run_job where id = " + job)));
        assertEquals(A, value("select host_name from run_job where id = " + job));
        processes.get(A).destroyForcibly().waitFor();

        await().atMost(Duration.ofSeconds(30)).until(() -> status(A) == HostStatus.STALE);
        // Its lease expires, recovery (by B) puts the job back, and B, in the basement, leaves it alone.
        await().atMost(Duration.ofSeconds(60)).until(() -> "pending".equals(value("select status from run_job where id = " + job)));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> "pending".equals(value("select status from run_job where id = " + job)));
        assertEquals(HostStatus.ONLINE, status(B));

        slow(A, false);
        startLauncher(A, "gpu=true,site=attic", "rtx-3090-v12.xml");
        await().atMost(Duration.ofSeconds(180)).until(() -> "success".equals(value("select status from run_job where id = " + job)));
        assertEquals(A, value("select host_name from run_job where id = " + job));
        assertEquals("2", value("select attempts from run_job where id = " + job), "the killed host's attempt, then the new one");
    }

    // ---------------------------------------------------------------- processes

    private void startLauncher(String host, String labels, String gpuFixture) throws IOException {
        Path bin = Files.createDirectories(work.resolve("bin-" + host));
        Path tool = bin.resolve("nvidia-smi");
        // A recorded nvidia-smi: its XML for -q -x (a while first when the test asks for a slow job), nothing else answered.
        Files.writeString(tool, "#!/bin/sh\nif [ -f '" + bin.resolve("slow") + "' ]; then sleep 8; fi\n"
                + "if [ \"$1\" = \"-q\" ]; then cat '" + GPU_FIXTURES.resolve(gpuFixture) + "'; exit 0; fi\nexit 9\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = ServiceProcesses.freePort();
        Path worker = Path.of("").toAbsolutePath().resolveSibling("worker").resolve("target/worker");
        ProcessBuilder pb = ServiceProcesses.packagedService(host, work, "256m", db, "cyberbrain");
        Map<String, String> env = pb.environment();
        env.put("CYBERBRAIN_LAUNCHER_PORT", Integer.toString(port));
        env.put("CYBERBRAIN_HOST_NAME", host);
        env.put("CYBERBRAIN_HOST_LABELS", labels);
        env.put("CYBERBRAIN_LAUNCHER_INSTANCE_ID", host + "-launcher-" + System.nanoTime());
        env.put("CYBERBRAIN_LAUNCHER_LEASE", "4s");
        env.put("CYBERBRAIN_LAUNCHER_HEARTBEAT_INTERVAL", "1s");
        env.put("CYBERBRAIN_LAUNCHER_POLL_INTERVAL", "1s");
        env.put("CYBERBRAIN_LAUNCHER_CONCURRENCY", "1");
        env.put("CYBERBRAIN_LAUNCHER_GPU_REFRESH_INTERVAL", "2s");
        hostThresholds(env);
        env.put("CYBERBRAIN_WORKER_CLASSPATH", worker + "/*:" + worker.resolve("lib") + "/*");
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.remove("DOCKER_HOST");
        processes.put(host, pb.start());
        ports.put(host, port);
    }

    private void startScheduler() throws IOException {
        int port = ServiceProcesses.freePort();
        ProcessBuilder pb = ServiceProcesses.packagedService("scheduler", work, "256m", db, "cyberbrain");
        // The scheduler's own packaged application, built before this module (see this module's pom).
        List<String> command = new ArrayList<>(pb.command());
        command.set(command.size() - 1, Path.of("").toAbsolutePath().resolveSibling("scheduler-service")
                .resolve("target/quarkus-app/quarkus-run.jar").toString());
        pb.command(command);
        pb.environment().put("CYBERBRAIN_SCHEDULER_PORT", Integer.toString(port));
        hostThresholds(pb.environment());
        processes.put("scheduler", pb.start());
        ports.put("scheduler", port);
    }

    private static void hostThresholds(Map<String, String> env) {
        env.put("CYBERBRAIN_HOSTS_HEARTBEAT_INTERVAL", "1s");
        env.put("CYBERBRAIN_HOSTS_STALE_AFTER", HOSTS.staleAfter().toSeconds() + "s");
        env.put("CYBERBRAIN_HOSTS_OFFLINE_AFTER", HOSTS.offlineAfter().toSeconds() + "s");
    }

    private void awaitReady() {
        await().atMost(Duration.ofMinutes(3)).until(() -> {
            for (Map.Entry<String, Process> p : processes.entrySet()) {
                if (!p.getValue().isAlive()) {
                    throw new IllegalStateException(p.getKey() + " exited with " + p.getValue().exitValue() + "; log in " + work);
                }
            }
            return ports.values().stream().allMatch(ServiceProcesses::ready);
        });
    }

    private void slow(String host, boolean slow) throws IOException {
        Path flag = work.resolve("bin-" + host).resolve("slow");
        if (slow) {
            Files.writeString(flag, "");
        } else {
            Files.deleteIfExists(flag);
        }
    }

    // ---------------------------------------------------------------- rows

    /** A pending GPU report whose job has {@code column} = {@code sqlValue}, as the launch path would have written it. */
    private long insertGpuReport(String column, String sqlValue) throws SQLException {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery("""
                with r as (insert into run (status, run_trigger, directive_snapshot, created_at)
                           values ('pending', 'api', '{"name": "D2 GPU report", "version": 1}'::jsonb, now()) returning id)
                insert into run_job (run_id, job_id, task_key, status, created_at, queued_at, %s)
                select r.id, (select id from job where task_key = 'gpu_report'), 'gpu_report', 'pending', now(), now(), %s from r
                returning id""".formatted(column, sqlValue))) {
            rs.next();
            long id = rs.getLong(1);
            c.createStatement().execute("notify cyberbrain_run_jobs");
            return id;
        }
    }

    /** A GPU report schedule due now, with a target, as the API stores one. */
    private long schedule(String name, String type, String target) throws SQLException {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery("""
                insert into schedule (name, job_id, schedule_type, interval_minutes, run_once_at, timezone, enabled, next_run_at,
                                      anchor_at, target, created_at, updated_at)
                values ('%s', (select id from job where task_key = 'gpu_report'), '%s', %s, %s, 'UTC', true, now(), now(),
                        '%s'::jsonb, now(), now()) returning id""".formatted(name, type, "interval".equals(type) ? "60" : "null",
                "once".equals(type) ? "now()" : "null", target))) {
            rs.next();
            long id = rs.getLong(1);
            c.createStatement().execute("select pg_notify('cyberbrain_schedules', '" + id + "')");
            return id;
        }
    }

    private HostStatus status(String host) throws SQLException {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(
                "select last_heartbeat_at, stopped_at, now() from worker_host where name = '" + host + "'")) {
            rs.next();
            return HostStatus.of(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant(),
                    rs.getTimestamp(3).toInstant(), HOSTS);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbc, EmbeddedPostgresServer.SUPERUSER, "");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = connect()) {
            c.createStatement().execute(sql);
        }
    }

    private String value(String sql) throws SQLException {
        return ServiceProcesses.value(jdbc, sql);
    }
}
