package io.cyberbrain.launcher.job;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.launcher.TestRuns;
import io.cyberbrain.model.config.PathsConfig;
import io.cyberbrain.model.run.LaunchRequest;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.RunTrigger;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;

/**
 * The worker's own log is kept with the job's artifacts on the process executor, whether the job succeeds or fails:
 * here the worker JVM prints its settings (a few kilobytes, one of them a connection string with a password), and the
 * launcher keeps 1 KiB of it.
 */
@QuarkusTest
@TestProfile(WorkerLogRunTest.ChattyWorkerProfile.class)
class WorkerLogRunTest {

    static final String DSN = "postgres://app:s3cr3t-pw@db:5432/app";

    public static class ChattyWorkerProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cyberbrain.launcher.process.jvm-options",
                    "-Xmx256m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1,-XshowSettings:properties,-Dzz.cb.test.dsn=" + DSN,
                    "cyberbrain.launcher.worker-log-max-bytes", "1024");
        }
    }

    @Inject
    PathsConfig paths;
    @Inject
    RunLaunchService launches;
    @Inject
    AgroalDataSource ds;

    long launch(String task) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> launches.launch(new LaunchRequest(List.of(task), null, "test " + task,
                false, null, RunTrigger.API, "test", null))).run().id;
    }

    void approve(long runId) throws Exception {
        TestRuns.execute(ds, "update run set status = 'pending' where id = " + runId);
        TestRuns.execute(ds, "update run_job set status = 'pending' where run_id = " + runId);
        TestRuns.execute(ds, "select pg_notify('cyberbrain_run_jobs', '" + runId + "')");
    }

    String awaitEnd(long runId) throws Exception {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String s = TestRuns.string(ds, "select status from run where id = " + runId);
            return !s.equals("pending") && !s.equals("running");
        });
        return TestRuns.string(ds, "select status from run where id = " + runId);
    }

    String workerLog(long run) throws Exception {
        assertEquals("1", TestRuns.string(ds, "select count(*) from run_artifact where artifact_type = 'worker_log' and run_id = "
                + run));
        String path = TestRuns.string(ds, "select path from run_artifact where artifact_type = 'worker_log' and run_id = " + run);
        String jobId = TestRuns.string(ds, "select id from run_job where run_id = " + run);
        assertEquals("runs/" + run + "/" + jobId + "/worker.log", path);
        Path file = paths.logs().resolve(path);
        assertEquals(TestRuns.string(ds, "select size_bytes from run_artifact where artifact_type = 'worker_log' and run_id = " + run),
                Long.toString(Files.size(file)));
        assertEquals("text/plain", TestRuns.string(ds, "select mime_type from run_artifact where artifact_type = 'worker_log'"
                + " and run_id = " + run));
        return Files.readString(file);
    }

    @Test
    void aSucceededJobKeepsItsWorkersLogCutToTheLimitAndRedacted() throws Throwable {
        long run = launch("gpu_report");
        approve(run);
        assertEquals("success", awaitEnd(run));
        String log = workerLog(run);
        assertTrue(log.startsWith("[cut: the worker wrote "), log);
        assertTrue(log.contains("zz.cb.test.dsn = "), "the end of what the worker wrote is kept: " + log);
        assertFalse(log.contains("s3cr3t-pw"), log);
        assertTrue(log.length() < 1024 + 200, "about the limit: " + log.length());
    }

    @Test
    void aFailedJobKeepsItsWorkersLogToo() throws Throwable {
        long run = launch("log_triage");
        TestRuns.execute(ds, "update run_job set config = '{\"logs.max_bytes_per_run\": \"lots\"}' where run_id = " + run);
        approve(run);
        assertEquals("failed", awaitEnd(run));
        String log = workerLog(run);
        assertTrue(log.contains("zz.cb.test.dsn = "), log);
        assertFalse(log.contains("s3cr3t-pw"), log);
    }
}
