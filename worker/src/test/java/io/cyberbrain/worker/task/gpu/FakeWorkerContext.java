package io.cyberbrain.worker.task.gpu;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cyberbrain.worker.WorkerContext;

/** A worker context whose commands answer from a table; unknown commands are "not installed". */
final class FakeWorkerContext implements WorkerContext {

    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private final Path jobDir;
    private final Map<List<String>, CommandResult> answers = new HashMap<>();
    final List<List<String>> calls = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();

    FakeWorkerContext(Path jobDir) {
        this.jobDir = jobDir;
    }

    FakeWorkerContext answer(List<String> command, int exitCode, String stdout, String stderr) {
        answers.put(command, new CommandResult(exitCode, stdout, stderr));
        return this;
    }

    @Override
    public Path jobDir() {
        return jobDir;
    }

    @Override
    public Path uploadsDir() {
        return jobDir.resolve("no-uploads");
    }

    @Override
    public Path logsDir() {
        return null; // the GPU report reads no logs
    }

    @Override
    public Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Override
    public Optional<CommandResult> run(List<String> command, Duration timeout) {
        calls.add(command);
        timeouts.add(timeout);
        return Optional.ofNullable(answers.get(command));
    }
}
