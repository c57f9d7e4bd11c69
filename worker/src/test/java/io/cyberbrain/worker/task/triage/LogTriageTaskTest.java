package io.cyberbrain.worker.task.triage;

import static io.cyberbrain.worker.task.triage.TriageTestSupport.END;
import static io.cyberbrain.worker.task.triage.TriageTestSupport.append;
import static io.cyberbrain.worker.task.triage.TriageTestSupport.everything;
import static io.cyberbrain.worker.task.triage.TriageTestSupport.inputs;
import static io.cyberbrain.worker.task.triage.TriageTestSupport.job;
import static io.cyberbrain.worker.task.triage.TriageTestSupport.jobDir;
import static io.cyberbrain.worker.task.triage.TriageTestSupport.readJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cyberbrain.redaction.Redactor;
import io.cyberbrain.worker.JobSpec;
import io.cyberbrain.worker.ProcessWorkerContext;
import io.cyberbrain.worker.TaskOutcome;
import io.cyberbrain.worker.WorkerTask;
import io.cyberbrain.worker.task.triage.mine.TemplateMiner;

@SuppressWarnings("unchecked")
class LogTriageTaskTest {

    @TempDir
    Path tmp;

    private Path logs() throws Exception {
        return Files.createDirectories(tmp.resolve("logs"));
    }

    private TaskOutcome run(String name, Path logs, Map<String, Object> inputs, Map<String, Object> config,
                            Instant start) throws Exception {
        Path dir = jobDir(tmp, name);
        return new LogTriageTask().run(job(inputs, config, start), new TriageTestSupport.Ctx(dir, logs));
    }

    private static List<Map<String, Object>> list(Map<String, Object> result, String key) {
        return (List<Map<String, Object>>) result.get(key);
    }

    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    private static Map<String, Object> normalized(Map<String, Object> m) throws Exception {
        return TriageTestSupport.JSON.readValue(TriageTestSupport.JSON.writeValueAsString(m), Map.class);
    }

    private static long num(Object o) {
        return ((Number) o).longValue();
    }

