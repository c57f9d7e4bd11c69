package io.cyberbrain.worker.task.triage.llm;

import static io.cyberbrain.worker.task.triage.llm.LlmTestSupport.client;
import static io.cyberbrain.worker.task.triage.llm.LlmTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.cyberbrain.llm.FakeOpenAiServer;
import io.cyberbrain.llm.LlmEndpointRefusedException;
import io.cyberbrain.worker.TaskOutcome.LlmCallRecord;
import io.cyberbrain.worker.WorkerJson;

class TemplateClassifierTest {

    private static final String CANARY = "CANARY-91c2-never-stored";
    private static final List<String> TEMPLATES = List.of(
            "disk /dev/<*> is full", "connection refused to <*>:<*>", "user <*> failed to log in");

    private FakeOpenAiServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TemplateClassifier classifier(Map<String, Object> more) {
        LlmConfig config = config(server.baseUrl(), more);
        return new TemplateClassifier(client(config), config);
    }

    private static String answer(String entries) {
        return "{\"classifications\":[" + entries + "]}";
    }

    @Test
    void vocabularyValuesAreKeptByTemplateIndexAndTheTokensAreRecorded() {
        server.completion(answer("{\"id\":1,\"category\":\"storage\",\"severity\":\"high\"},"
                + "{\"id\":2,\"category\":\"network\",\"severity\":\"medium\"},"
                + "{\"id\":3,\"category\":\"auth\",\"severity\":\"low\"}"), 310, 45);

        ClassificationResult r = classifier(Map.of()).classify(TEMPLATES);

        assertTrue(r.enabled());
        assertEquals(3, r.requested());
        assertEquals(new TemplateClassification(0, TemplateCategory.STORAGE, TemplateSeverity.HIGH), r.byTemplate().get(0));
        assertEquals(new TemplateClassification(1, TemplateCategory.NETWORK, TemplateSeverity.MEDIUM), r.byTemplate().get(1));
        assertEquals(new TemplateClassification(2, TemplateCategory.AUTH, TemplateSeverity.LOW), r.byTemplate().get(2));
        assertEquals(0, r.discarded());
        LlmCallRecord call = r.calls().get(0);
        assertEquals(TemplateClassifier.PURPOSE, call.purpose());
        assertEquals(310, call.inputTokens());
        assertEquals(45, call.outputTokens());
        assertTrue(call.success());
    }

    @Test
    void theRequestAsksForTheStrictJsonSchemaAtTemperatureZeroWithNumberedTemplates() {
        server.completion(answer(""), 1, 1);

        classifier(Map.of()).classify(TEMPLATES);

        JsonNode req = server.requests().get(0);
        assertEquals(0.0, req.get("temperature").asDouble());
        JsonNode format = req.get("response_format");
        assertEquals("json_schema", format.get("type").asText());
        assertEquals("triage_classification", format.at("/json_schema/name").asText());
        assertTrue(format.at("/json_schema/strict").asBoolean());
        JsonNode item = format.at("/json_schema/schema/properties/classifications/items");
        assertEquals(List.of("storage", "network", "auth", "oom", "gpu", "config", "dependency", "application", "other"),
                texts(item.at("/properties/category/enum")));
        assertEquals(List.of("critical", "high", "medium", "low", "info"), texts(item.at("/properties/severity/enum")));
        assertEquals(List.of("1", "2", "3"), texts(item.at("/properties/id/enum")));
        assertFalse(item.get("additionalProperties").asBoolean());
        String user = req.at("/messages/1/content").asText();
        assertTrue(user.contains("1. disk /dev/<*> is full\n2. connection refused to <*>:<*>\n3. user <*> failed"), user);
    }

    @Test
    void unknownIdsAndValuesOutsideTheVocabularyAreDiscardedAndCounted() {
        server.completion(answer(String.join(",",
                "{\"id\":1,\"category\":\"storage\",\"severity\":\"critical\"}",
                "{\"id\":99,\"category\":\"storage\",\"severity\":\"high\"}",          // unknown id
                "{\"id\":2,\"category\":\"database\",\"severity\":\"high\"}",          // not a category
                "{\"id\":2,\"category\":\"network\",\"severity\":\"urgent\"}",         // not a severity
                "{\"id\":\"3\",\"category\":\"auth\",\"severity\":\"low\"}",           // id not a number
                "{\"id\":1,\"category\":\"oom\",\"severity\":\"low\"}",                // repeated id
                "{\"id\":3,\"category\":\"auth\",\"severity\":\"low\",\"why\":\"" + CANARY + "\"}", // free text
                "{\"id\":3,\"category\":\"Auth\",\"severity\":\"low\"}",               // not exactly the value
                "\"" + CANARY + "\"")), 50, 30);

        ClassificationResult r = classifier(Map.of()).classify(TEMPLATES);

        assertEquals(Map.of(0, new TemplateClassification(0, TemplateCategory.STORAGE, TemplateSeverity.CRITICAL)),
                r.byTemplate());
        assertEquals(8, r.discardedEntries());
        assertEquals(0, r.discardedAnswers());
        assertTrue(r.calls().get(0).success(), "the call worked; its content was what failed");
    }

