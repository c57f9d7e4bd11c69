package io.cyberbrain.launcher.job;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.worker.TaskOutcome;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * One task's launcher side: what its worker gets that it cannot gather itself (it has no database and no engine
 * access), and what the launcher does with what came back. One implementation per {@link TaskKey}, found by
 * {@link TaskSides}; the job lifecycle ({@link JobRunner}, {@link RunFinisher}) names no task.
 */
public interface TaskSide {

    TaskKey key();

    /** Whether the worker reads the logs root (a process worker gets CYBER_BRAIN_LOGS, a container a read-only mount). */
    default boolean readsLogs() {
        return false;
    }

    /**
     * The task's {@code inputs} in job.json.
     *
     * @param window the job's window: start is the end of the task's last success (null for a first run)
     */
    Map<String, Object> inputs(JobContext job, Path jobDir, Window window);

    /** The worker's validated outcome as it will be recorded; the task may add what only the launcher can know. */
    default TaskOutcome complete(JobContext job, TaskOutcome outcome) {
        return outcome;
    }

    /**
     * Rows of the task's own tables, written in the transaction that records the job's outcome (so they exist exactly
     * when the job is recorded as this launcher's).
     */
    default TaskRows rows(JobContext job, TaskOutcome outcome, Map<String, Object> inputs) {
        return TaskRows.NONE;
    }

    /**
     * The results of this task's jobs on several hosts (a fanned-out run), as one result for the run's combined report:
     * by default each host's result under its name; a task whose results combine (the service map) merges them.
     *
     * @param byHost each host's result, by host name, in report order
     */
    default Map<String, Object> merge(Map<String, Map<String, Object>> byHost) {
        return Map.of("hosts", byHost);
    }

    /** Called for each of the task's jobs once their whole run succeeded (never for a run that failed elsewhere). */
    default void runSucceeded(long runId, Path jobDir) throws IOException {
    }

    record Window(Instant start, Instant end) {
    }

    /** Inserts in the recording transaction. */
    @FunctionalInterface
    interface TaskRows {

        TaskRows NONE = (tx, now) -> Uni.createFrom().voidItem();

        Uni<Void> insert(SqlClient tx, OffsetDateTime now);
    }
}
