package io.cyberbrain.worker;

import java.time.Instant;
import java.util.Map;

/**
 * {@code job.json}: everything a worker gets. Workers have no database access; whatever a task needs from
 * the database (inventory, GPU history, log cursors) the launcher gathers into {@code inputs}.
 *
 * @param directive the run's directive snapshot (code, name, type, text, config, version)
 * @param config    the job's effective configuration (the job's defaults overlaid by the directive)
 * @param windowStart end of the last successful run of this task, or null for a first run
 * @param inputs    task inputs the launcher gathered, by name (see each task)
 */
public record JobSpec(
        int version,
        long runId,
        long jobId,
        String taskKey,
        Map<String, Object> directive,
        Map<String, Object> config,
        Instant windowStart,
        Instant windowEnd,
        Map<String, Object> inputs) {

    public static final int CURRENT_VERSION = 1;

    public Map<String, Object> inputs() {
        return inputs == null ? Map.of() : inputs;
    }

    public Map<String, Object> config() {
        return config == null ? Map.of() : config;
    }
}
