package io.cyberbrain.launcher.job;

import java.util.Map;

/** A claimed job with what its execution needs from its run and template. */
public record JobContext(
        long jobId,
        long runId,
        String taskKey,
        Map<String, Object> config,
        int attempt,
        int timeoutSeconds,
        Map<String, Object> directive,
        String task3Scope,
        boolean useRag,
        boolean cancelRequested) {
}
