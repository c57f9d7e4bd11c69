package io.cyberbrain.launcher.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cyberbrain.model.run.JobStatus;
import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.launcher.LauncherIdentity;
import io.cyberbrain.launcher.execution.WorkerEnvironment;
import io.cyberbrain.launcher.execution.WorkerEvents;
import io.cyberbrain.launcher.execution.WorkerException;
import io.cyberbrain.launcher.execution.WorkerExecutor;
import io.cyberbrain.launcher.execution.WorkerExit;
import io.cyberbrain.launcher.execution.WorkerLaunch;
import io.cyberbrain.launcher.gpu.GpuMonitor;
import io.cyberbrain.launcher.gpu.GpuSelector;
import io.cyberbrain.launcher.metrics.LauncherMetrics;
import io.cyberbrain.model.config.PathsConfig;
import io.cyberbrain.policy.ConfigSecrets;
import io.cyberbrain.redaction.Redactor;
import io.cyberbrain.worker.JobSpec;
import io.cyberbrain.worker.TaskOutcome;
import io.cyberbrain.worker.WorkerJson;
import io.cyberbrain.worker.WorkerMain;

/**
 * Executes one claimed job from start to end: job.json, the worker, result.json checked and recorded, the
 * run finished when it was the last job. Blocking: runs on the dispatcher's worker threads.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final LauncherStore store;
    private final RunFinisher finisher;
    private final PathsConfig paths;
    private final LauncherConfig config;
    private final WorkerExecutor executor;
    private final Clock clock;
    private final GpuMonitor gpus;
    private final TaskSides tasks;
    private final LauncherMetrics metrics;
    private final WorkerEnvironment environment;
    private final String owner;

    public JobRunner(LauncherStore store, RunFinisher finisher, PathsConfig paths, LauncherConfig config, WorkerExecutor executor,
                     Clock clock, GpuMonitor gpus, LauncherIdentity identity, TaskSides tasks, LauncherMetrics metrics,
                     WorkerEnvironment environment) {
        this.store = store;
        this.finisher = finisher;
        this.paths = paths;
        this.config = config;
        this.executor = executor;
        this.clock = clock;
        this.gpus = gpus;
        this.tasks = tasks;
        this.metrics = metrics;
        this.environment = environment;
        this.owner = identity.name();
    }

    public void execute(long jobId) {
        Optional<JobContext> loaded = store.load(jobId);
        if (loaded.isEmpty()) {
            return;
        }
        JobContext job = loaded.get();
        Instant claimedAt = clock.instant();
        try {
            run(job, claimedAt);
        } catch (RuntimeException | IOException e) {
            LOG.errorf(e, "job %d of run %d failed in the launcher", job.jobId(), job.runId());
            end(job, claimedAt, JobStatus.FAILED, "launcher error: " + e.getMessage(), null, List.of());
        }
        finisher.finishIfDone(job.runId());
    }

    /** Ends a job that produced no result (its worker's log kept if one ran); counted only if this launcher still held it. */
    private void end(JobContext job, Instant claimedAt, JobStatus status, String reason, String workerRef,
                     List<LauncherStore.ArtifactRow> artifacts) {
        if (store.endJob(job.runId(), job.jobId(), owner, status, reason, executor.kind(), workerRef, artifacts)) {
            metrics.jobFinished(job.taskKey(), status.wire(), Duration.between(claimedAt, clock.instant()));
        }
    }

    private void run(JobContext job, Instant claimedAt) throws IOException {
        if (job.cancelRequested()) {
            end(job, claimedAt, JobStatus.CANCELLED, "the run was cancelled before this job started", null, List.of());
            return;
        }
        store.markRunRunning(job.runId());
        String image = null;
        int minVramMib = 0;
        boolean wantsGpu = false;
        Optional<String> workerImage = executor.image();
        if (workerImage.isPresent()) {
            String reference = workerImage.get();
            Optional<LauncherStore.AllowedImage> allowed = allowedImage(reference);
            if (allowed.isEmpty()) {
                String refused = "worker image " + reference + " is not on the worker image allowlist (by name and tag, enabled)";
                store.audit(job.runId(), job.jobId(), "error", executor.kind(), null, reference, refused);
                end(job, claimedAt, JobStatus.FAILED, refused, null, List.of());
                return;
            }
            image = reference;
            wantsGpu = allowed.get().needsGpu();
            minVramMib = allowed.get().minVramMb();
        }
        Integer override = job.config().get("gpu_index") instanceof Number n ? n.intValue() : null;
        GpuSelector.Placement placement;
        if (executor.clusterPlacesGpus()) {
            placement = wantsGpu
                    ? new GpuSelector.Placement(WorkerLaunch.ANY_GPU, "one GPU asked of the cluster, whose scheduler picks node and"
                            + " device (the image's minimum of " + minVramMib + " MiB VRAM and gpu_index are not checked there)")
                    : new GpuSelector.Placement(null, "the worker needs no GPU");
        } else {
            placement = wantsGpu || override != null
                    ? GpuSelector.choose(gpus.latest(), minVramMib, override)
                    : new GpuSelector.Placement(null, "the worker needs no GPU");
        }
        Path jobDir = paths.logs().resolve("runs").resolve(Long.toString(job.runId())).resolve(Long.toString(job.jobId()));
        Files.createDirectories(jobDir);
        Files.deleteIfExists(jobDir.resolve(WorkerMain.RESULT_FILE));
        TaskSide task = tasks.of(job.taskKey());
        TaskSide.Window window = new TaskSide.Window(store.lastSuccess(job.taskKey(), job.jobId()).orElse(null), clock.instant());
        Map<String, Object> inputs = task.inputs(job, jobDir, window);
        JobSpec spec = new JobSpec(JobSpec.CURRENT_VERSION, job.runId(), job.jobId(), job.taskKey(), forDisk(job, job.directive()),
                forDisk(job, job.config()), window.start(), window.end(), inputs);
        WorkerJson.MAPPER.writeValue(jobDir.resolve(WorkerMain.JOB_FILE).toFile(), spec);
        // job.json keeps the references; the values go only into the worker's environment.
        WorkerEnvironment.Selection variables = environment.select(spec.config(), spec.directive());
        if (!variables.complete()) {
            LOG.warnf("job %d of run %d: %s", job.jobId(), job.runId(), variables.summary());
        }

        Duration timeout = job.timeoutSeconds() > 0 ? Duration.ofSeconds(job.timeoutSeconds()) : config.defaultTimeout();
        WorkerLaunch launch = new WorkerLaunch(job.runId(), job.jobId(), job.taskKey(), jobDir, paths.uploads(), timeout, image,
                placement.gpuIndex(), task.readsLogs() ? paths.logs() : null,
                config.workerLogMaxBytes(), variables.variables());
        String usedImage = image;
        // The placement and its reason, and which named variables the worker got, go on the spawn row: auditable per worker.
        String spawnNote = "; placement: " + placement.reason() + (variables.summary().isEmpty() ? "" : "; " + variables.summary());
        WorkerEvents events = (l, event, ref, detail) -> store.audit(l.runId(), l.jobId(), event, executor.kind(), ref, usedImage,
                Redactor.standard().redact("spawn".equals(event) ? detail + spawnNote : detail));
        WorkerExit exit;
        try {
            exit = executor.run(launch, events);
        } catch (WorkerException e) {
            end(job, claimedAt, JobStatus.FAILED, Redactor.standard().redact(e.getMessage()), null, List.of());
            return;
        }
        List<LauncherStore.ArtifactRow> log = workerLog(job, jobDir, exit);
        if (exit.cancelled()) {
            end(job, claimedAt, JobStatus.CANCELLED, "stopped while running: the run was cancelled", exit.workerRef(), log);
        } else if (exit.timedOut()) {
            end(job, claimedAt, JobStatus.TIMED_OUT, "ran past its limit of " + timeout.toSeconds() + " s and was killed",
                    exit.workerRef(), log);
        } else {
            record(job, task, claimedAt, jobDir, exit, usedImage, inputs, log);
        }
    }

    /** The worker's own log as an artifact of the job, however it ended; none if no worker ran or it cannot be written. */
    private List<LauncherStore.ArtifactRow> workerLog(JobContext job, Path jobDir, WorkerExit exit) {
        if (exit.output() == null) {
            return List.of();
        }
        try {
            return List.of(WorkerLogArtifact.write(jobDir, paths.logs(), exit.output()));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("job %d: the worker's log could not be kept: %s", job.jobId(), Redactor.standard().redact(e.getMessage()));
            return List.of();
        }
    }

    private void record(JobContext job, TaskSide task, Instant claimedAt, Path jobDir, WorkerExit exit, String image,
                        Map<String, Object> inputs, List<LauncherStore.ArtifactRow> log) throws IOException {
        Path resultFile = jobDir.resolve(WorkerMain.RESULT_FILE);
        TaskOutcome outcome = null;
        String unreadable = null;
        if (Files.isRegularFile(resultFile)) {
            try {
                outcome = WorkerJson.MAPPER.readValue(resultFile.toFile(), TaskOutcome.class);
            } catch (IOException e) {
                unreadable = "result.json is not valid JSON of the expected shape";
            }
        }
        if (outcome == null) {
            String why = unreadable != null ? unreadable : "the worker exited with code " + exit.exitCode() + " without a result";
            end(job, claimedAt, JobStatus.FAILED, Redactor.standard().redact(why + lastLine(exit.logTail())), exit.workerRef(), log);
            return;
        }
        List<String> problems = ResultValidator.problems(outcome, jobDir);
        if (!problems.isEmpty()) {
            end(job, claimedAt, JobStatus.FAILED, "the worker's result was refused: " + String.join("; ", problems),
                    exit.workerRef(), log);
            return;
        }
        outcome = task.complete(job, outcome);
        LauncherStore.JobRecord record = OutcomeRecords.toRecord(jobDir, paths.logs(), outcome, executor.kind(), exit.workerRef(),
                image, log, task.rows(job, outcome, inputs));
        if (!store.recordOutcome(job.runId(), job.jobId(), owner, record)) {
            LOG.warnf("job %d: lease lost before its result could be recorded; another launcher owns it now", job.jobId());
            return;
        }
        metrics.jobFinished(job.taskKey(), record.status().wire(), Duration.between(claimedAt, clock.instant()));
        for (LauncherStore.LlmCallRow call : record.llmCalls()) {
            metrics.llmCall(call.model(), call.success(), call.inputTokens(), call.outputTokens(), Duration.ofMillis(call.durationMs()));
        }
    }

    /**
     * A config (or the directive snapshot) as job.json may hold it: the API refuses secrets in clear and old rows were
     * masked, but a row written behind the API's back still never puts one on disk; the worker refuses a masked secret
     * with the reason, as it refuses one in clear.
     */
    private static Map<String, Object> forDisk(JobContext job, Map<String, Object> config) {
        if (config == null) {
            return null;
        }
        List<ConfigSecrets.ClearSecret> clear = ConfigSecrets.find(config);
        if (clear.isEmpty()) {
            return config;
        }
        LOG.warnf("job %d of run %d holds secrets in clear (%s); job.json gets them masked", job.jobId(), job.runId(),
                String.join(", ", clear.stream().map(ConfigSecrets.ClearSecret::path).toList()));
        return ConfigSecrets.masked(config);
    }

    /** The configured image must be on the allowlist, by name and tag, and enabled. */
    private Optional<LauncherStore.AllowedImage> allowedImage(String reference) {
        int colon = reference.lastIndexOf(':');
        if (colon <= 0 || reference.indexOf('/', colon) >= 0) {
            return Optional.empty();
        }
        return store.allowedImage(reference.substring(0, colon), reference.substring(colon + 1));
    }

    private static String lastLine(String logTail) {
        if (logTail == null || logTail.isBlank()) {
            return "";
        }
        List<String> lines = new ArrayList<>(List.of(logTail.strip().split("\n")));
        return ": " + lines.get(lines.size() - 1);
    }
}
