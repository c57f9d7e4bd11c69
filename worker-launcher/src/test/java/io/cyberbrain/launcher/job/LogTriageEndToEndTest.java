package io.cyberbrain.launcher.job;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.launcher.TestRuns;
import io.cyberbrain.model.config.PathsConfig;
import io.cyberbrain.model.run.LaunchRequest;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.RunTrigger;
import io.cyberbrain.rag.embed.MiniLmEmbedder;
import io.cyberbrain.rag.embed.VectorCodec;
import io.cyberbrain.llm.FakeOpenAiServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Log triage through the launcher: real files under CYBER_BRAIN_LOGS, a real worker process, the state kept in
 * Postgres between runs. Rotation between two runs: the second reports only the new lines and only the template
 * that is new. And the local LLM: its answer shapes the report only as vocabulary values; a canary in its answer
 * and the prompt's instruction text end up nowhere.
 */
@QuarkusTest
class LogTriageEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String INSTRUCTION = "You classify log message templates";

    @Inject
    RunLaunchService launches;
    @Inject
    AgroalDataSource ds;
    @Inject
    PathsConfig paths;

    private final String tag = letters();
    private String defaultConfigBefore;

    @AfterEach
    void restoreJobConfig() throws Exception {
        if (defaultConfigBefore != null) {
            TestRuns.execute(ds, "update job set default_config = '" + defaultConfigBefore.replace("'", "''")
                    + "'::jsonb where task_key = 'log_triage'");
        }
    }

    /** A word of letters only, so the miner keeps it as a constant and the templates are this test's own. */
    private static String letters() {
        StringBuilder b = new StringBuilder("zq");
        for (char c : UUID.randomUUID().toString().replaceAll("[^a-f]", "").toCharArray()) {
            b.append((char) ('g' + (c - 'a')));
        }
        return b.toString();
    }

    private long launchTriage() throws Throwable {
        return launchTriage(false);
    }

    private long launchTriage(boolean useRag) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> launches.launch(new LaunchRequest(List.of("log_triage"), null, null,
                useRag, null, RunTrigger.API, "test", null))).run().id;
    }

    private JsonNode awaitResult(long run) throws Exception {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String s = TestRuns.string(ds, "select status from run where id = " + run);
            return !s.equals("pending") && !s.equals("running");
        });
        assertEquals("success", TestRuns.string(ds, "select status from run where id = " + run),
                TestRuns.string(ds, "select error_summary from run_job where run_id = " + run));
        return JSON.readTree(TestRuns.string(ds, "select result_json::text from run_job where run_id = " + run));
    }

    private static String line(String time, String level, String message) {
        return "2027-05-01 " + time + ",123 " + level + " [main] com.example.Store - " + message + "\n";
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static Set<String> newTemplateTexts(JsonNode result) {
        Set<String> texts = new java.util.HashSet<>();
        result.path("new_templates").forEach(t -> texts.add(t.path("text").asText()));
        return texts;
    }

    @Test
    void theSecondRunAfterRotationReportsOnlyTheNewLinesAndTheNewTemplate() throws Throwable {
        Path dir = Files.createDirectories(paths.logs().resolve("hosts").resolve(tag));
        Path app = dir.resolve("app.log");
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            first.append(line("10:00:0" + i, "INFO", tag + " opened volume vol" + i + " in " + (10 + i) + " ms"));
            first.append(line("10:00:1" + i, "WARN", tag + " slow flush of segment " + (400 + i) + " took " + (900 + i) + " ms"));
        }
        append(app, first.toString());

        JsonNode run1 = awaitResult(launchTriage());
        assertTrue(run1.path("totals").path("entries").asLong() >= 12, run1.path("totals").toString());

        // More lines, then logrotate: the file is renamed and a new one started.
        append(app, line("11:00:00", "WARN", tag + " slow flush of segment 77 took 1200 ms")
                + line("11:00:01", "ERROR", tag + " replica lagging behind primary by 42 entries"));
        Files.move(app, dir.resolve("app.log.1"));
        append(app, line("11:05:00", "INFO", tag + " opened volume vol9 in 12 ms")
                + line("11:05:01", "ERROR", tag + " replica lagging behind primary by 43 entries"));

        long id2 = launchTriage();
        JsonNode run2 = awaitResult(id2);
        assertEquals(4, run2.path("totals").path("entries").asLong(), "only the four new lines: " + run2.path("files"));
        assertEquals(2, run2.path("totals").path("by_level").path("error").asLong(), run2.path("totals").toString());
        Set<String> fresh = newTemplateTexts(run2).stream().filter(t -> t.contains(tag)).collect(Collectors.toSet());
        assertEquals(1, fresh.size(), "exactly one new template: " + fresh);
        assertTrue(fresh.iterator().next().contains("replica lagging behind primary by"), fresh.toString());

        // where: the rotated file from its line 13 (its cursor knew 12 lines), the new file from its line 1
        String rotated = "hosts/" + tag + "/app.log.1";
        String current = "hosts/" + tag + "/app.log";
        Map<String, JsonNode> read = new java.util.HashMap<>();
        run2.path("files").path("read").forEach(f -> read.put(f.path("source").asText(), f));
        assertEquals(13, read.get(rotated).path("first_line").asLong(), run2.path("files").toString());
        assertEquals(14, read.get(rotated).path("last_line").asLong());
        assertEquals(1, read.get(current).path("first_line").asLong());
        assertEquals(2, read.get(current).path("last_line").asLong());
        JsonNode replica = null;
        for (JsonNode t : run2.path("templates")) {
            if (t.path("text").asText().contains(tag + " replica lagging")) {
                replica = t;
            }
        }
        assertTrue(replica != null && replica.path("new").asBoolean(), run2.path("templates").toString());
        assertEquals(rotated + ":14-14," + current + ":2-2", sourcesOf(replica), replica.toString());
        assertEquals(2, replica.path("examples").size());
        assertEquals(14, replica.path("examples").get(0).path("line").asLong());
        assertTrue(replica.path("examples").get(0).path("text").asText().startsWith("2027-05-01 11:00:01,123 ERROR"),
                replica.toString());
        assertTrue(TestRuns.string(ds, "select report_markdown from run_job where run_id = " + id2)
                .contains(rotated + ":14 (1)"), "the Markdown names the source and line too");

        JsonNode run3 = awaitResult(launchTriage());
        assertEquals(0, run3.path("totals").path("entries").asLong(), "nothing new, nothing read twice");
    }

    private static String sourcesOf(JsonNode template) {
        List<String> out = new java.util.ArrayList<>();
        template.path("sources").forEach(s -> out.add(s.path("source").asText() + ":" + s.path("first_line").asLong() + "-"
                + s.path("last_line").asLong()));
        return String.join(",", out);
    }

    @Test
    void withUseRagTheReportNamesTheRunbookPassagesOfTheTopTemplatesWithASnippetButNotTheirText() throws Throwable {
        String replicaText = "When a replica is lagging behind the primary, check the replication slot and the network "
                + "between the two database hosts. Restart the replica only after the primary's write load is known.";
        long replicaDoc = libraryDocument("Replica lag runbook " + tag, replicaText);
        libraryDocument("Printer toner runbook " + tag, "Replace the toner cartridge of the office printer when "
                + "the page comes out faint; recycle the old cartridge.");
        Path dir = Files.createDirectories(paths.logs().resolve("hosts").resolve(tag + "rag"));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            lines.append(line("12:00:0" + i, "ERROR", tag + " replica lagging behind primary by " + (50 + i) + " entries"));
        }
        append(dir.resolve("db.log"), lines.toString());

        long run = launchTriage(true);
        JsonNode result = awaitResult(run);

        JsonNode rag = result.path("rag");
        assertTrue(rag.path("available").asBoolean(), rag.toString());
        String ours = null;
        for (JsonNode t : result.path("top_by_severity")) {
            if (t.path("text").asText().contains(tag + " replica lagging")) {
                ours = t.path("hash").asText();
            }
        }
        JsonNode best = null;
        for (JsonNode m : rag.path("matches")) {
            if (m.path("template_hash").asText().equals(ours)) {
                best = m.path("passages").get(0);
            }
        }
        assertTrue(best != null, "our template was looked up: " + rag);
        assertEquals(replicaDoc, best.path("document_id").asLong(), rag.toString());
        assertEquals("Replica lag runbook " + tag, best.path("document_title").asText());
        assertTrue(best.path("similarity").asDouble() > 0.3, "close in meaning: " + best);
        assertFalse(rag.toString().contains("Printer toner runbook"), "an unrelated passage is left out: " + rag);

        String report = TestRuns.string(ds, "select report_markdown from run_job where run_id = " + run);
        assertTrue(report.contains("### Runbook passages") && report.contains("Replica lag runbook " + tag), report);
        assertTrue(report.contains("check the replication slot") && report.contains("(/api/rag/documents/" + replicaDoc + ")"),
                "a snippet and the document's link: " + report);
        assertEquals("When a replica is lagging behind the primary, check the replication slot and the network between the "
                + "two database hosts.", best.path("snippet").asText());
        assertFalse(report.contains("Restart the replica only after"), "a snippet, not the passage");
        assertFalse(result.toString().contains("Restart the replica only after"), "a snippet, not the passage");
        int looked = rag.path("matches").size();
        assertEquals(String.valueOf(looked), TestRuns.string(ds, "select count(*) from retrieval_event where source = 'triage'"
                + " and run_id = " + run + " and length(query_sha256) = 64"), "one event per query, with its hash");
    }

    /** A ready document of the library with one chunk and its real MiniLM embedding. */
    private long libraryDocument(String title, String text) throws Exception {
        float[] vector;
        try (MiniLmEmbedder embedder = new MiniLmEmbedder()) {
            vector = embedder.embed(text);
        }
        String sha = Hashes.sha256((title + text).getBytes(StandardCharsets.UTF_8));
        long upload = Long.parseLong(TestRuns.string(ds, "insert into upload_file (original_name, stored_name, sha256, size_bytes,"
                + " mime_type, status, created_at, updated_at) values ('" + title + ".md', '" + sha + "', '" + sha + "', "
                + text.length() + ", 'text/markdown', 'ready', now(), now()) returning id"));
        long document = Long.parseLong(TestRuns.string(ds, "insert into document (upload_id, title, mime_type, chunk_count,"
                + " created_at) values (" + upload + ", '" + title + "', 'text/markdown', 1, now()) returning id"));
        long chunk = Long.parseLong(TestRuns.string(ds, "insert into chunk (document_id, chunk_index, chunk_text, start_offset,"
                + " end_offset, word_count) values (" + document + ", 0, '" + text.replace("'", "''") + "', 0, " + text.length()
                + ", " + text.split("\\s+").length + ") returning id"));
        try (Connection c = ds.getConnection(); PreparedStatement insert = c.prepareStatement(
                "insert into embedding (chunk_id, model, dimensions, vector, created_at) values (?, ?, ?, ?, now())")) {
            insert.setLong(1, chunk);
            insert.setString(2, MiniLmEmbedder.MODEL_ID);
            insert.setInt(3, MiniLmEmbedder.DIMENSIONS);
            insert.setBytes(4, VectorCodec.encode(vector));
            insert.executeUpdate();
        }
        return document;
    }

    @Test
    void theLlmShapesTheReportOnlyWithVocabularyValuesAndItsWordsAreStoredNowhere() throws Throwable {
        String canary = "CANARY" + letters().toUpperCase();
        Path dir = Files.createDirectories(paths.logs().resolve("hosts").resolve(tag));
        append(dir.resolve("db.log"), line("12:00:00", "ERROR", tag + " disk quota exceeded on pool tank")
                + line("12:00:01", "ERROR", tag + " disk quota exceeded on pool tank"));
        try (FakeOpenAiServer llm = new FakeOpenAiServer()) {
            llm.completion("{\"classifications\":[{\"id\":1,\"category\":\"storage\",\"severity\":\"high\"},"
                    + "{\"id\":2,\"category\":\"" + canary + "\",\"severity\":\"low\"}]}", 321, 45);
            defaultConfigBefore = TestRuns.string(ds, "select default_config::text from job where task_key = 'log_triage'");
            TestRuns.execute(ds, "update job set default_config = default_config || '{\"llm.endpoint\": \"" + llm.baseUrl()
                    + "\", \"llm.model\": \"test-model\", \"llm.max_templates\": 2}'::jsonb where task_key = 'log_triage'");

            long run = launchTriage();
            JsonNode result = awaitResult(run);

            assertTrue(llm.requestCount() >= 1, "the local LLM was asked");
            assertTrue(result.path("classification").path("classified").asInt() >= 1, result.path("classification").toString());
            assertTrue(result.path("classification").path("discarded").asInt() >= 1, "the canary answer was discarded");
            assertEquals("321|45|366|true", TestRuns.string(ds, "select input_tokens || '|' || output_tokens || '|' || total_tokens"
                    + " || '|' || success from llm_call where run_id = " + run + " order by id limit 1"));

            for (String secret : List.of(canary, INSTRUCTION)) {
                assertFalse(databaseDump().contains(secret), secret + " is in the database");
                assertFalse(filesUnder(paths.logs()).contains(secret), secret + " is under CYBER_BRAIN_LOGS");
                Path serviceLog = Path.of("target/quarkus-test.log");
                assertFalse(Files.exists(serviceLog) && Files.readString(serviceLog).contains(secret), secret + " is in the service log");
            }
        }
    }

    @Test
    void aPublicLlmEndpointIsRefusedAndTheTriageStillSucceeds() throws Throwable {
        Path dir = Files.createDirectories(paths.logs().resolve("hosts").resolve(tag));
        append(dir.resolve("web.log"), line("13:00:00", "ERROR", tag + " upstream timed out"));
        defaultConfigBefore = TestRuns.string(ds, "select default_config::text from job where task_key = 'log_triage'");
        TestRuns.execute(ds, "update job set default_config = default_config || '{\"llm.endpoint\": \"http://8.8.8.8:11434\","
                + " \"llm.model\": \"test-model\"}'::jsonb where task_key = 'log_triage'");

        long run = launchTriage();
        JsonNode result = awaitResult(run);

        // The reason names the address, redacted like every IP in what the product stores.
        assertTrue(result.path("classification").path("refused").asText().contains("resolves to public address"),
                result.path("classification").toString());
        assertEquals("0", TestRuns.string(ds, "select count(*) from llm_call where run_id = " + run), "no call was made");
    }

    private String databaseDump() throws Exception {
        StringBuilder dump = new StringBuilder();
        try (Connection c = ds.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = c.createStatement().executeQuery("select t::text from \"" + table + "\" t")) {
                    while (rs.next()) {
                        dump.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return dump.toString();
    }

    private static String filesUnder(Path root) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return all.toString();
    }
}
