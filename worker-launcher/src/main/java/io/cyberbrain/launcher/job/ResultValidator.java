package io.cyberbrain.launcher.job;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.cyberbrain.launcher.worker.TaskOutcome;

/**
 * A worker is untrusted input: result.json is checked before anything is recorded. A result that fails
 * here fails the job with the reasons; nothing of it is stored.
 */
public final class ResultValidator {

    static final int MAX_MARKDOWN = 512 * 1024;
    static final int MAX_SUMMARY = 500;
    static final int MAX_LLM_CALLS = 10_000;
    static final Set<String> STATUSES = Set.of(TaskOutcome.SUCCESS, TaskOutcome.FAILED);

    private ResultValidator() {
    }

    public static List<String> problems(TaskOutcome outcome, Path jobDir) {
        List<String> problems = new ArrayList<>();
        if (outcome == null) {
            return List.of("result.json is empty");
        }
        if (outcome.status() == null || !STATUSES.contains(outcome.status())) {
            problems.add("status must be success or failed, was " + outcome.status());
        }
        if (outcome.summary() != null && outcome.summary().length() > MAX_SUMMARY) {
            problems.add("summary longer than " + MAX_SUMMARY + " characters");
        }
        if (outcome.reportMarkdown() != null && outcome.reportMarkdown().length() > MAX_MARKDOWN) {
            problems.add("report longer than " + MAX_MARKDOWN + " characters");
        }
        if (outcome.llmCalls() != null) {
            if (outcome.llmCalls().size() > MAX_LLM_CALLS) {
                problems.add("more than " + MAX_LLM_CALLS + " LLM calls");
            }
            for (TaskOutcome.LlmCallRecord call : outcome.llmCalls()) {
                if (call == null || call.model() == null || call.endpoint() == null) {
                    problems.add("an LLM call without endpoint or model");
                } else if (call.inputTokens() < 0 || call.outputTokens() < 0 || call.durationMs() < 0) {
                    problems.add("an LLM call with negative counts");
                }
            }
        }
        if (outcome.artifacts() != null) {
            Path root = jobDir.toAbsolutePath().normalize();
            for (TaskOutcome.ArtifactRecord artifact : outcome.artifacts()) {
                String problem = artifactProblem(artifact, root);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        return problems;
    }

    /** An artifact must be a regular file inside the job folder, reached without links. */
    static String artifactProblem(TaskOutcome.ArtifactRecord artifact, Path root) {
        if (artifact == null || artifact.path() == null || artifact.path().isBlank()) {
            return "an artifact without a path";
        }
        Path relative = Path.of(artifact.path());
        if (relative.isAbsolute()) {
            return "artifact path is absolute: " + artifact.path();
        }
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            return "artifact path leaves the job folder: " + artifact.path();
        }
        if (file.equals(root.resolve(WorkerLogArtifact.FILE))) {
            return "artifact path " + artifact.path() + " is the launcher's (the worker's own log)";
        }
        for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                return "artifact path goes through a symbolic link: " + artifact.path();
            }
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return "artifact does not exist: " + artifact.path();
        }
        return null;
    }
}
