package io.cyberbrain.launcher.execution;

/**
 * How a worker ended.
 *
 * @param exitCode  the worker's exit code, or -1 when it was killed
 * @param timedOut  killed for running past its limit
 * @param cancelled killed because its run was cancelled or its lease lost
 * @param logTail   the end of its output, for error summaries (redact before storing)
 */
public record WorkerExit(String workerRef, int exitCode, boolean timedOut, boolean cancelled, String logTail) {
}
