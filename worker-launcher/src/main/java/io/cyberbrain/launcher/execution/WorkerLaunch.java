package io.cyberbrain.launcher.execution;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One worker to run: the job, its folder (job.json is already there), the limits, and for containers the
 * image and GPU chosen.
 *
 * @param image            the worker image reference (name:tag), already checked against the allowlist; unused by
 *                         the process executor
 * @param gpuIndex         the GPU given to the worker, or null for none; {@link #ANY_GPU} where a cluster places GPUs
 * @param logsDir          CYBER_BRAIN_LOGS, given read-only to tasks that read logs (log triage), else null
 * @param outputLimitBytes how much of the worker's own output is kept (its tail)
 * @param environment      the variables of the launcher passed to the worker ({@link WorkerEnvironment}), by name;
 *                         never in {@link #toString}
 */
public record WorkerLaunch(long runId, long jobId, String taskKey, Path jobDir, Path uploadsDir, Duration timeout,
                           String image, Integer gpuIndex, Path logsDir, int outputLimitBytes, Map<String, String> environment) {

    /** One GPU, whichever the cluster's scheduler picks ({@link WorkerExecutor#clusterPlacesGpus()}). */
    public static final int ANY_GPU = -1;

    public WorkerLaunch {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    public WorkerLaunch(long runId, long jobId, String taskKey, Path jobDir, Path uploadsDir, Duration timeout, String image,
                        Integer gpuIndex, Path logsDir, int outputLimitBytes) {
        this(runId, jobId, taskKey, jobDir, uploadsDir, timeout, image, gpuIndex, logsDir, outputLimitBytes, Map.of());
    }

    public WorkerLaunch(long runId, long jobId, String taskKey, Path jobDir, Path uploadsDir, Duration timeout, String image,
                        Integer gpuIndex, Path logsDir) {
        this(runId, jobId, taskKey, jobDir, uploadsDir, timeout, image, gpuIndex, logsDir, WorkerOutput.DEFAULT_LIMIT);
    }

    public WorkerLaunch(long runId, long jobId, String taskKey, Path jobDir, Path uploadsDir, Duration timeout, String image,
                        Integer gpuIndex) {
        this(runId, jobId, taskKey, jobDir, uploadsDir, timeout, image, gpuIndex, null);
    }

    /** The variables by name only: their values are secrets. */
    @Override
    public String toString() {
        return "WorkerLaunch[run " + runId + ", job " + jobId + ", task " + taskKey + ", dir " + jobDir + ", image " + image
                + ", gpu " + gpuIndex + ", environment " + new java.util.TreeSet<>(environment.keySet()) + "]";
    }
}
