package io.cyberbrain.launcher.job;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.cyberbrain.model.job.TaskKey;

/** Each task key's {@link TaskSide}; a key without one gets nothing from the launcher (its worker says it has no such task). */
@ApplicationScoped
public class TaskSides {

    private final Map<TaskKey, TaskSide> sides = new EnumMap<>(TaskKey.class);

    public TaskSides(Instance<TaskSide> all) {
        for (TaskSide side : all) {
            if (sides.put(side.key(), side) != null) {
                throw new IllegalStateException("two launcher sides for task " + side.key().wire());
            }
        }
    }

    public TaskSide of(String taskKey) {
        return TaskKey.parse(taskKey).map(sides::get).orElse(NONE);
    }

    private static final TaskSide NONE = new TaskSide() {
        @Override
        public TaskKey key() {
            throw new UnsupportedOperationException("no task");
        }

        @Override
        public Map<String, Object> inputs(JobContext job, Path jobDir, Window window) {
            return Map.of();
        }
    };
}
