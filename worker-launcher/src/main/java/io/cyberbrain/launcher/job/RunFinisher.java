package io.cyberbrain.launcher.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cyberbrain.model.run.JobStatus;
import io.cyberbrain.model.run.RunStatus;
import io.cyberbrain.model.run.RunTransitions;
import io.cyberbrain.launcher.metrics.LauncherMetrics;
import io.cyberbrain.launcher.notify.NotificationOutbox;
import io.cyberbrain.model.config.PathsConfig;
import io.cyberbrain.worker.WorkerJson;

/**
 * Ends a run once all its jobs have ended: {@code success} when every job succeeded, {@code cancelled} when
 * it was cancelled, else {@code failed}; the combined report ({@link CombinedReport}: a section per task, per host for a
 * run that ran on several) goes on the run and into
 * {@code runs/<run>/report.md} and {@code report.json}.
 */
@ApplicationScoped
public class RunFinisher {

    private static final Logger LOG = Logger.getLogger(RunFinisher.class);

    private final LauncherStore store;
    private final PathsConfig paths;
    private final NotificationOutbox outbox;
    private final TaskSides tasks;
    private final LauncherMetrics metrics;
    private final Clock clock;

    public RunFinisher(LauncherStore store, PathsConfig paths, NotificationOutbox outbox, TaskSides tasks, LauncherMetrics metrics,
                       Clock clock) {
        this.store = store;
        this.paths = paths;
        this.outbox = outbox;
        this.tasks = tasks;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Returns the run's final status if this call ended it. */
    public java.util.Optional<String> finishIfDone(long runId) {
        List<LauncherStore.JobState> jobs = store.jobsOf(runId);
        boolean allEnded = !jobs.isEmpty() && jobs.stream().allMatch(j -> j.status().isFinal());
        if (!allEnded) {
            return java.util.Optional.empty();
        }
        var header = store.run(runId).orElse(null);
        RunStatus ending = jobs.stream().allMatch(j -> j.status() == JobStatus.SUCCESS) ? RunStatus.SUCCESS
                : header == null || !header.cancelRequested() ? RunStatus.FAILED : RunStatus.CANCELLED;
        if (header == null || !RunTransitions.allowed(header.status(), ending)) {
            return java.util.Optional.empty();
        }
        String status = ending.wire();
        long input = jobs.stream().mapToLong(LauncherStore.JobState::inputTokens).sum();
        long output = jobs.stream().mapToLong(LauncherStore.JobState::outputTokens).sum();
        CombinedReport report = new CombinedReport(header, status, jobs, tasks::of);
        String markdown = report.markdown(input + output);
        Map<String, Object> json = report.json(input, output);
        String errors = report.errors();
        List<LauncherStore.ArtifactRow> artifacts = writeReportFiles(runId, markdown, json);
        boolean ended = store.endRun(runId, ending, input, output, markdown, json, errors, artifacts);
        if (ended && status.equals("success")) {
            runSucceeded(runId, jobs);
        }
        if (ended) {
            Instant began = header.startedAt() != null ? header.startedAt() : header.createdAt();
            metrics.runFinished(status, Duration.between(began, clock.instant()));
            outbox.runEnded(runId, status);
        }
        return ended ? java.util.Optional.of(status) : java.util.Optional.empty();
    }

    /** What a task keeps only from a run that succeeded as a whole (log triage's cursors and template history). */
    private void runSucceeded(long runId, List<LauncherStore.JobState> jobs) {
        for (LauncherStore.JobState job : jobs) {
            Path jobDir = paths.logs().resolve("runs").resolve(Long.toString(runId)).resolve(Long.toString(job.id()));
            try {
                tasks.of(job.taskKey()).runSucceeded(runId, jobDir);
            } catch (IOException | RuntimeException e) {
                // Log triage then reads this window again next time: repeated lines, never lost ones.
                LOG.warnf("run %d: could not store what %s keeps from a successful run: %s", runId, job.taskKey(), e.getMessage());
            }
        }
    }


    private List<LauncherStore.ArtifactRow> writeReportFiles(long runId, String markdown, Map<String, Object> json) {
        Path dir = paths.logs().resolve("runs").resolve(Long.toString(runId));
        List<LauncherStore.ArtifactRow> rows = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            rows.add(write(dir.resolve("report.md"), markdown.getBytes(StandardCharsets.UTF_8), "report", "text/markdown", runId));
            rows.add(write(dir.resolve("report.json"), WorkerJson.MAPPER.writeValueAsBytes(json), "report", "application/json", runId));
        } catch (IOException e) {
            LOG.warnf("could not write the report files of run %d: %s", runId, e.getMessage());
        }
        return rows;
    }

    private LauncherStore.ArtifactRow write(Path file, byte[] bytes, String type, String mime, long runId) throws IOException {
        Files.write(file, bytes);
        return new LauncherStore.ArtifactRow("runs/" + runId + "/" + file.getFileName(), type, bytes.length, mime, Hashes.sha256(bytes));
    }

    static String duration(Duration d) {
        return d.toSeconds() + " s";
    }
}
