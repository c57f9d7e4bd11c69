package io.cyberbrain.launcher.metrics;

import static io.cyberbrain.embeddeddb.PrometheusScrape.value;
import static io.cyberbrain.embeddeddb.PrometheusScrape.valueIn;
import static io.cyberbrain.embeddeddb.PrometheusScrape.valueOrZero;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.embeddeddb.PrometheusScrape;
import io.cyberbrain.launcher.TestRuns;
import io.cyberbrain.model.run.LaunchRequest;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.RunTrigger;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** The launcher's metrics move with the events they count: runs and jobs ending, lease recoveries, gauges from the database. */
@QuarkusTest
class LauncherMetricsTest {

    @Inject
    RunLaunchService launches;
    @Inject
    AgroalDataSource ds;
    @Inject
    LauncherGauges gauges;
    @Inject
    LauncherMetrics metrics;
    @Inject
    io.cyberbrain.launcher.host.HostIdentity hosts;

    long launch(String task) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> launches.launch(new LaunchRequest(List.of(task), null, "metrics " + task,
                false, null, RunTrigger.API, "test", null))).run().id;
    }

    void release(long runId) throws Exception {
        TestRuns.execute(ds, "update run set status = 'pending' where id = " + runId);
        TestRuns.execute(ds, "update run_job set status = 'pending' where run_id = " + runId);
        TestRuns.execute(ds, "select pg_notify('cyberbrain_run_jobs', '" + runId + "')");
    }

    String runStatus(long runId) throws Exception {
        return TestRuns.string(ds, "select status from run where id = " + runId);
    }

    @Test
    void aSucceededRunCountsTheRunAndItsJobWithTheirDurations() throws Throwable {
        double runs = valueOrZero("cyberbrain_runs_finished_total", "status", "success");
        double runDurations = valueOrZero("cyberbrain_run_duration_seconds_count", "status", "success");
        double jobs = valueOrZero("cyberbrain_jobs_finished_total", "task", "gpu_report", "status", "success");
        double jobDurations = valueOrZero("cyberbrain_job_duration_seconds_count", "task", "gpu_report", "status", "success");

        long run = launch("gpu_report"); // a custom directive waits for approval; released below as an approval would
        release(run);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> "success".equals(runStatus(run)));

        // Counted right after the run's row is ended.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> valueOrZero("cyberbrain_runs_finished_total", "status", "success") == runs + 1);
        String m = PrometheusScrape.scrape();
        assertEquals(runDurations + 1, valueIn(m, "cyberbrain_run_duration_seconds_count", "status", "success").orElseThrow());
        assertEquals(jobs + 1, valueIn(m, "cyberbrain_jobs_finished_total", "task", "gpu_report", "status", "success").orElseThrow());
        assertEquals(jobDurations + 1, valueIn(m, "cyberbrain_job_duration_seconds_count", "task", "gpu_report", "status", "success")
                .orElseThrow());
        assertTrue(valueIn(m, "cyberbrain_runs_finished_total", "status", "failed").isPresent(), "every status exposed from 0");
        assertFalse(m.contains("run_id"), "no run ids in labels");
    }

    @Test
    void aLeaseThatExpiredOnItsLastAttemptCountsAsGivenUp() throws Throwable {
        double givenUp = valueOrZero("cyberbrain_lease_recoveries_total", "queue", "run_job", "outcome", "given_up");
        double failed = valueOrZero("cyberbrain_runs_finished_total", "status", "failed");
        long run = launch("log_triage");
        TestRuns.execute(ds, "update run set status = 'running' where id = " + run);
        TestRuns.execute(ds, "update run_job set status = 'running', lease_owner = 'dead-launcher', attempts = 3,"
                + " lease_expires_at = now() - interval '1 second' where run_id = " + run);

        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(runStatus(run)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> valueOrZero("cyberbrain_lease_recoveries_total", "queue", "run_job", "outcome", "given_up") == givenUp + 1);
        assertEquals(failed + 1, valueOrZero("cyberbrain_runs_finished_total", "status", "failed"));
    }

    @Test
    void gaugesReadOpenRunsAndTheLatestGpuSample() throws Throwable {
        long gated = launch("service_map"); // held in awaiting_approval
        TestRuns.execute(ds, "insert into gpu_state (captured_at, gpu_index, gpu_uuid, name, memory_total_mb, memory_used_mb,"
                + " utilization_gpu_pct, temperature_c) values (now() - interval '1 minute', 7, 'GPU-test', 'Test GPU', 24576, 1024, 10, 40),"
                + " (now(), 7, 'GPU-test', 'Test GPU', 24576, 20480, 85, 71),"
                + " (now() - interval '1 hour', 8, 'GPU-gone', 'Old GPU', 8192, 8000, 99, 90)");
        try {
            gauges.refresh();
            String m = PrometheusScrape.scrape();
            assertEquals(Double.parseDouble(TestRuns.string(ds, "select count(*) from run where status = 'awaiting_approval'")),
                    valueIn(m, "cyberbrain_runs_open", "status", "awaiting_approval").orElseThrow());
            assertTrue(valueIn(m, "cyberbrain_runs_open", "status", "awaiting_approval").orElseThrow() >= 1, "run " + gated);
            assertEquals(20480.0 * 1024 * 1024, valueIn(m, "cyberbrain_gpu_memory_used_bytes", "gpu", "7").orElseThrow(),
                    "the latest sample of GPU 7");
            assertEquals(24576.0 * 1024 * 1024, valueIn(m, "cyberbrain_gpu_memory_total_bytes", "gpu", "7").orElseThrow());
            assertEquals(0.85, valueIn(m, "cyberbrain_gpu_utilization_ratio", "gpu", "7").orElseThrow(), 1e-9);
            assertEquals(71.0, valueIn(m, "cyberbrain_gpu_temperature_celsius", "gpu", "7").orElseThrow());
            assertEquals(Double.parseDouble(TestRuns.string(ds, "select count(distinct gpu_index) from gpu_state"
                    + " where captured_at >= now() - interval '10 minutes'")), valueIn(m, "cyberbrain_gpu_count").orElseThrow());
            assertTrue(valueIn(m, "cyberbrain_gpu_memory_used_bytes", "gpu", "8").isEmpty(), "a GPU last seen an hour ago is gone");
        } finally {
            TestRuns.execute(ds, "delete from gpu_state where gpu_uuid in ('GPU-test', 'GPU-gone')");
            TestRuns.execute(ds, "update run set status = 'cancelled', ended_at = now() where id = " + gated);
            TestRuns.execute(ds, "update run_job set status = 'cancelled', ended_at = now() where run_id = " + gated);
        }
        gauges.refresh();
        assertTrue(value("cyberbrain_gpu_memory_used_bytes", "gpu", "7").isEmpty(), "no sample, no gauge");
        assertEquals(Double.parseDouble(TestRuns.string(ds, "select count(distinct gpu_index) from gpu_state"
                + " where captured_at >= now() - interval '10 minutes'")), value("cyberbrain_gpu_count").orElseThrow());
    }

    @Test
    void eachWorkerHostHasItsGaugesTaggedByName() throws Exception {
        String self = hosts.name();
        TestRuns.execute(ds, "delete from worker_host where name = 'metrics-stale'");
        TestRuns.host(ds, "metrics-stale", "{}", "draining");
        TestRuns.execute(ds, "update worker_host set last_heartbeat_at = now() - interval '2 minutes',"
                + " gpus = '{\"0\": {\"model\": \"NVIDIA L40S\"}, \"1\": {\"model\": \"NVIDIA L40S\"}}' where name = 'metrics-stale'");
        try {
            gauges.refresh();
            String m = PrometheusScrape.scrape();
            assertEquals(1.0, valueIn(m, "cyberbrain_host_online", "host", self).orElseThrow(), "this launcher's own host");
            assertEquals(1.0, valueIn(m, "cyberbrain_host_claiming", "host", self).orElseThrow());
            assertEquals(0.0, valueIn(m, "cyberbrain_host_online", "host", "metrics-stale").orElseThrow());
            assertEquals(0.0, valueIn(m, "cyberbrain_host_claiming", "host", "metrics-stale").orElseThrow());
            assertEquals(2.0, valueIn(m, "cyberbrain_host_gpus", "host", "metrics-stale").orElseThrow());
            assertEquals(2.0, valueIn(m, "cyberbrain_host_jobs_max", "host", "metrics-stale").orElseThrow());
            assertEquals(0.0, valueIn(m, "cyberbrain_host_jobs_running", "host", "metrics-stale").orElseThrow());
            assertTrue(valueIn(m, "cyberbrain_host_heartbeat_age_seconds", "host", "metrics-stale").orElseThrow() >= 119);
        } finally {
            TestRuns.execute(ds, "delete from worker_host where name = 'metrics-stale'");
        }
        gauges.refresh();
        assertTrue(value("cyberbrain_host_online", "host", "metrics-stale").isEmpty(), "a removed host has no gauge");
    }

    @Test
    void llmCallsAreCountedByModelWithTokensAndNeverAnUnboundedLabel() {
        double calls = valueOrZero("cyberbrain_llm_calls_total", "model", "llama3:8b", "outcome", "success");
        double input = valueOrZero("cyberbrain_llm_tokens_total", "model", "llama3:8b", "kind", "input");
        double output = valueOrZero("cyberbrain_llm_tokens_total", "model", "llama3:8b", "kind", "output");
        metrics.llmCall("llama3:8b", true, 120, 30, Duration.ofMillis(800));
        metrics.llmCall("Llama3:8B", true, 10, 5, Duration.ofMillis(200));
        metrics.llmCall("a model\nwith free text in it", false, 0, 0, Duration.ZERO);

        String m = PrometheusScrape.scrape();
        assertEquals(calls + 2, valueIn(m, "cyberbrain_llm_calls_total", "model", "llama3:8b", "outcome", "success").orElseThrow());
        assertEquals(input + 130, valueIn(m, "cyberbrain_llm_tokens_total", "model", "llama3:8b", "kind", "input").orElseThrow());
        assertEquals(output + 35, valueIn(m, "cyberbrain_llm_tokens_total", "model", "llama3:8b", "kind", "output").orElseThrow());
        assertTrue(valueIn(m, "cyberbrain_llm_calls_total", "model", "other", "outcome", "error").isPresent());
        assertFalse(m.contains("free text"));
    }
}
