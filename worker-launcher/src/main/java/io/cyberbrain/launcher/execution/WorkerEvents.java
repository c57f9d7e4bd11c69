package io.cyberbrain.launcher.execution;

/** Where executors report a worker's lifecycle; recorded as worker_audit rows. */
public interface WorkerEvents {

    /**
     * @param event one of spawn, start, stop, kill, remove, error
     */
    void record(WorkerLaunch launch, String event, String workerRef, String detail);
}
