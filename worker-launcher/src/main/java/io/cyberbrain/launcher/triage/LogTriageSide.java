package io.cyberbrain.launcher.triage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.launcher.inventory.ContainerInventorySource;
import io.cyberbrain.launcher.job.JobContext;
import io.cyberbrain.launcher.job.LauncherStore;
import io.cyberbrain.launcher.job.TaskSide;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.policy.LogScope;
import io.cyberbrain.worker.TaskOutcome;

/**
 * Log triage's launcher side: the worker gets its cursors and template history from the database and the logs of
 * the allowlisted containers the launcher collected (it reads the logs root itself); a run with {@code use_rag} gets
 * runbook passages added to its outcome; the worker's new state is stored only once the whole run succeeded.
 */
@ApplicationScoped
public class LogTriageSide implements TaskSide {

    /** Where the launcher puts the container logs it collected, inside the job folder. */
    static final String CONTAINER_LOGS = "container-logs";
    /** A first triage (no window start) reads this many recent lines of each container. */
    static final int CONTAINER_TAIL_LINES = 5_000;

    private final TriageStateStore state;
    private final RunbookContext runbooks;
    private final LauncherStore store;
    private final ContainerInventorySource inventory;

    public LogTriageSide(TriageStateStore state, RunbookContext runbooks, LauncherStore store, ContainerInventorySource inventory) {
        this.state = state;
        this.runbooks = runbooks;
        this.store = store;
        this.inventory = inventory;
    }

    @Override
    public TaskKey key() {
        return TaskKey.LOG_TRIAGE;
    }

    @Override
    public boolean readsLogs() {
        return true;
    }

    @Override
    public Map<String, Object> inputs(JobContext job, Path jobDir, Window window) {
        Map<String, Object> inputs = new HashMap<>(state.inputs());
        inputs.put("first_run", window.start() == null);
        inputs.put("use_rag", job.useRag());
        Set<String> containers = scopedContainers(store.enabledAllowlist(), job.config());
        if (!containers.isEmpty()) {
            var logs = inventory.collectLogs(containers, window.start(), CONTAINER_TAIL_LINES, jobDir.resolve(CONTAINER_LOGS));
            if (!logs.files().isEmpty()) {
                inputs.put("container_logs_dir", CONTAINER_LOGS);
            }
            if (logs.unavailable() != null) {
                inputs.put("container_logs_unavailable", logs.unavailable());
            }
            if (!logs.problems().isEmpty()) {
                inputs.put("container_logs_problems", logs.problems());
            }
        }
        return inputs;
    }

    @Override
    public TaskOutcome complete(JobContext job, TaskOutcome outcome) {
        return job.useRag() ? runbooks.addTo(job.runId(), outcome) : outcome;
    }

    /** The cursors and template history move on only when the whole run succeeded: a failed run is read again. */
    @Override
    public void runSucceeded(long runId, Path jobDir) throws IOException {
        state.applySucceededJob(runId, jobDir);
    }

    /**
     * The enabled allowlist, narrowed to the containers a scoped triage names (resolved to ids at launch); a scope that
     * names only files reads no container. A container disabled since the launch stays out.
     */
    static Set<String> scopedContainers(Set<String> enabled, Map<String, Object> config) {
        LogScope scope;
        try {
            scope = LogScope.fromConfig(config);
        } catch (IllegalArgumentException e) {
            return Set.of(); // the worker refuses the run with the reason
        }
        if (scope == null) {
            return enabled;
        }
        Set<String> out = new LinkedHashSet<>(enabled);
        out.retainAll(scope.containers());
        return out;
    }
}
