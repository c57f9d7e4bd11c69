package io.cyberbrain.launcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cyberbrain.model.job.TaskKey;
import io.quarkus.test.junit.QuarkusTest;

/** The job lifecycle finds every task's launcher side by its key, aliases included; an unknown key gets none. */
@QuarkusTest
class TaskSidesTest {

    @Inject
    TaskSides sides;

    @Test
    void everyTaskKeyHasItsOwnSide() {
        for (TaskKey key : TaskKey.values()) {
            assertEquals(key, sides.of(key.wire()).key(), key.wire());
            assertEquals(key, sides.of(key.alias()).key(), key.alias());
        }
    }

    @Test
    void onlyLogTriageReadsTheLogsRoot() {
        for (TaskKey key : TaskKey.values()) {
            assertEquals(key == TaskKey.LOG_TRIAGE, sides.of(key.wire()).readsLogs(), key.wire());
        }
    }

    @Test
    void anUnknownTaskGetsNoInputs() {
        JobContext job = new JobContext(1, 1, "unknown_task", java.util.Map.of(), 1, 60, java.util.Map.of(), null, false, false);
        TaskSide side = sides.of("unknown_task");
        assertTrue(side.inputs(job, Path.of("unused"), new TaskSide.Window(null, Instant.EPOCH)).isEmpty());
        assertTrue(!side.readsLogs());
    }
}