    @Test
    void anAnswerWithTextAroundTheJsonOrMalformedJsonIsDroppedWhole() {
        String good = answer("{\"id\":1,\"category\":\"gpu\",\"severity\":\"info\"}");
        server.completion("Sure! Here you go: " + good, 10, 10)
                .completion("```json\n" + good + "\n```", 10, 10)
                .completion(good + " " + CANARY, 10, 10)
                .completion("{\"classifications\":[{\"id\":1,", 10, 10)
                .completion("{\"classifications\":[],\"note\":\"" + CANARY + "\"}", 10, 10);
        TemplateClassifier c = new TemplateClassifier(client(config(server.baseUrl())), 1, 1);

        List<ClassificationResult> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(c.classify(TEMPLATES));
        }

        for (ClassificationResult r : results) {
            assertEquals(Map.of(), r.byTemplate());
            assertEquals(1, r.discardedAnswers());
            assertEquals(1, r.discarded());
        }
    }

    @Test
    void manyTemplatesAreSentInBatchesAndIdsMapBackToTheirIndex() {
        server.completion(answer("{\"id\":10,\"category\":\"config\",\"severity\":\"low\"}"), 100, 10)
                .completion(answer("{\"id\":1,\"category\":\"dependency\",\"severity\":\"high\"}"), 90, 9);
        List<String> templates = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            templates.add("template " + i + " <*>");
        }

        ClassificationResult r = classifier(Map.of("llm.max_templates", 20, "llm.batch_size", 10)).classify(templates);

        assertEquals(20, r.requested());
        assertEquals(2, server.requestCount(), "templates past max_templates are not sent");
        assertEquals(TemplateCategory.CONFIG, r.byTemplate().get(9).category());
        assertEquals(TemplateCategory.DEPENDENCY, r.byTemplate().get(10).category());
        assertEquals(List.of(100, 90), r.calls().stream().map(LlmCallRecord::inputTokens).toList());
        assertTrue(server.requests().get(1).at("/messages/1/content").asText().startsWith("Templates:\n1. template 10 "));
    }

    @Test
    void aFailedCallLeavesItsBatchUnclassifiedAndTheNextBatchGoesOn() {
        server.answer(500, "{\"error\":\"" + CANARY + "\"}")
                .completion(answer("{\"id\":1,\"category\":\"application\",\"severity\":\"medium\"}"), 20, 5);

        ClassificationResult r = classifier(Map.of("llm.batch_size", 2)).classify(TEMPLATES);

        assertEquals(1, r.failedCalls());
        assertEquals(Map.of(2, new TemplateClassification(2, TemplateCategory.APPLICATION, TemplateSeverity.MEDIUM)),
                r.byTemplate());
        assertEquals(List.of(false, true), r.calls().stream().map(LlmCallRecord::success).toList());
        assertEquals(0, r.calls().get(0).inputTokens() + r.calls().get(0).outputTokens());
    }

    @Test
    void nothingTheModelWroteLeavesTheClassifier() throws Exception {
        server.completion(answer("{\"id\":1,\"category\":\"" + CANARY + "\",\"severity\":\"high\"},"
                        + "{\"id\":2,\"category\":\"other\",\"severity\":\"info\",\"reason\":\"" + CANARY + "\"},"
                        + "{\"id\":3,\"category\":\"oom\",\"severity\":\"critical\"}"), 5, 5)
                .completion(CANARY + " not json", 5, 5)
                .answer(500, CANARY)
                .answer(200, "{\"" + CANARY + "\":1}");
        TemplateClassifier c = classifier(Map.of());

        List<Object> outputs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ClassificationResult r = c.classify(TEMPLATES);
            outputs.add(r);
            outputs.add(r.calls());
            outputs.add(WorkerJson.MAPPER.writeValueAsString(r));
        }

        for (Object o : outputs) {
            assertFalse(String.valueOf(o).contains(CANARY), String.valueOf(o));
        }
        assertEquals(TemplateCategory.OOM, ((ClassificationResult) outputs.get(0)).byTemplate().get(2).category());
    }

    @Test
    void withoutLlmConfigThereIsNoClassifierAndNothingFails() {
        assertTrue(TemplateClassifier.fromConfig(Map.of()).isEmpty());
        assertTrue(TemplateClassifier.fromConfig(Map.of("llm.endpoint", "")).isEmpty());
        assertTrue(TemplateClassifier.fromConfig(Map.of("llm", Map.of("enabled", false, "endpoint",
                "http://127.0.0.1:1"))).isEmpty());
        assertEquals(false, ClassificationResult.disabled().enabled());
    }

    @Test
    void aConfiguredPublicEndpointIsRefusedWhenTheClassifierIsMade() {
        assertThrows(LlmEndpointRefusedException.class, () -> TemplateClassifier.fromConfig(
                Map.of("llm.endpoint", "http://8.8.8.8:11434", "llm.model", "m")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
