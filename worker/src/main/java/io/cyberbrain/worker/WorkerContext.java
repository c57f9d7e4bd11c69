package io.cyberbrain.worker;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a task may use: its job folder, the uploads (read-only), the logs root (read-only), the clock, and
 * external commands.
 */
public interface WorkerContext {

    /** The job folder (read-write): job.json is here, artifacts go here. */
    Path jobDir();

    /** CYBER_BRAIN_UPLOADS, read-only; may not exist. */
    Path uploadsDir();

    /**
     * CYBER_BRAIN_LOGS as this worker sees it, read-only (the log triage reads it; a docker worker gets it
     * mounted at {@code /logs}); null when the worker was given no logs root.
     */
    default Path logsDir() {
        return null;
    }

    Clock clock();

    /**
     * Runs a command such as {@code nvidia-smi}. Empty when the binary is not installed, which is a normal
     * state (no GPU, no driver), not an error.
     */
    Optional<CommandResult> run(List<String> command, Duration timeout);

    record CommandResult(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }
}
