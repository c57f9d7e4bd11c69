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
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.launcher.TestRuns;
import io.cyberbrain.launcher.execution.WorkerEnvironment;
import io.cyberbrain.model.config.PathsConfig;
import io.cyberbrain.model.run.LaunchRequest;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.RunTrigger;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Runs launched through the one launch path execute in real child-process workers. */
@QuarkusTest
class ProcessExecutionTest {

    @Inject
    RunLaunchService launches;
    @Inject
    AgroalDataSource ds;
    @Inject
    PathsConfig paths;

    long launch(String... tasks) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> launches.launch(new LaunchRequest(List.of(tasks), null, "test " + tasks[0],
                false, null, RunTrigger.API, "test", null))).run().id;
    }

    String runStatus(long runId) throws Exception {
        return TestRuns.string(ds, "select status from run where id = " + runId);
    }

    void approve(long runId) throws Exception {
        TestRuns.execute(ds, "update run set status = 'pending' where id = " + runId);
        TestRuns.execute(ds, "update run_job set status = 'pending' where run_id = " + runId);
        TestRuns.execute(ds, "select pg_notify('cyberbrain_run_jobs', '" + runId + "')");
    }

    String awaitEnd(long runId) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String s = runStatus(runId);
            return !s.equals("pending") && !s.equals("running");
        });
        try {
            return runStatus(runId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTaskThatFailsEndsTheJobFailedWithItsReasonAndAFullAudit() throws Throwable {
        long run = launch("log_triage");
        // Bad task configuration, as a directive could carry it: the worker refuses it with a reason.
        TestRuns.execute(ds, "update run_job set config = '{\"logs.max_bytes_per_run\": \"lots\"}' where run_id = " + run);
        approve(run);
        assertEquals("failed", awaitEnd(run));
        String error = TestRuns.string(ds, "select error_summary from run_job where run_id = " + run);
        assertTrue(error.contains("logs.max_bytes_per_run"), error);
        assertEquals("spawn,start,stop,remove", TestRuns.string(ds,
                "select string_agg(event, ',' order by id) from worker_audit where run_id = " + run));
        assertEquals("process", TestRuns.string(ds, "select executor from run_job where run_id = " + run));
        Path jobDir = paths.logs().resolve("runs").resolve(Long.toString(run));
        assertTrue(Files.exists(jobDir.resolve("report.md")), "the combined report is written");
        assertTrue(TestRuns.string(ds, "select report_markdown from run where id = " + run).contains("log_triage: failed"));
        assertEquals("report,report,worker_log", TestRuns.string(ds,
                "select string_agg(artifact_type, ',' order by artifact_type) from run_artifact where run_id = " + run));
    }

    @Test
    void jobJsonNeverHoldsASecretInClearEvenOneStoredBehindTheApisBack() throws Throwable {
        long run = launch("log_triage");
        // Written straight to the database, as a hand edit would be: the API refuses such configs.
        TestRuns.execute(ds, "update run_job set config = '{\"llm\": {\"endpoint\": \"http://127.0.0.1:9\", \"model\": \"m\","
                + " \"api_key\": \"sk-clear-key-1\"}, \"export.url\": \"https://bob:clear-pass-2@files.lan/x\"}' where run_id = " + run);
        TestRuns.execute(ds, "update run set directive_snapshot = jsonb_set(directive_snapshot, '{config}',"
                + " '{\"log_triage\": {\"llm.api_key\": \"sk-clear-key-3\"}}') where id = " + run);
        approve(run);
        assertEquals("success", awaitEnd(run));
        String jobId = TestRuns.string(ds, "select id from run_job where run_id = " + run);
        String jobJson = Files.readString(paths.logs().resolve("runs").resolve(Long.toString(run)).resolve(jobId).resolve("job.json"));
        for (String secret : List.of("sk-clear-key-1", "clear-pass-2", "sk-clear-key-3")) {
            assertFalse(jobJson.contains(secret), secret + " in " + jobJson);
        }
        var written = io.cyberbrain.worker.WorkerJson.MAPPER.readTree(jobJson);
        assertEquals("********", written.at("/config/llm/api_key").asText(), jobJson);
        assertEquals("https://********@files.lan/x", written.at("/config/export.url").asText(), jobJson);
        assertEquals("http://127.0.0.1:9", written.at("/config/llm/endpoint").asText(), "the rest is as stored");
        // The worker refuses the masked key as it refuses one in clear, and says why; the triage runs without the LLM.
        assertTrue(TestRuns.string(ds, "select result_json::text from run_job where run_id = " + run).contains("llm.api_key"));
    }

    static final String KEY_VALUE = "sk-env-value-7f3a";

    /** A triage run whose config names its LLM key as TEST_LLM_KEY; the worker says when that variable is not set. */
    long runNamingTheKey(Set<String> allowed) throws Throwable {
        QuarkusMock.installMockForType(new WorkerEnvironment(allowed, Map.of("TEST_LLM_KEY", KEY_VALUE)::get),
                WorkerEnvironment.class);
        long run = launch("log_triage");
        TestRuns.execute(ds, "update run_job set config = '{\"llm\": {\"endpoint\": \"http://127.0.0.1:9\", \"model\": \"m\","
                + " \"api_key_env\": \"TEST_LLM_KEY\"}}' where run_id = " + run);
        approve(run);
        return run;
    }

    /** Everything the launcher wrote about the run: job.json, worker.log, the audit, the result, its own log. */
    String writtenAbout(long run, List<String> launcherLog) throws Exception {
        String jobId = TestRuns.string(ds, "select id from run_job where run_id = " + run);
        Path jobDir = paths.logs().resolve("runs").resolve(Long.toString(run)).resolve(jobId);
        return Files.readString(jobDir.resolve("job.json")) + Files.readString(jobDir.resolve("worker.log"))
                + TestRuns.string(ds, "select string_agg(coalesce(detail, ''), ' ') from worker_audit where run_id = " + run)
                + TestRuns.string(ds, "select result_json::text from run_job where run_id = " + run) + String.join("\n", launcherLog);
    }

    java.util.logging.Handler logCapture;

    @org.junit.jupiter.api.AfterEach
    void stopCapture() {
        if (logCapture != null) {
            java.util.logging.Logger.getLogger("").removeHandler(logCapture);
        }
    }

    List<String> captureLauncherLog() {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        logCapture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(new java.util.logging.SimpleFormatter().formatMessage(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("").addHandler(logCapture);
        return lines;
    }

    @Test
    void anAllowedVariableTheConfigNamesReachesTheWorkerAndIsWrittenNowhere() throws Throwable {
        List<String> log = captureLauncherLog();
        long run = runNamingTheKey(Set.of("TEST_LLM_KEY"));
        assertEquals("success", awaitEnd(run));
        String result = TestRuns.string(ds, "select result_json::text from run_job where run_id = " + run);
        assertFalse(result.contains("not set for the worker"), "the worker found its key: " + result);
        assertTrue(TestRuns.string(ds, "select detail from worker_audit where event = 'spawn' and run_id = " + run)
                .contains("worker environment: passed TEST_LLM_KEY"));
        String written = writtenAbout(run, log);
        String jobId = TestRuns.string(ds, "select id from run_job where run_id = " + run);
        assertEquals("TEST_LLM_KEY", io.cyberbrain.worker.WorkerJson.MAPPER.readTree(paths.logs().resolve("runs")
                .resolve(Long.toString(run)).resolve(jobId).resolve("job.json").toFile()).at("/config/llm/api_key_env").asText(),
                "job.json keeps the reference");
        assertFalse(written.contains(KEY_VALUE), written);
    }

    @Test
    void aVariableTheOperatorDidNotAllowIsNotPassedAndTheAuditSaysSo() throws Throwable {
        List<String> log = captureLauncherLog();
        long run = runNamingTheKey(Set.of());
        assertEquals("success", awaitEnd(run));
        assertTrue(TestRuns.string(ds, "select result_json::text from run_job where run_id = " + run)
                .contains("llm.api_key_env names TEST_LLM_KEY, which is not set"));
        assertTrue(TestRuns.string(ds, "select detail from worker_audit where event = 'spawn' and run_id = " + run)
                .contains("not passed TEST_LLM_KEY (not allowed by cyberbrain.launcher.worker-env-allowed)"));
        assertTrue(log.stream().anyMatch(l -> l.contains("not passed TEST_LLM_KEY")), "the launcher warns: " + log);
        assertFalse(writtenAbout(run, log).contains(KEY_VALUE));
    }

    @Test
    void aJobHeldByADeadLauncherIsTakenOverWhenItsLeaseExpires() throws Throwable {
        long run = launch("log_triage");
        // Another launcher claimed the job, then died (kill -9): its lease runs out and is never renewed.
        TestRuns.execute(ds, "update run set status = 'running' where id = " + run);
        TestRuns.execute(ds, "update run_job set status = 'running', lease_owner = 'dead-launcher', attempts = 1,"
                + " lease_expires_at = now() - interval '1 second' where run_id = " + run);
        assertEquals("success", awaitEnd(run));
        assertEquals("2", TestRuns.string(ds, "select attempts from run_job where run_id = " + run),
                "recovered once and run by this launcher, not twice");
        assertEquals("1", TestRuns.string(ds, "select count(*) from worker_audit where event = 'spawn' and run_id = " + run));
    }

    @Test
    void aJobWhoseLeaseExpiredOnItsLastAttemptFailsWithTheReason() throws Throwable {
        long run = launch("log_triage");
        TestRuns.execute(ds, "update run set status = 'running' where id = " + run);
        TestRuns.execute(ds, "update run_job set status = 'running', lease_owner = 'dead-launcher', attempts = 3,"
                + " lease_expires_at = now() - interval '1 second' where run_id = " + run);
        assertEquals("failed", awaitEnd(run));
        assertTrue(TestRuns.string(ds, "select error_summary from run_job where run_id = " + run).contains("lease expired"));
        assertEquals("0", TestRuns.string(ds, "select count(*) from worker_audit where run_id = " + run), "never started again");
    }

    @Test
    void aGpuReportOnAMachineWithoutGpusSucceedsAndSaysSo() throws Throwable {
        long run = launch("gpu_report");
        approve(run);
        assertEquals("success", awaitEnd(run));
        assertTrue(TestRuns.string(ds, "select report_markdown from run where id = " + run).contains("## GPU report"));
        assertEquals("false", TestRuns.string(ds,
                "select report_json -> 'tasks' -> 'gpu_report' -> 'result' ->> 'gpu_available' from run where id = " + run));
        assertEquals("spawn,start,stop,remove", TestRuns.string(ds,
                "select string_agg(event, ',' order by id) from worker_audit where run_id = " + run));
    }
}
