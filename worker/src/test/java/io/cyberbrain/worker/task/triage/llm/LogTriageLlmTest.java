package io.cyberbrain.worker.task.triage.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cyberbrain.llm.FakeOpenAiServer;
import io.cyberbrain.worker.TaskOutcome;
import io.cyberbrain.worker.task.triage.LogTriageTask;
import io.cyberbrain.worker.task.triage.TriageTestSupport;

/** The triage with a local LLM (the fake OpenAI server): only vocabulary values reach the outcome. */
@SuppressWarnings("unchecked")
class LogTriageLlmTest {

    private static final String CANARY = "CANARY-7f3e-model-text-never-stored";

    @TempDir
    Path tmp;

    private FakeOpenAiServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void classificationsAreVocabularyValuesAndTheModelsTextIsNowhere() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        TriageTestSupport.fourFormats(logs);
        // three valid entries, one with the canary as its category (dropped), one with the canary as an extra field
        server.completion("{\"classifications\":["
                + "{\"id\":1,\"category\":\"network\",\"severity\":\"high\"},"
                + "{\"id\":2,\"category\":\"storage\",\"severity\":\"medium\"},"
                + "{\"id\":3,\"category\":\"application\",\"severity\":\"low\"},"
                + "{\"id\":4,\"category\":\"" + CANARY + "\",\"severity\":\"low\"},"
                + "{\"id\":5,\"category\":\"auth\",\"severity\":\"low\",\"note\":\"" + CANARY + "\"}]}", 420, 60);
        Path jobDir = TriageTestSupport.jobDir(tmp, "llm");

        TaskOutcome o = new LogTriageTask().run(TriageTestSupport.job(TriageTestSupport.inputs("first_run", false),
                Map.of("llm.endpoint", server.baseUrl(), "llm.model", "qwen2.5:7b", "llm.batch_size", 50), null),
                new TriageTestSupport.Ctx(jobDir, logs));

        assertEquals(TaskOutcome.SUCCESS, o.status(), o.errorSummary());
        assertEquals(1, server.requestCount());
        assertEquals(1, o.llmCalls().size());
        TaskOutcome.LlmCallRecord call = o.llmCalls().get(0);
        assertEquals(420, call.inputTokens());
        assertEquals(60, call.outputTokens());
        assertEquals(TemplateClassifier.PURPOSE, call.purpose());

        Map<String, Object> c = (Map<String, Object>) o.result().get("classification");
        assertEquals(true, c.get("enabled"));
        assertEquals(10, c.get("requested"), "every template of the small window, most severe first");
        assertEquals(3, c.get("classified"));
        assertEquals(2, c.get("discarded"));

        // the most severe template went first: it got the first answer
        List<Map<String, Object>> severe = (List<Map<String, Object>>) o.result().get("top_by_severity");
        assertEquals(Map.of("category", "network", "severity", "high"), severe.get(0).get("classification"));
        Set<String> categories = Stream.of("top_by_count", "top_by_severity")
                .flatMap(k -> ((List<Map<String, Object>>) o.result().get(k)).stream())
                .filter(t -> t.containsKey("classification"))
                .map(t -> (String) ((Map<String, Object>) t.get("classification")).get("category"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("network", "storage", "application"), categories);
        assertTrue(o.reportMarkdown().contains("| network | high |"), o.reportMarkdown());

        String all = TriageTestSupport.everything(o, jobDir);
        assertFalse(all.contains(CANARY), "the model's text reaches nothing");
        assertFalse(all.contains("CANARY"));

        // what was sent is redacted
        String sent = server.requests().get(0).toString();
        assertFalse(sent.contains("jane.doe@example.com"));
        assertFalse(sent.contains("203.0.113.7"));
    }
}
