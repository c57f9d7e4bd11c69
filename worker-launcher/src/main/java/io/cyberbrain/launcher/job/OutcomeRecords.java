package io.cyberbrain.launcher.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cyberbrain.launcher.worker.TaskOutcome;
import io.cyberbrain.redaction.Redactor;

/** Turns a validated worker outcome into the rows the launcher records. */
final class OutcomeRecords {

    private OutcomeRecords() {
    }

    static LauncherStore.JobRecord toRecord(JobContext job, Path jobDir, Path logsRoot, TaskOutcome outcome, String executor,
                                            String workerRef, String image, Map<String, Object> inputs,
                                            List<LauncherStore.ArtifactRow> launcherArtifacts) throws IOException {
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
        boolean serviceMap = "service_map".equals(job.taskKey()) && TaskOutcome.SUCCESS.equals(outcome.status());
        return new LauncherStore.JobRecord(outcome.status(), Redactor.standard().redact(outcome.errorSummary()), outcome.summary(),
                outcome.reportMarkdown(), outcome.result(), executor, workerRef, image, null, calls, artifacts,
                serviceMap ? policies(outcome.result()) : List.of(),
                serviceMap ? containers(inputs) : List.of());
    }

    @SuppressWarnings("unchecked")
    static List<LauncherStore.PolicyRow> policies(Map<String, Object> result) {
        List<LauncherStore.PolicyRow> rows = new ArrayList<>();
        if (result == null || !(result.get("policies") instanceof List<?> list)) {
            return rows;
        }
        for (Object o : list) {
            if (o instanceof Map<?, ?> p && p.get("service") != null && p.get("yaml") != null) {
                List<String> from = p.get("allowed_from") instanceof List<?> f ? f.stream().map(String::valueOf).toList() : List.of();
                rows.add(new LauncherStore.PolicyRow(String.valueOf(p.get("service")),
                        p.get("namespace") == null ? "default" : String.valueOf(p.get("namespace")),
                        p.get("container_id") == null ? null : String.valueOf(p.get("container_id")), from,
                        String.valueOf(p.get("yaml"))));
            }
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> containers(Map<String, Object> inputs) {
        return inputs.get("containers") instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).map(o -> (Map<String, Object>) o).toList()
                : List.of();
    }
}
