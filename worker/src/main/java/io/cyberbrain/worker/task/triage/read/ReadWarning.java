package io.cyberbrain.worker.task.triage.read;

/**
 * A file that was skipped or only partly read, and why, in a few words (no stack trace, no machine path).
 *
 * @param sourceKey the file's path relative to the log root (or {@code container:<name>})
 */
public record ReadWarning(String sourceKey, String reason) {
}
