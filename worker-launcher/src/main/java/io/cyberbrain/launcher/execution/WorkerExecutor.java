package io.cyberbrain.launcher.execution;

import java.util.Optional;
import java.util.Set;

/**
 * Runs one worker to its end. Every executor honours the same contract: job.json in, result.json out, the
 * same audit events, a hard time limit, and {@link #kill} from another thread.
 */
public interface WorkerExecutor {

    /** {@code process}, {@code docker} or {@code kubernetes}. */
    String kind();

    /** Runs the worker and blocks until it ended; call on a worker thread, never the event loop. */
    WorkerExit run(WorkerLaunch launch, WorkerEvents events) throws WorkerException;

    /**
     * The image workers run from, which must be on the worker image allowlist (by name and tag, enabled) before a job
     * runs; empty when workers are no images (process).
     */
    default Optional<String> image() {
        return Optional.empty();
    }

    /**
     * True when a cluster's scheduler places GPUs: the launcher cannot see the nodes' GPUs, so a worker that needs one
     * asks for {@link WorkerLaunch#ANY_GPU} instead of the GPU this launcher's own monitor would choose.
     */
    default boolean clusterPlacesGpus() {
        return false;
    }

    /** Stops the worker of {@code jobId} if this executor runs one (cancel, lost lease, shutdown). */
    void kill(long jobId);

    /**
     * Removes workers left behind by a previous launcher whose jobs are no longer running; returns how many.
     * Process workers die with their parent, so only containers and cluster Jobs can be orphans.
     */
    default int removeOrphans(Set<Long> runningJobIds, WorkerEvents events) {
        return 0;
    }
}
