package io.cyberbrain.launcher.execution;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One worker to run: the job, its folder (job.json is already there), the limits, and for containers the
 * image and GPU chosen.
 *
 * @param image            the worker image reference (name:tag), already checked against the allowlist; unused by
 *                         the process executor
 * @param gpuIndex         the GPU given to the worker, or null for none
 * @param logsDir          CYBER_BRAIN_LOGS, given read-only to tasks that read logs (log triage), else null
 * @param outputLimitBytes how much of the worker's own output is kept (its tail)
 */
public record WorkerLaunch(long runId, long jobId, String taskKey, Path jobDir, Path uploadsDir, Duration timeout,
                           String image, Integer gpuIndex, Path logsDir, int outputLimitBytes) {

    public WorkerLaunch(long runId, long jobId, String taskKey, Path jobDir, Path uploadsDir, Duration timeout, String image,
                        Integer gpuIndex, Path logsDir) {
        this(runId, jobId, taskKey, jobDir, uploadsDir, timeout, image, gpuIndex, logsDir, WorkerOutput.DEFAULT_LIMIT);
    }

    public WorkerLaunch(long runId, long jobId, String taskKey, Path jobDir, Path uploadsDir, Duration timeout, String image,
                        Integer gpuIndex) {
        this(runId, jobId, taskKey, jobDir, uploadsDir, timeout, image, gpuIndex, null);
    }
}
