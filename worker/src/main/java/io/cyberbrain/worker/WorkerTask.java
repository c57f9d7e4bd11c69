package io.cyberbrain.worker;

/**
 * One task of the task runtime (log triage, GPU report, service map). Implementations are plain Java:
 * they run inside the ephemeral worker (a container or a child process) with no framework and no
 * database, only the job folder.
 */
public interface WorkerTask {

    /** The task key this implements: {@code log_triage}, {@code gpu_report} or {@code service_map}. */
    String taskKey();

    /**
     * Runs the task. Throwing is a failure whose message (redacted) becomes the job's error summary; a
     * task that can tell what went wrong returns {@link TaskOutcome#failure} itself.
     */
    TaskOutcome run(JobSpec job, WorkerContext context) throws Exception;
}
