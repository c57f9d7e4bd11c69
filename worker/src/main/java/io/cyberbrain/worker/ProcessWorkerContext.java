package io.cyberbrain.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The worker's real context: its folders, the system clock, and commands run as child processes. */
public final class ProcessWorkerContext implements WorkerContext {

    /** The environment variable naming the logs root: {@code CYBER_BRAIN_LOGS} as the worker sees it. */
    public static final String LOGS_ENV = "CYBER_BRAIN_LOGS";

    private final Path jobDir;
    private final Path uploadsDir;
    private final Path logsDir;
    private final Clock clock;

    public ProcessWorkerContext(Path jobDir, Path uploadsDir, Clock clock) {
        this(jobDir, uploadsDir, null, clock);
    }

    /** @param logsDir the logs root (read-only), or null when there is none */
    public ProcessWorkerContext(Path jobDir, Path uploadsDir, Path logsDir, Clock clock) {
        this.jobDir = jobDir;
        this.uploadsDir = uploadsDir;
        this.logsDir = logsDir;
        this.clock = clock;
    }

    /** The logs root named by {@value #LOGS_ENV} in {@code environment}, or null when it is unset or blank. */
    public static Path logsDirFrom(Map<String, String> environment) {
        String v = environment.get(LOGS_ENV);
        return v == null || v.isBlank() ? null : Path.of(v.trim());
    }

    @Override
    public Path jobDir() {
        return jobDir;
    }

    @Override
    public Path uploadsDir() {
        return uploadsDir;
    }

    @Override
    public Path logsDir() {
        return logsDir;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Optional<CommandResult> run(List<String> command, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException notInstalled) {
            return Optional.empty();
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.of(new CommandResult(-1, "", command.get(0) + " timed out after " + timeout.toSeconds() + " s"));
            }
            return Optional.of(new CommandResult(process.exitValue(), out.join(), err.join()));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.of(new CommandResult(-1, "", "interrupted"));
        } catch (IOException e) {
            return Optional.of(new CommandResult(-1, "", e.getMessage()));
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
