package io.cyberbrain.launcher.execution;

/**
 * How a worker ended.
 *
 * @param exitCode  the worker's exit code, or -1 when it was killed
 * @param timedOut  killed for running past its limit
 * @param cancelled killed because its run was cancelled or its lease lost
 * @param output    its own output (stdout and stderr), bounded and raw (redact before storing); null when no worker
 *                  process ran
 */
public record WorkerExit(String workerRef, int exitCode, boolean timedOut, boolean cancelled, WorkerOutput output) {

    static final int LOG_TAIL_BYTES = 4096;

    /** The end of its output, for error summaries (redact before storing). */
    public String logTail() {
        return output == null ? "" : output.tailText(LOG_TAIL_BYTES);
    }
}