    @Test
    void fourFormatsGiveTotalsByLevelTopTemplatesJoinedStackTracesAndRedactedSamples() throws Exception {
        Path logs = logs();
        TriageTestSupport.fourFormats(logs);

        TaskOutcome o = run("one", logs, inputs("first_run", false), Map.of(), null);

        assertEquals(TaskOutcome.SUCCESS, o.status(), o.errorSummary());
        Map<String, Object> r = o.result();
        Map<String, Object> totals = map(r, "totals");
        assertEquals(55L, num(totals.get("entries")));
        assertEquals(15L, num(totals.get("continuation_lines")), "the stack traces are joined to their entries");
        Map<String, Object> byLevel = map(totals, "by_level");
        assertEquals(7L, num(byLevel.get("error")));
        assertEquals(10L, num(byLevel.get("warn")));
        assertEquals(18L, num(byLevel.get("info")));
        assertEquals(20L, num(byLevel.get("unknown")));
        Map<String, Object> files = map(r, "files");
        assertEquals(4L, num(files.get("count")));
        assertEquals(70L, num(files.get("lines")));

        List<Map<String, Object>> top = list(r, "top_by_count");
        assertEquals(12L, num(top.get(0).get("count")));
        assertTrue(((String) top.get(0).get("text")).startsWith("Accepted password for"), top.get(0).toString());
        assertEquals(List.of(Map.of("source", "syslog", "kind", "file", "first_line", 1L, "last_line", 12L, "count", 12L,
                "numbered_from", "file")), top.get(0).get("sources"));

        List<Map<String, Object>> severe = list(r, "top_by_severity");
        Map<String, Object> payment = severe.get(0);
        assertEquals("error", payment.get("level"));
        assertEquals(3L, num(payment.get("count")), "one entry per stack trace");
        assertTrue(((String) payment.get("text")).contains("Payment failed"));
        assertEquals(List.of("app/app.log"), ((List<Map<String, Object>>) payment.get("sources")).stream()
                .map(x -> x.get("source")).toList());
        assertEquals("2024-05-01T10:05:00.456Z", payment.get("first_seen"));
        assertEquals("2024-05-01T10:05:02.456Z", payment.get("last_seen"));
        List<String> samples = (List<String>) payment.get("samples");
        assertEquals(3, samples.size());
        for (String s : samples) {
            assertTrue(s.contains("Payment failed"), s);
            assertFalse(s.contains("jane.doe@example.com"), s);
            assertFalse(s.contains("203.0.113.7"), s);
            assertTrue(s.contains("[REDACTED:EMAIL]"), s);
        }
        assertTrue(severe.stream().allMatch(t -> List.of("error", "warn", "fatal").contains(t.get("level"))));
        assertEquals(List.of(3L, 2L, 2L), severe.subList(0, 3).stream().map(t -> num(t.get("count"))).toList());

        // nothing unredacted anywhere: result, report, artifacts
        Path dir = tmp.resolve("jobs/one");
        String all = everything(o, dir);
        assertFalse(all.contains("jane.doe@example.com"));
        assertFalse(all.contains("203.0.113.7"));

        // the state: every template with its hash (of the redacted text) and the cursors
        Map<String, Object> state = readJson(dir.resolve(LogTriageTask.STATE_ARTIFACT));
        List<Map<String, Object>> templates = (List<Map<String, Object>>) state.get("templates");
        assertEquals(num(totals.get("templates")), templates.size());
        assertEquals(55L, templates.stream().mapToLong(t -> num(t.get("count"))).sum());
        for (Map<String, Object> t : templates) {
            assertEquals(TemplateMiner.hashOf((String) t.get("text")), t.get("hash"));
        }
        assertEquals(4, ((List<?>) state.get("cursors")).size());
        assertTrue(readJson(dir.resolve(LogTriageTask.REPORT_ARTIFACT)).equals(normalized(r)), "the report artifact is the result");
        assertEquals(List.of(new TaskOutcome.ArtifactRecord(LogTriageTask.REPORT_ARTIFACT, "report", "application/json"),
                new TaskOutcome.ArtifactRecord(LogTriageTask.STATE_ARTIFACT, "data", "application/json")), o.artifacts());

        // the report
        String md = o.reportMarkdown();
        assertTrue(md.startsWith("## Log triage\n"), md);
        assertTrue(md.contains("| error | 7 |"), md);
        assertTrue(md.contains("`Accepted password for"), md);
        assertTrue(o.llmCalls().isEmpty());
        assertTrue(o.summary().startsWith("55 entries"), o.summary());
        assertTrue(md.contains("No local LLM is configured"), md);
        assertEquals(Map.of("available", false, "requested", false, "reason", "not requested"), r.get("rag"));
    }

    @Test
    void theSecondRunReadsOnlyTheNewLinesAcrossARotation() throws Exception {
        Path logs = logs();
        Path app = logs.resolve("app.log");
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            first.add("2024-05-01 10:00:0" + i + ",000 INFO [main] svc - first batch item " + i + " stored");
        }
        append(app, first);
        TaskOutcome one = run("one", logs, inputs("first_run", false), Map.of(), null);
        assertEquals(5L, num(map(one.result(), "totals").get("entries")));
        Object cursors = readJson(tmp.resolve("jobs/one").resolve(LogTriageTask.STATE_ARTIFACT)).get("cursors");

        append(app, List.of(
                "2024-05-01 11:00:00,000 WARN [main] svc - second batch slow disk sda",
                "2024-05-01 11:00:01,000 WARN [main] svc - second batch slow disk sdb",
                "2024-05-01 11:00:02,000 WARN [main] svc - second batch slow disk sdc"));
        Files.move(app, logs.resolve("app.log.1"));
        append(app, List.of(
                "2024-05-01 11:01:00,000 ERROR [main] svc - after rotation write failed code 5",
                "2024-05-01 11:01:01,000 ERROR [main] svc - after rotation write failed code 7"));

        TaskOutcome two = run("two", logs, inputs("first_run", false, "log_cursors", cursors), Map.of(),
                Instant.parse("2024-05-01T10:30:00Z"));

