package io.cyberbrain.launcher.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.cyberbrain.model.run.JobStatus;
import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.redaction.Redactor;
import io.cyberbrain.worker.TaskOutcome;

/** Turns a validated worker outcome into the rows the launcher records. */
final class OutcomeRecords {

    private OutcomeRecords() {
    }

    static LauncherStore.JobRecord toRecord(Path jobDir, Path logsRoot, TaskOutcome outcome, String executor, String workerRef,
                                            String image, List<LauncherStore.ArtifactRow> launcherArtifacts,
                                            TaskSide.TaskRows taskRows) throws IOException {
        List<LauncherStore.LlmCallRow> calls = outcome.llmCalls() == null ? List.of() : outcome.llmCalls().stream()
                .map(c -> new LauncherStore.LlmCallRow(c.endpoint(), c.model(), c.purpose(), c.inputTokens(), c.outputTokens(),
                        c.durationMs(), c.success(), c.errorClass()))
                .toList();
        List<LauncherStore.ArtifactRow> artifacts = new ArrayList<>();
        Path root = logsRoot.toAbsolutePath().normalize();
        for (TaskOutcome.ArtifactRecord a : outcome.artifacts() == null ? List.<TaskOutcome.ArtifactRecord>of() : outcome.artifacts()) {
            Path file = jobDir.toAbsolutePath().normalize().resolve(a.path()).normalize();
            artifacts.add(new LauncherStore.ArtifactRow(root.relativize(file).toString(), a.type() == null ? "data" : a.type(),
                    Files.size(file), a.mimeType() == null ? "application/octet-stream" : a.mimeType(), Hashes.sha256(file)));
        }
        artifacts.addAll(launcherArtifacts);
        return new LauncherStore.JobRecord(WireEnum.parse(JobStatus.class, outcome.status()).orElseThrow(), Redactor.standard().redact(outcome.errorSummary()), outcome.summary(),
                outcome.reportMarkdown(), outcome.result(), executor, workerRef, image, null, calls, artifacts, taskRows);
    }
}
