package io.cyberbrain.model.run;

import java.util.List;
import java.util.Map;

import io.cyberbrain.model.job.TaskKey;

/**
 * A run the launch path has checked and planned but not written yet: every value of its {@code run} and
 * {@code run_job} rows except ids and times.
 */
public record PlannedRun(
        RunStatus status,
        RunTrigger trigger,
        DirectiveSnapshot snapshot,
        boolean useRag,
        Task3Scope task3Scope,
        String requestedBy,
        Long scheduleId,
        Map<String, Object> target,
        List<PlannedJob> jobs) {

    /**
     * One task of the run (one per host when it fans out); its config is the job's defaults overlaid by the directive
     * (and the log scope); {@code targetHost} and {@code targetLabels} say which hosts may claim it (null: any).
     */
    public record PlannedJob(long jobId, TaskKey taskKey, JobStatus status, Map<String, Object> config, int maxAttempts,
                             String targetHost, Map<String, String> targetLabels) {
    }

    /** Held for an admin's decision: such a run is not active and wakes no launcher until approved. */
    public boolean gated() {
        return status == RunStatus.AWAITING_APPROVAL;
    }

    /** Whether the run counts against concurrency limits as soon as it is written (pending or running). */
    public boolean active() {
        return status == RunStatus.PENDING || status == RunStatus.RUNNING;
    }
}