        assertEquals(TaskOutcome.SUCCESS, two.status(), two.errorSummary());
        Map<String, Object> totals = map(two.result(), "totals");
        assertEquals(5L, num(totals.get("entries")), two.result().toString());
        assertEquals(Map.of("warn", 3, "error", 2), normalized(map(totals, "by_level")));
        String all = TriageTestSupport.JSON.writeValueAsString(two.result());
        assertFalse(all.contains("first batch"), "lines read before are not read again");
        Map<String, Object> state = readJson(tmp.resolve("jobs/two").resolve(LogTriageTask.STATE_ARTIFACT));
        List<Map<String, Object>> cs = (List<Map<String, Object>>) state.get("cursors");
        assertEquals(List.of("app.log", "app.log.1"), cs.stream().map(c -> (String) c.get("source_key")).sorted().toList());

        // and a third run with those cursors reads nothing
        TaskOutcome three = run("three", logs, inputs("first_run", false, "log_cursors", state.get("cursors")),
                Map.of(), END.minus(Duration.ofMinutes(5)));
        assertEquals(0L, num(map(three.result(), "totals").get("entries")));
        assertTrue(three.reportMarkdown().contains("No entries in this window."), three.reportMarkdown());
    }

    @Test
    void aKnownTemplateIsNotNew() throws Exception {
        Path logs = logs();
        TriageTestSupport.fourFormats(logs);
        TaskOutcome one = run("one", logs, inputs("first_run", false), Map.of(), null);
        List<Map<String, Object>> fresh = list(one.result(), "new_templates");
        int total = (int) num(one.result().get("new_templates_total"));
        assertEquals(num(map(one.result(), "totals").get("templates")), total, "nothing known: all are new");
        String known = (String) list(one.result(), "top_by_severity").get(0).get("hash");
        assertTrue(fresh.stream().anyMatch(t -> known.equals(t.get("hash"))));

        TaskOutcome two = run("two", logs, inputs("first_run", false, "known_templates", List.of(known)), Map.of(), null);

        assertEquals(total - 1, num(two.result().get("new_templates_total")));
        assertTrue(list(two.result(), "new_templates").stream().noneMatch(t -> known.equals(t.get("hash"))));
        assertTrue(two.reportMarkdown().contains("### New templates"));

        // a first run reports no template as new
        TaskOutcome first = run("first", logs, inputs("first_run", true), Map.of(), null);
        assertEquals(0L, num(first.result().get("new_templates_total")));
        assertTrue(first.reportMarkdown().contains("First triage"), first.reportMarkdown());
    }

    @Test
    void aRateSpikeAgainstTheBaselineIsReported() throws Exception {
        Path logs = logs();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            lines.add(String.format("2024-05-01 11:%02d:%02d,000 ERROR [io] store - disk write to volume vol%d failed", i / 60 + 10,
                    i % 60, i));
        }
        for (int i = 0; i < 30; i++) {
            lines.add(String.format("2024-05-01 11:%02d:00,000 INFO [http] api - served request %d", 20 + i, i));
        }
        append(logs.resolve("app.log"), lines);
        Instant start = END.minus(Duration.ofHours(1));
        TaskOutcome probe = run("probe", logs, inputs("first_run", false), Map.of(), start);
        Map<String, String> hashes = list(probe.result(), "top_by_count").stream()
                .collect(Collectors.toMap(t -> (String) t.get("text"), t -> (String) t.get("hash")));
        String disk = hashes.entrySet().stream().filter(e -> e.getKey().contains("disk write")).findFirst().orElseThrow().getValue();
        String served = hashes.entrySet().stream().filter(e -> e.getKey().contains("served request")).findFirst().orElseThrow().getValue();
        assertTrue(list(probe.result(), "spikes").isEmpty());
        assertTrue(probe.reportMarkdown().contains("No baselines yet"), probe.reportMarkdown());

        // before: 10 per hour for the disk errors, 30 per hour for the requests (as now)
        List<Map<String, Object>> diskBase = List.of(
                window("2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z", 10),
                window("2024-05-01T08:00:00Z", "2024-05-01T10:00:00Z", 20));
        List<Map<String, Object>> servedBase = List.of(window("2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z", 30));
        TaskOutcome o = run("spike", logs, inputs("first_run", false, "template_baselines",
                Map.of(disk, diskBase, served, servedBase)), Map.of(), start);

        List<Map<String, Object>> spikes = list(o.result(), "spikes");
        assertEquals(1, spikes.size(), spikes.toString());
        Map<String, Object> s = spikes.get(0);
        assertEquals(disk, s.get("hash"));
        assertEquals(120L, num(s.get("count")));
        assertEquals(10.0, ((Number) s.get("baseline_per_hour")).doubleValue(), 1e-9);
        assertEquals(120.0, ((Number) s.get("current_per_hour")).doubleValue(), 1e-9);
        assertEquals(12.0, ((Number) s.get("factor")).doubleValue(), 1e-9);
        assertTrue(o.reportMarkdown().contains("| 12.00x |"), o.reportMarkdown());
        assertTrue(((List<String>) o.result().get("summary")).stream().anyMatch(x -> x.contains("1 template spiked")));

        // a higher factor than observed: no spike
        TaskOutcome calm = run("calm", logs, inputs("first_run", false, "template_baselines",
                Map.of(disk, diskBase)), Map.of("triage.spike_factor", 15), start);
        assertTrue(list(calm.result(), "spikes").isEmpty());
    }

    private static Map<String, Object> window(String start, String end, int count) {
        return Map.of("window_start", start, "window_end", end, "line_count", count);
    }

    @Test
    void aFirstRunReadsOnlyTheTailOfEachFile() throws Exception {
        Path logs = logs();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            lines.add(String.format("2024-05-01 10:%02d:%02d,000 INFO [main] job - step %05d done", (i / 60) % 60, i % 60, i));
        }
        append(logs.resolve("big.log"), lines);
        long lineBytes = lines.get(0).length() + 1;

        TaskOutcome o = run("tail", logs, inputs("first_run", true), Map.of("logs.first_run_tail_bytes", 4096), null);

        Map<String, Object> files = map(o.result(), "files");
        long read = num(files.get("lines"));
        assertTrue(read > 0 && read <= 4096 / lineBytes + 1, "lines read: " + read);
        assertTrue(num(files.get("bytes")) <= 4096);
        assertEquals(read, num(map(o.result(), "totals").get("entries")));
        assertEquals(Boolean.TRUE, o.result().get("first_run"));
        String all = TriageTestSupport.JSON.writeValueAsString(o.result());
        assertFalse(all.contains("step 00000"), "the head of the file is not read");
    }

    @Test
    void aPublicLlmEndpointIsRefusedAndTheTriageStillSucceeds() throws Exception {
        Path logs = logs();
        TriageTestSupport.fourFormats(logs);

        TaskOutcome o = run("llm", logs, inputs("first_run", false),
                Map.of("llm.endpoint", "http://8.8.8.8:11434", "llm.model", "qwen2.5:7b"), null);

        assertEquals(TaskOutcome.SUCCESS, o.status(), o.errorSummary());
        assertTrue(o.llmCalls().isEmpty(), "nothing was sent, nothing recorded");
        Map<String, Object> c = map(o.result(), "classification");
        assertEquals(false, c.get("enabled"));
        assertNotNull(c.get("refused"));
        assertTrue(o.reportMarkdown().contains("The LLM endpoint was refused"), o.reportMarkdown());
        assertFalse(o.reportMarkdown().contains("\tat "), "no stack trace");
        assertTrue(list(o.result(), "top_by_count").stream().noneMatch(t -> t.containsKey("classification")));
    }

    @Test
    void anUnusableLlmConfigurationIsReportedAndTheTriageStillSucceeds() throws Exception {
        Path logs = logs();
        TriageTestSupport.fourFormats(logs);
        TaskOutcome o = run("llm", logs, inputs("first_run", false), Map.of("llm.endpoint", "http://127.0.0.1:1"), null);
        assertEquals(TaskOutcome.SUCCESS, o.status());
        assertTrue(((String) map(o.result(), "classification").get("error")).contains("llm.model"));
        assertTrue(o.llmCalls().isEmpty());
    }

    @Test
    void withoutALogsRootNothingIsReadAndTheCursorsAreKept() throws Exception {
        List<Map<String, Object>> cursors = List.of(Map.of("source_key", "a.log", "device", 1, "inode", 2, "offset", 10,
                "file_size", 10, "head_sha256", "00"));
        TaskOutcome o = run("none", null, inputs("first_run", false, "log_cursors", cursors, "use_rag", true), Map.of(), null);

        assertEquals(TaskOutcome.SUCCESS, o.status(), o.errorSummary());
        assertTrue(((String) map(o.result(), "files").get("note")).contains("CYBER_BRAIN_LOGS"));
        assertTrue(o.reportMarkdown().contains("no log file was read"), o.reportMarkdown());
        assertEquals(true, map(o.result(), "rag").get("requested"), "the launcher adds the passages afterwards");
        assertEquals(false, map(o.result(), "rag").get("available"));
        Map<String, Object> state = readJson(tmp.resolve("jobs/none").resolve(LogTriageTask.STATE_ARTIFACT));
        assertEquals(1, ((List<?>) state.get("cursors")).size(), "the cursors stay as they were");
    }

    @Test
    void aMissingLogsRootFailsTheRun() throws Exception {
        TaskOutcome o = run("gone", tmp.resolve("not-there"), inputs("first_run", false), Map.of(), null);
        assertEquals(TaskOutcome.FAILED, o.status());
        assertTrue(o.reportMarkdown().startsWith("## Log triage"));
    }

    @Test
    void badConfigFailsWithTheKeyNamed() throws Exception {
        TaskOutcome o = run("bad", logs(), inputs(), Map.of("triage.top_n", "lots"), null);
        assertEquals(TaskOutcome.FAILED, o.status());
        assertTrue(o.errorSummary().contains("triage.top_n"), o.errorSummary());
        TaskOutcome escape = run("bad2", logs(), inputs("container_logs_dir", "../elsewhere"), Map.of(), null);
        assertEquals(TaskOutcome.FAILED, escape.status());
    }

    @Test
    void containerLogsInTheJobFolderAreReadAsTheirOwnSources() throws Exception {
        Path dir = jobDir(tmp, "ctr");
        append(dir.resolve("container-logs/web.log"), List.of(
                "2024-05-01T11:00:00Z ERROR upstream connect failed to backend",
                "2024-05-01T11:00:01Z ERROR upstream connect failed to backend"));
        TaskOutcome o = new LogTriageTask().run(job(inputs("first_run", false, "container_logs_dir", "container-logs"),
                Map.of(), null), new TriageTestSupport.Ctx(dir, null));
        assertEquals(TaskOutcome.SUCCESS, o.status(), o.errorSummary());
        Map<String, Object> files = map(o.result(), "files");
        assertEquals(1L, num(files.get("container_logs")));
        assertEquals(2L, num(map(o.result(), "totals").get("entries")));
        assertEquals(List.of(Map.of("source", "container:web", "kind", "container", "first_line", 1L, "last_line", 2L,
                "count", 2L, "numbered_from", "file")), list(o.result(), "top_by_count").get(0).get("sources"));
    }

    @Test
    void templatesInTheReportAreTableSafe() {
        assertEquals("`a \\| b 'x' c`", TriageMarkdown.code("a | b `x`\nc"));
        assertEquals("(empty)", TriageMarkdown.code(""));
    }

    @Test
    void pipelinedAndSequentialMiningAgree() throws Exception {
        Path logs = logs();
        TriageTestSupport.fourFormats(logs);
        JobSpec job = job(inputs("first_run", false), Map.of(), null);
        TaskOutcome a = new LogTriageTask(Redactor.standard(), true).run(job, new TriageTestSupport.Ctx(jobDir(tmp, "a"), logs));
        TaskOutcome b = new LogTriageTask(Redactor.standard(), false).run(job, new TriageTestSupport.Ctx(jobDir(tmp, "b"), logs));
        assertTrue(a.result().equals(b.result()), "the same result either way");
    }

    @Test
    void theTaskIsRegisteredAndTheLogsRootComesFromTheEnvironment() {
        assertTrue(ServiceLoader.load(WorkerTask.class).stream().anyMatch(p -> p.type() == LogTriageTask.class));
        assertEquals(Path.of("/logs"), ProcessWorkerContext.logsDirFrom(Map.of("CYBER_BRAIN_LOGS", "/logs")));
        assertNull(ProcessWorkerContext.logsDirFrom(Map.of()));
        assertNull(ProcessWorkerContext.logsDirFrom(Map.of("CYBER_BRAIN_LOGS", " ")));
    }
}
