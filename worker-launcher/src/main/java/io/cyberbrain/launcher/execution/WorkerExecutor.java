package io.cyberbrain.launcher.execution;

import java.util.Set;

/**
 * Runs one worker to its end. Both executors honour the same contract: job.json in, result.json out, the
 * same audit events, a hard time limit, and {@link #kill} from another thread.
 */
public interface WorkerExecutor {

    /** {@code process} or {@code docker}. */
    String kind();

    /** Runs the worker and blocks until it ended; call on a worker thread, never the event loop. */
    WorkerExit run(WorkerLaunch launch, WorkerEvents events) throws WorkerException;

    /** Stops the worker of {@code jobId} if this executor runs one (cancel, lost lease, shutdown). */
    void kill(long jobId);

    /**
     * Removes workers left behind by a previous launcher whose jobs are no longer running; returns how many.
     * Process workers die with their parent, so only containers can be orphans.
     */
    default int removeOrphans(Set<Long> runningJobIds, WorkerEvents events) {
        return 0;
    }
}
