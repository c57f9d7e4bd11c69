package io.cyberbrain.launcher.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.launcher.LauncherIdentity;
import io.cyberbrain.launcher.execution.WorkerEvents;
import io.cyberbrain.launcher.gpu.GpuMonitor;
import io.cyberbrain.launcher.gpu.GpuSelector;
import io.cyberbrain.launcher.execution.WorkerException;
import io.cyberbrain.launcher.execution.WorkerExecutor;
import io.cyberbrain.launcher.execution.WorkerExit;
import io.cyberbrain.launcher.execution.WorkerLaunch;
import io.cyberbrain.launcher.inventory.ContainerInventorySource;
import io.cyberbrain.launcher.inventory.InspectScrubber;
import io.cyberbrain.launcher.metrics.LauncherMetrics;
import io.cyberbrain.launcher.triage.RunbookContext;
import io.cyberbrain.launcher.triage.TriageStateStore;
import io.cyberbrain.launcher.worker.JobSpec;
import io.cyberbrain.launcher.worker.TaskOutcome;
import io.cyberbrain.launcher.worker.WorkerJson;
import io.cyberbrain.launcher.worker.WorkerMain;
import io.cyberbrain.model.config.ConfigSecrets;
import io.cyberbrain.model.config.PathsConfig;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.redaction.Redactor;
import io.cyberbrain.model.run.LogScope;

