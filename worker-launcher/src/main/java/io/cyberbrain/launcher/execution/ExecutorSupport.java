package io.cyberbrain.launcher.execution;

import java.security.SecureRandom;
import java.util.HexFormat;

import io.cyberbrain.redaction.Redactor;

/** What the container executors (docker, kubernetes) share: worker names, label parsing and failure messages. */
final class ExecutorSupport {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ExecutorSupport() {
    }

    /** A name for a job's worker, unique even when a job is retried after a launcher died before removing it. */
    static String workerName(long jobId) {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return "cyberbrain-job-" + jobId + "-" + HexFormat.of().formatHex(bytes);
    }

    /** A label's number, or null when it is absent or not one (labels of objects this launcher did not make). */
    static Long parseLong(String value) {
        try {
            return value == null ? null : Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An engine's failure as one line for the job's events; its class name when it says nothing. */
    static String message(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.strip();
    }

    /** Engine messages can echo environment values and paths: they pass the redactor before they are recorded. */
    static String redact(String text) {
        return Redactor.standard().redact(text);
    }
}
