package io.cyberbrain.worker.task.triage;

import static io.cyberbrain.worker.task.triage.TriageTestSupport.append;
import static io.cyberbrain.worker.task.triage.TriageTestSupport.inputs;
import static io.cyberbrain.worker.task.triage.TriageTestSupport.job;
import static io.cyberbrain.worker.task.triage.TriageTestSupport.jobDir;
import static io.cyberbrain.worker.task.triage.TriageTestSupport.readJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cyberbrain.worker.TaskOutcome;

/** The report says where each template was seen: sources with line ranges, example lines, the files' windows. */
@SuppressWarnings("unchecked")
class TriageReportWhereTest {

    @TempDir
    Path tmp;

    private TaskOutcome run(String name, Path logs, Map<String, Object> inputs, Map<String, Object> config) throws Exception {
        return new LogTriageTask().run(job(inputs, config, null), new TriageTestSupport.Ctx(jobDir(tmp, name), logs));
    }

    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    private static Map<String, Object> template(Map<String, Object> result, String containing) {
        return list(result.get("templates")).stream().filter(t -> ((String) t.get("text")).contains(containing))
                .findFirst().orElseThrow(() -> new AssertionError("no template with " + containing + " in " + result.get("templates")));
    }

    private static long num(Object o) {
        return ((Number) o).longValue();
    }

    @Test
    void eachTemplateNamesItsSourcesWithFirstAndLastLineAndRedactedExampleLines() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        TriageTestSupport.fourFormats(logs);

        TaskOutcome o = run("one", logs, inputs("first_run", false), Map.of());

        assertEquals(TaskOutcome.SUCCESS, o.status(), o.errorSummary());
        // app/app.log: 10 INFO lines, three payment errors of six lines each (lines 11, 17, 23), 4 WARN lines: 32
        Map<String, Object> payment = template(o.result(), "Payment failed");
        assertEquals(List.of(Map.of("source", "app/app.log", "kind", "file", "first_line", 11L, "last_line", 23L,
                "count", 3L, "numbered_from", "file")), payment.get("sources"));
        assertEquals(0L, num(payment.get("sources_more")));
        List<Map<String, Object>> examples = list(payment.get("examples"));
        assertEquals(List.of(11L, 17L, 23L), examples.stream().map(e -> num(e.get("line"))).toList());
        for (Map<String, Object> e : examples) {
            String text = (String) e.get("text");
            assertEquals("app/app.log", e.get("source"));
            assertTrue(text.startsWith("2024-05-01 10:05:0"), "the line as written, header included: " + text);
            assertTrue(text.contains("[REDACTED:EMAIL]"), text);
            assertFalse(text.contains("jane.doe@example.com") || text.contains("203.0.113.7"), text);
        }

        Map<String, Object> files = (Map<String, Object>) o.result().get("files");
        Map<String, Object> app = list(files.get("read")).stream().filter(f -> "app/app.log".equals(f.get("source")))
                .findFirst().orElseThrow();
        assertEquals(1L, num(app.get("first_line")));
        assertEquals(32L, num(app.get("last_line")));
        assertEquals(0L, num(app.get("start_byte")));
        assertEquals(Files.size(logs.resolve("app/app.log")), num(app.get("end_byte")));

