package io.cyberbrain.launcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.run.JobStatus;
import io.cyberbrain.model.run.RunStatus;

/** The combined report of a run: by task, or for a run that fanned out over hosts, a section per host. */
class CombinedReportTest {

    static final TaskSide GPU = new TaskSide() {
        @Override
        public TaskKey key() {
            return TaskKey.GPU_REPORT;
        }

        @Override
        public Map<String, Object> inputs(JobContext job, Path jobDir, Window window) {
            return Map.of();
        }
    };

    @Test
    void aFannedOutRunHasOneSectionPerHostAndEachHostsResult() {
        var run = header(Map.of("all", true));
        var a = job(1, "gpu-a", JobStatus.SUCCESS, "## GPU report\n\n### GPU 0\n```\n# not a heading\n```\n", Map.of("gpus", 1));
        var b = job(2, "gpu-b", JobStatus.SUCCESS, "## GPU report\n\nTwo GPUs.\n", Map.of("gpus", 2));
        CombinedReport report = new CombinedReport(run, "success", List.of(b, a), k -> GPU);

        String md = report.markdown(0);
        assertTrue(md.indexOf("## Host gpu-a") < md.indexOf("## Host gpu-b"), md);
        assertTrue(md.contains("## Host gpu-a\n\n### GPU report\n\n#### GPU 0\n```\n# not a heading\n```"), md);
        assertTrue(md.contains("- Tasks: gpu_report on gpu-a success, gpu_report on gpu-b success"), md);

        Map<String, Object> json = report.json(0, 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> task = (Map<String, Object>) ((Map<String, Object>) json.get("tasks")).get("gpu_report");
        assertEquals("success", task.get("status"));
        assertEquals(List.of("gpu-a", "gpu-b"), task.get("hosts"));
        assertEquals(Map.of("hosts", Map.of("gpu-a", Map.of("gpus", 1), "gpu-b", Map.of("gpus", 2))), task.get("result"));
        assertEquals(Map.of("gpu-a", Map.of("tasks", Map.of("gpu_report", Map.of("status", "success", "summary", "ok",
                "result", Map.of("gpus", 1)))), "gpu-b", Map.of("tasks", Map.of("gpu_report", Map.of("status", "success",
                "summary", "ok", "result", Map.of("gpus", 2))))), withoutNulls(json.get("hosts")));
    }

    @Test
    void aHostThatFailedFailsTheTaskAndIsNamedInTheErrors() {
        var a = job(1, "gpu-a", JobStatus.SUCCESS, "## GPU report\n", Map.of());
        var b = job(2, null, JobStatus.FAILED, null, null);
        CombinedReport report = new CombinedReport(header(Map.of("all", true)), "failed", List.of(a, b), k -> GPU);
        assertTrue(report.markdown(0).contains("## Host gpu-b\n\n### gpu_report: failed\n\nno host"), report.markdown(0));
        assertEquals("gpu_report on gpu-b: no host", report.errors());
    }

    @Test
    void aRunOnOneHostKeepsOneSectionPerTask() {
        var a = job(1, "solo", JobStatus.SUCCESS, "## GPU report\n", Map.of("gpus", 1));
        CombinedReport report = new CombinedReport(header(Map.of()), "success", List.of(a), k -> GPU);
        String md = report.markdown(0);
        assertFalse(md.contains("## Host"), md);
        assertTrue(md.contains("- Host: solo\n"), md);
        assertTrue(md.contains("\n## GPU report\n"), md);
        assertFalse(report.json(0, 0).containsKey("hosts"));
    }

    private static LauncherStore.RunHeader header(Map<String, Object> target) {
        return new LauncherStore.RunHeader(7, RunStatus.RUNNING, "api", Map.of("name", "D2", "version", 1), Instant.EPOCH, null,
                false, target);
    }

    /** A job that ran on {@code host}, or that was meant for gpu-b and failed before any host took it (host null). */
    private static LauncherStore.JobState job(long id, String host, JobStatus status, String md, Map<String, Object> result) {
        return new LauncherStore.JobState(id, "gpu_report", status, 0, 0, status == JobStatus.SUCCESS ? "ok" : null, md, result,
                status == JobStatus.SUCCESS ? null : "no host", host, host == null ? "gpu-b" : host);
    }

    @SuppressWarnings("unchecked")
    private static Object withoutNulls(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (v != null) {
                    out.put(String.valueOf(k), withoutNulls(v));
                }
            });
            return out;
        }
        return o;
    }
}
