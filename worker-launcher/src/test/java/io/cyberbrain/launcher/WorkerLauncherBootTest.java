package io.cyberbrain.launcher;

import java.util.List;

import io.cyberbrain.embeddeddb.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class WorkerLauncherBootTest extends ServiceBootContract {

    @Override
    protected List<String> expectedMetrics() {
        return List.of("cyberbrain_runs_finished_total", "cyberbrain_run_duration_seconds_bucket", "cyberbrain_jobs_finished_total",
                "cyberbrain_job_duration_seconds_bucket", "cyberbrain_notifications_total", "cyberbrain_runs_open",
                "cyberbrain_jobs_queued", "cyberbrain_jobs_running", "cyberbrain_jobs_oldest_queued_age_seconds",
                "cyberbrain_notifications_pending", "cyberbrain_gpu_count");
    }
}
