package io.cyberbrain.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cyberbrain.embeddeddb.EmbeddedPostgresServer;
import io.cyberbrain.embeddeddb.ServiceProcesses;

/**
 * Two real launcher processes (the packaged application) share one database. The one running a job is
 * killed with SIGKILL mid-job; the other takes the job over once the lease expires and finishes it, and the
 * job runs to completion exactly once. The GPU binary is a stand-in script that takes a while and then
 * reports no GPU, since no GPU exists here; it keeps the job running long enough to kill its launcher.
 */
class LauncherProcessesIT {

    private Path work;
    private EmbeddedPostgresServer db;
    private String jdbc;
    private final Map<String, Process> launchers = new HashMap<>();

    @BeforeEach
    void databaseAndTwoLaunchers() throws Exception {
        work = Files.createTempDirectory("cb-two-launchers-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        db = EmbeddedPostgresServer.start(work.resolve("db"), 0, work.resolve("postgres.log"));
        db.createDatabase("cyberbrain");
        jdbc = db.jdbcUrl("cyberbrain");
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path slowGpuTool = bin.resolve("nvidia-smi");
        Files.writeString(slowGpuTool, "#!/bin/sh\nsleep 6\necho 'No devices were found' >&2\nexit 9\n");
        Files.setPosixFilePermissions(slowGpuTool, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String name : List.of("launcher-a", "launcher-b")) {
            launchers.put(name, start(name, bin));
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> launchers.keySet().stream().allMatch(this::ready));
    }

    private final Map<String, Integer> ports = new HashMap<>();

    private Process start(String name, Path bin) throws IOException {
        int port = ServiceProcesses.freePort();
        ports.put(name, port);
        Path module = Path.of("").toAbsolutePath();
        ProcessBuilder pb = ServiceProcesses.packagedService(name, work, "256m", db, "cyberbrain");
        Map<String, String> env = pb.environment();
        env.put("CYBERBRAIN_LAUNCHER_PORT", Integer.toString(port));
        env.put("CYBERBRAIN_LAUNCHER_INSTANCE_ID", name);
        env.put("CYBERBRAIN_LAUNCHER_LEASE", "4s");
        env.put("CYBERBRAIN_LAUNCHER_HEARTBEAT_INTERVAL", "1s");
        env.put("CYBERBRAIN_LAUNCHER_POLL_INTERVAL", "1s");
        // One job thread, busy with the running job: stopping it on cancel must not wait for a free one.
        env.put("CYBERBRAIN_LAUNCHER_CONCURRENCY", "1");
        env.put("CYBERBRAIN_WORKER_CLASSPATH", module.resolve("target/worker") + "/*:" + module.resolve("target/worker/lib") + "/*");
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.remove("DOCKER_HOST");
        return pb.start();
    }

    @AfterEach
    void stopEverything() {
        launchers.values().forEach(Process::destroyForcibly);
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aJobWhoseLauncherIsKilledIsFinishedOnceByTheOther() throws Exception {
        long job = insertPendingGpuReport();
        await().atMost(Duration.ofSeconds(60)).until(() -> "running".equals(value("select status from run_job where id = " + job)));
        String holder = value("select lease_owner from run_job where id = " + job);
        launchers.get(holder).destroyForcibly().waitFor();

        await().atMost(Duration.ofSeconds(90)).until(() -> "success".equals(value("select status from run_job where id = " + job)));
        assertEquals("2", value("select attempts from run_job where id = " + job), "claimed by the dead launcher, then once more");
        assertEquals("1", value("select count(*) from worker_audit where run_job_id = " + job + " and event = 'stop'"),
                "only the surviving launcher's worker ran to its end");
        // The run ends just after its last job is recorded, by the launcher that recorded it.
        await().atMost(Duration.ofSeconds(30)).until(() -> "success".equals(
                value("select r.status from run r join run_job j on j.run_id = r.id where j.id = " + job)));
    }

    @Test
    void cancellingARunningRunStopsItsWorkerAndEndsTheRunCancelled() throws Exception {
        long job = insertPendingGpuReport();
        await().atMost(Duration.ofSeconds(60)).until(() -> "running".equals(value("select status from run_job where id = " + job)));
        long run = Long.parseLong(value("select run_id from run_job where id = " + job));
        // What RunDecisionService.cancel does for a running run: flag it and notify the launchers.
        try (Connection c = DriverManager.getConnection(jdbc, EmbeddedPostgresServer.SUPERUSER, "")) {
            c.createStatement().execute("update run set cancel_requested = true where id = " + run);
            c.createStatement().execute("select pg_notify('cyberbrain_run_cancel', '" + run + "')");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> "cancelled".equals(value("select status from run where id = " + run)));
        assertEquals("cancelled", value("select status from run_job where id = " + job));
        assertEquals("killed on request", value("select detail from worker_audit where run_job_id = " + job + " and event = 'stop'"),
                "the worker was stopped, not run to its end");
    }

    @Test
    void aJobPastItsTimeLimitEndsTimedOutAndItsWorkerIsKilled() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, EmbeddedPostgresServer.SUPERUSER, "")) {
            c.createStatement().execute("update job set timeout_seconds = 2 where task_key = 'gpu_report'");
        }
        long job = insertPendingGpuReport();
        await().atMost(Duration.ofSeconds(60)).until(() -> "failed".equals(
                value("select r.status from run r join run_job j on j.run_id = r.id where j.id = " + job)));
        assertEquals("timed_out", value("select status from run_job where id = " + job));
        assertEquals("spawn,start,kill,stop,remove", value("select string_agg(event, ',' order by id) from worker_audit where run_job_id = " + job));
    }

    private long insertPendingGpuReport() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc, EmbeddedPostgresServer.SUPERUSER, "");
             ResultSet rs = c.createStatement().executeQuery("""
                     with r as (insert into run (status, run_trigger, directive_snapshot, created_at)
                                values ('pending', 'api', '{"name": "D2 GPU report", "version": 1}'::jsonb, now()) returning id)
                     insert into run_job (run_id, job_id, task_key, status, created_at)
                     select r.id, (select id from job where task_key = 'gpu_report'), 'gpu_report', 'pending', now() from r
                     returning id""")) {
            rs.next();
            long id = rs.getLong(1);
            c.createStatement().execute("notify cyberbrain_run_jobs");
            return id;
        }
    }

    private String value(String sql) throws SQLException {
        return ServiceProcesses.value(jdbc, sql);
    }

    private boolean ready(String name) {
        return ServiceProcesses.ready(ports.get(name));
    }
}