/**
 * Executes one claimed job from start to end: job.json, the worker, result.json checked and recorded, the
 * run finished when it was the last job. Blocking: runs on the dispatcher's worker threads.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    static final Duration DEFAULT_HISTORY = Duration.ofHours(24);
    /** Where the launcher puts the container logs it collected for log triage, inside the job folder. */
    static final String CONTAINER_LOGS = "container-logs";
    /** A first triage (no window start) reads this many recent lines of each container. */
    static final int CONTAINER_TAIL_LINES = 5_000;

    private final LauncherStore store;
    private final RunFinisher finisher;
    private final PathsConfig paths;
    private final LauncherConfig config;
    private final WorkerExecutor executor;
    private final ContainerInventorySource inventory;
    private final Clock clock;
    private final GpuMonitor gpus;
    private final TriageStateStore triageState;
    private final RunbookContext runbooks;
    private final LauncherMetrics metrics;
    private final String owner;

    public JobRunner(LauncherStore store, RunFinisher finisher, PathsConfig paths, LauncherConfig config, WorkerExecutor executor,
                     ContainerInventorySource inventory, Clock clock, GpuMonitor gpus, LauncherIdentity identity,
                     TriageStateStore triageState, RunbookContext runbooks, LauncherMetrics metrics) {
        this.store = store;
        this.finisher = finisher;
        this.paths = paths;
        this.config = config;
        this.executor = executor;
        this.inventory = inventory;
        this.clock = clock;
        this.gpus = gpus;
        this.triageState = triageState;
        this.runbooks = runbooks;
        this.metrics = metrics;
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
            end(job, claimedAt, "failed", "launcher error: " + e.getMessage(), null, List.of());
        }
        finisher.finishIfDone(job.runId());
    }

    /** Ends a job that produced no result (its worker's log kept if one ran); counted only if this launcher still held it. */
    private void end(JobContext job, Instant claimedAt, String status, String reason, String workerRef,
                     List<LauncherStore.ArtifactRow> artifacts) {
        if (store.endJob(job.runId(), job.jobId(), owner, status, reason, executor.kind(), workerRef, artifacts)) {
            metrics.jobFinished(job.taskKey(), status, Duration.between(claimedAt, clock.instant()));
        }
    }

    private void run(JobContext job, Instant claimedAt) throws IOException {
        if (job.cancelRequested()) {
            end(job, claimedAt, "cancelled", "the run was cancelled before this job started", null, List.of());
            return;
        }
        store.markRunRunning(job.runId());
        String image = null;
        int minVramMib = 0;
        boolean wantsGpu = false;
        if (executor.kind().equals("docker")) {
            String reference = config.docker().image();
            Optional<LauncherStore.AllowedImage> allowed = allowedImage(reference);
            if (allowed.isEmpty()) {
                String refused = "worker image " + reference + " is not on the worker image allowlist (by name and tag, enabled)";
                store.audit(job.runId(), job.jobId(), "error", executor.kind(), null, reference, refused);
                end(job, claimedAt, "failed", refused, null, List.of());
                return;
            }
            image = reference;
            wantsGpu = allowed.get().needsGpu();
            minVramMib = allowed.get().minVramMb();
        }
        Integer override = job.config().get("gpu_index") instanceof Number n ? n.intValue() : null;
        GpuSelector.Placement placement = wantsGpu || override != null
                ? GpuSelector.choose(gpus.latest(), minVramMib, override)
                : new GpuSelector.Placement(null, "the worker needs no GPU");
        Path jobDir = paths.logs().resolve("runs").resolve(Long.toString(job.runId())).resolve(Long.toString(job.jobId()));
        Files.createDirectories(jobDir);
        Files.deleteIfExists(jobDir.resolve(WorkerMain.RESULT_FILE));
        Instant windowEnd = clock.instant();
        Instant windowStart = store.lastSuccess(job.taskKey()).orElse(null);
        Map<String, Object> inputs = inputs(job, jobDir, windowStart, windowEnd);
        JobSpec spec = new JobSpec(JobSpec.CURRENT_VERSION, job.runId(), job.jobId(), job.taskKey(), forDisk(job, job.directive()),
                forDisk(job, job.config()), windowStart, windowEnd, inputs);
        WorkerJson.MAPPER.writeValue(jobDir.resolve(WorkerMain.JOB_FILE).toFile(), spec);

        Duration timeout = job.timeoutSeconds() > 0 ? Duration.ofSeconds(job.timeoutSeconds()) : config.defaultTimeout();
        WorkerLaunch launch = new WorkerLaunch(job.runId(), job.jobId(), job.taskKey(), jobDir, paths.uploads(), timeout, image,
                placement.gpuIndex(), TaskKey.LOG_TRIAGE.wire().equals(job.taskKey()) ? paths.logs() : null,
                config.workerLogMaxBytes());
        String usedImage = image;
        // The placement and its reason go on the spawn row, so every worker's GPU choice is auditable.
        WorkerEvents events = (l, event, ref, detail) -> store.audit(l.runId(), l.jobId(), event, executor.kind(), ref, usedImage,
                Redactor.standard().redact("spawn".equals(event) ? detail + "; placement: " + placement.reason() : detail));
        WorkerExit exit;
        try {
            exit = executor.run(launch, events);
        } catch (WorkerException e) {
            end(job, claimedAt, "failed", Redactor.standard().redact(e.getMessage()), null, List.of());
            return;
        }
        List<LauncherStore.ArtifactRow> log = workerLog(job, jobDir, exit);
        if (exit.cancelled()) {
            end(job, claimedAt, "cancelled", "stopped while running: the run was cancelled", exit.workerRef(), log);
        } else if (exit.timedOut()) {
            end(job, claimedAt, "timed_out", "ran past its limit of " + timeout.toSeconds() + " s and was killed",
                    exit.workerRef(), log);
        } else {
            record(job, claimedAt, jobDir, exit, usedImage, inputs, log);
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

    private void record(JobContext job, Instant claimedAt, Path jobDir, WorkerExit exit, String image, Map<String, Object> inputs,
                        List<LauncherStore.ArtifactRow> log) throws IOException {
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
            end(job, claimedAt, "failed", Redactor.standard().redact(why + lastLine(exit.logTail())), exit.workerRef(), log);
            return;
        }
        List<String> problems = ResultValidator.problems(outcome, jobDir);
        if (!problems.isEmpty()) {
            end(job, claimedAt, "failed", "the worker's result was refused: " + String.join("; ", problems),
                    exit.workerRef(), log);
            return;
        }
        if ("log_triage".equals(job.taskKey()) && job.useRag()) {
            outcome = runbooks.addTo(job.runId(), outcome);
        }
        LauncherStore.JobRecord record = OutcomeRecords.toRecord(job, jobDir, paths.logs(), outcome, executor.kind(), exit.workerRef(),
                image, inputs, log);
        if (!store.recordOutcome(job.runId(), job.jobId(), owner, record)) {
            LOG.warnf("job %d: lease lost before its result could be recorded; another launcher owns it now", job.jobId());
            return;
        }
        metrics.jobFinished(job.taskKey(), record.status(), Duration.between(claimedAt, clock.instant()));
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

    /** Inputs the worker cannot gather itself, since it has no database and no engine access. */
    private Map<String, Object> inputs(JobContext job, Path jobDir, Instant windowStart, Instant windowEnd) {
        Map<String, Object> inputs = new HashMap<>();
        switch (job.taskKey()) {
            case "log_triage" -> {
                inputs.putAll(triageState.inputs());
                inputs.put("first_run", windowStart == null);
                inputs.put("use_rag", job.useRag());
                Set<String> allowlist = scopedContainers(store.enabledAllowlist(), job.config());
                if (!allowlist.isEmpty()) {
                    var logs = inventory.collectLogs(allowlist, windowStart, CONTAINER_TAIL_LINES, jobDir.resolve(CONTAINER_LOGS));
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
            }
            case "gpu_report" -> {
                Instant since = windowStart != null ? windowStart : windowEnd.minus(DEFAULT_HISTORY);
                inputs.put("gpu_history", store.gpuHistory(since, windowEnd, 10_000));
            }
            case "service_map" -> {
                boolean all = "all".equals(job.task3Scope());
                var collected = inventory.collect(all ? null : store.enabledAllowlist());
                inputs.put("containers", collected.containers().stream()
                        .map(c -> InspectScrubber.scrub(c, Redactor.standard())).toList());
                inputs.put("networks", collected.networks().stream().map(ConfigSecrets::masked).toList());
                inputs.put("scope", all ? "all" : "allowlist");
                if (collected.unavailable() != null) {
                    inputs.put("inventory_unavailable", collected.unavailable());
                }
            }
            default -> {
            }
        }
        return inputs;
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
        Set<String> out = new java.util.LinkedHashSet<>(enabled);
        out.retainAll(scope.containers());
        return out;
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
