package io.cyberbrain.launcher.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.run.JobStatus;

/**
 * A run's combined report, Markdown and JSON: a section per task; for a run whose jobs ran on several hosts (a fan-out),
 * a section per host holding that host's task sections, and in the JSON each task's results merged across hosts by its
 * {@link TaskSide} (the service map: one map, the host in each node) next to each host's own.
 */
final class CombinedReport {

    private final LauncherStore.RunHeader run;
    private final String status;
    private final List<LauncherStore.JobState> jobs;
    private final Function<String, TaskSide> sides;
    private final boolean perHost;

    CombinedReport(LauncherStore.RunHeader run, String status, List<LauncherStore.JobState> jobs,
                   Function<String, TaskSide> sides) {
        this.run = run;
        this.status = status;
        this.sides = sides;
        List<LauncherStore.JobState> ordered = new ArrayList<>(jobs);
        ordered.sort(Comparator.comparing(LauncherStore.JobState::hostLabel).thenComparingInt(CombinedReport::taskOrder));
        this.perHost = run.fannedOut() || jobs.stream().map(LauncherStore.JobState::hostLabel).distinct().count() > 1;
        if (!perHost) {
            ordered.sort(Comparator.comparingInt(CombinedReport::taskOrder));
        }
        this.jobs = ordered;
    }

    private static int taskOrder(LauncherStore.JobState job) {
        return TaskKey.parse(job.taskKey()).map(Enum::ordinal).orElse(Integer.MAX_VALUE);
    }

    String markdown(long tokens) {
        StringBuilder md = new StringBuilder();
        md.append("# Run ").append(run.id()).append(": ").append(status).append("\n\n");
        md.append("- Directive: ").append(run.directive().getOrDefault("name", "?")).append(" (version ")
                .append(run.directive().getOrDefault("version", "?")).append(")\n");
        md.append("- Trigger: ").append(run.trigger()).append('\n');
        md.append("- Tasks: ");
        md.append(String.join(", ", jobs.stream().map(j -> j.taskKey() + (perHost ? " on " + j.hostLabel() : "") + " "
                + j.status().wire()).toList())).append('\n');
        if (!perHost && jobs.stream().anyMatch(j -> j.hostName() != null)) {
            md.append("- Host: ").append(jobs.get(0).hostLabel()).append('\n');
        }
        md.append("- LLM tokens: ").append(tokens).append('\n');
        if (run.startedAt() != null) {
            md.append("- Started: ").append(run.startedAt()).append('\n');
        }
        String host = null;
        for (LauncherStore.JobState job : jobs) {
            if (perHost && !job.hostLabel().equals(host)) {
                host = job.hostLabel();
                md.append("\n## Host ").append(host).append('\n');
            }
            md.append('\n');
            md.append(perHost ? demoted(section(job)) : section(job));
        }
        return md.toString();
    }

    private static String section(LauncherStore.JobState job) {
        if (job.reportMarkdown() != null && !job.reportMarkdown().isBlank() && job.status() == JobStatus.SUCCESS) {
            return job.reportMarkdown().strip() + "\n";
        }
        return "## " + job.taskKey() + ": " + job.status().wire() + "\n\n"
                + (job.errorSummary() == null ? "No report." : job.errorSummary()) + "\n";
    }

    /** Every heading one level down (outside code fences), so that a task's sections sit under its host's. */
    static String demoted(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```") || line.startsWith("~~~")) {
                fenced = !fenced;
            }
            out.append(!fenced && line.startsWith("#") ? "#" + line : line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    Map<String, Object> json(long input, long output) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run_id", run.id());
        json.put("status", status);
        json.put("directive", Map.of("name", run.directive().getOrDefault("name", ""), "version", run.directive().getOrDefault("version", 0)));
        json.put("tokens", Map.of("prompt_tokens", input, "completion_tokens", output, "total_tokens", input + output));
        if (!perHost) {
            Map<String, Object> tasks = new LinkedHashMap<>();
            jobs.forEach(job -> tasks.put(job.taskKey(), task(job)));
            json.put("tasks", tasks);
            return json;
        }
        Map<String, Map<String, LauncherStore.JobState>> byTask = new LinkedHashMap<>();
        Map<String, Object> hosts = new LinkedHashMap<>();
        for (LauncherStore.JobState job : jobs) {
            byTask.computeIfAbsent(job.taskKey(), k -> new LinkedHashMap<>()).put(job.hostLabel(), job);
            @SuppressWarnings("unchecked")
            Map<String, Object> hostTasks = (Map<String, Object>) ((Map<String, Object>) hosts
                    .computeIfAbsent(job.hostLabel(), h -> new LinkedHashMap<>(Map.of("tasks", new LinkedHashMap<>()))))
                    .get("tasks");
            hostTasks.put(job.taskKey(), task(job));
        }
        Map<String, Object> tasks = new LinkedHashMap<>();
        byTask.entrySet().stream().sorted(Comparator.comparingInt(e -> TaskKey.parse(e.getKey()).map(Enum::ordinal)
                .orElse(Integer.MAX_VALUE))).forEach(e -> tasks.put(e.getKey(), merged(e.getKey(), e.getValue())));
        json.put("tasks", tasks);
        json.put("hosts", hosts);
        return json;
    }

    private static Map<String, Object> task(LauncherStore.JobState job) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("status", job.status().wire());
        task.put("summary", job.summary());
        task.put("error_summary", job.errorSummary());
        task.put("result", job.result());
        return task;
    }

    /** One task across hosts: succeeded only if it did everywhere; summaries and errors by host; results merged. */
    private Map<String, Object> merged(String taskKey, Map<String, LauncherStore.JobState> byHost) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("status", byHost.values().stream().map(LauncherStore.JobState::status).filter(s -> s != JobStatus.SUCCESS)
                .findFirst().orElse(JobStatus.SUCCESS).wire());
        task.put("summary", joined(byHost, LauncherStore.JobState::summary));
        task.put("error_summary", joined(byHost, LauncherStore.JobState::errorSummary));
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        byHost.forEach((host, job) -> {
            if (job.result() != null && !job.result().isEmpty()) {
                results.put(host, job.result());
            }
        });
        task.put("result", sides.apply(taskKey).merge(results));
        task.put("hosts", List.copyOf(byHost.keySet()));
        return task;
    }

    private static String joined(Map<String, LauncherStore.JobState> byHost, Function<LauncherStore.JobState, String> value) {
        List<String> parts = new ArrayList<>();
        byHost.forEach((host, job) -> {
            String v = value.apply(job);
            if (v != null && !v.isBlank()) {
                parts.add(host + ": " + v);
            }
        });
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /** The run's error line: each job that did not succeed, with its host when the run ran on several. */
    String errors() {
        return jobs.stream().filter(j -> j.status() != JobStatus.SUCCESS)
                .map(j -> j.taskKey() + (perHost ? " on " + j.hostLabel() : "") + ": "
                        + (j.errorSummary() == null ? j.status().wire() : j.errorSummary()))
                .reduce((a, b) -> a + "; " + b).orElse(null);
    }
}