        String md = o.reportMarkdown();
        assertTrue(md.contains("### Templates to look at"), md);
        assertTrue(md.contains("app/app.log:11–23 (3)"), md);
        assertTrue(md.contains("app/app.log:17: `2024-05-01 10:05:01,456 ERROR"), md);
        assertTrue(md.contains("| app/app.log | file | new | 0–"), md);
    }

    @Test
    void aResumedWindowNumbersItsLinesAsTheFileDoes() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        TriageTestSupport.fourFormats(logs);
        TaskOutcome first = run("first", logs, inputs("first_run", false), Map.of());
        Object cursors = readJson(tmp.resolve("jobs/first").resolve(LogTriageTask.STATE_ARTIFACT)).get("cursors");
        long size = Files.size(logs.resolve("app/app.log"));
        append(logs.resolve("app/app.log"), List.of(
                "2024-05-01 11:00:00,000 ERROR [main] com.example.Disk - Disk full on /var/lib/data",
                "2024-05-01 11:00:01,000 ERROR [main] com.example.Disk - Disk full on /var/lib/data"));

        TaskOutcome second = run("second", logs, inputs("first_run", false, "log_cursors", cursors), Map.of());

        assertEquals(TaskOutcome.SUCCESS, first.status(), first.errorSummary());
        assertEquals(TaskOutcome.SUCCESS, second.status(), second.errorSummary());
        Map<String, Object> disk = template(second.result(), "Disk full");
        assertEquals(List.of(Map.of("source", "app/app.log", "kind", "file", "first_line", 33L, "last_line", 34L,
                "count", 2L, "numbered_from", "file")), disk.get("sources"));
        Map<String, Object> app = list(((Map<String, Object>) second.result().get("files")).get("read")).get(0);
        assertEquals(Map.of("source", "app/app.log", "kind", "file", "mode", "resumed", "start_byte", size,
                "end_byte", Files.size(logs.resolve("app/app.log")), "first_line", 33L, "last_line", 34L, "lines", 2L), app);
        // the new cursor knows how many lines lie before it
        List<Map<String, Object>> next = (List<Map<String, Object>>) readJson(tmp.resolve("jobs/second")
                .resolve(LogTriageTask.STATE_ARTIFACT)).get("cursors");
        assertEquals(34L, num(next.stream().filter(c -> "app/app.log".equals(c.get("source_key"))).findFirst().orElseThrow()
                .get("lines")));
    }

    @Test
    void errorsAndNewTemplatesComeFirstThenByCount() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        TriageTestSupport.fourFormats(logs);
        TaskOutcome probe = run("probe", logs, inputs("first_run", false), Map.of());
        List<Map<String, Object>> all = list(probe.result().get("templates"));
        // everything is known except the cache-size warning (4 entries, fewer than the 12 sshd logins)
        List<String> known = new ArrayList<>();
        all.stream().filter(t -> !((String) t.get("text")).contains("Cache size")).forEach(t -> known.add((String) t.get("hash")));

        TaskOutcome o = run("two", logs, inputs("first_run", false, "known_templates", known), Map.of());

        List<Map<String, Object>> ts = list(o.result().get("templates"));
        int firstNonError = 0;
        while (List.of("error", "fatal").contains(ts.get(firstNonError).get("level"))) {
            firstNonError++;
        }
        assertTrue(firstNonError >= 2, "the errors lead: " + ts);
        assertTrue(ts.subList(firstNonError, ts.size()).stream().noneMatch(t -> List.of("error", "fatal").contains(t.get("level"))));
        for (int i = 1; i < firstNonError; i++) {
            assertTrue(num(ts.get(i - 1).get("count")) >= num(ts.get(i).get("count")), "errors by count: " + ts);
        }
        Map<String, Object> next = ts.get(firstNonError);
        assertTrue(((String) next.get("text")).contains("Cache size"), "the new template follows the errors: " + ts);
        assertEquals(true, next.get("new"));
        assertEquals(false, ts.get(firstNonError + 1).get("new"));
        assertTrue(num(ts.get(firstNonError + 1).get("count")) >= num(ts.get(firstNonError + 2).get("count")));
    }

    @Test
    void aTemplateSeenInManySourcesListsAFewAndCountsTheRest() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        for (int i = 0; i < TemplateSpans.MAX_SOURCES + 4; i++) {
            append(logs.resolve("node" + i + ".log"), List.of(
                    "2024-05-01T10:00:00Z INFO starting",
                    "2024-05-01T10:00:01Z ERROR lost connection to peer 10.0.0." + i));
        }

        TaskOutcome o = run("many", logs, inputs("first_run", false), Map.of());

        Map<String, Object> lost = template(o.result(), "lost connection");
        List<Map<String, Object>> sources = list(lost.get("sources"));
        assertEquals(TemplateSpans.MAX_SOURCES, sources.size());
        assertEquals(4L, num(lost.get("sources_more")));
        assertTrue(sources.stream().allMatch(s -> num(s.get("first_line")) == 2 && num(s.get("last_line")) == 2), sources.toString());
        assertEquals(3, list(lost.get("examples")).size());
        assertTrue(o.reportMarkdown().contains(", +4 more"), o.reportMarkdown());
    }

    @Test
    void aRunScopedToSomeFilesReadsOnlyThose() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        TriageTestSupport.fourFormats(logs);

        TaskOutcome o = run("scoped", logs, inputs("first_run", false),
                Map.of("log_scope", Map.of("files", List.of("svc/*.log"), "containers", List.of())));

        assertEquals(TaskOutcome.SUCCESS, o.status(), o.errorSummary());
        Map<String, Object> files = (Map<String, Object>) o.result().get("files");
        assertEquals(List.of("svc/events.log"), list(files.get("read")).stream().map(f -> f.get("source")).toList());
        assertEquals(8L, num(((Map<String, Object>) o.result().get("totals")).get("entries")));
    }
}
