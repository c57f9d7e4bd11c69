package io.cyberbrain.api.investigation;

import static io.cyberbrain.api.investigation.InvestigationFixtures.awaitEnd;
import static io.cyberbrain.api.investigation.InvestigationFixtures.start;
import static io.cyberbrain.api.investigation.InvestigationFixtures.value;
import static io.cyberbrain.api.investigation.ScriptedChatServer.Answer.call;
import static io.cyberbrain.api.investigation.ScriptedChatServer.Answer.done;
import static io.cyberbrain.api.investigation.ScriptedChatServer.Answer.silence;
import static io.cyberbrain.api.investigation.ScriptedChatServer.CANARY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Investigations planned by a local model through tool calls, against a scripted OpenAI-compatible server: good calls
 * are followed, nonsense (malformed calls, unknown tools, arguments outside the vocabulary), a silent model and a call
 * over the token budget each end clearly, with the rules taking over where they can. Every answer carries a canary
 * as the model's text; at the end it is nowhere in the database, the logs or the run folders.
 */
@QuarkusTest
@TestProfile(EngineWithModel.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvestigationModelTest {

    private static LauncherProcess launcher;

    @BeforeEach
    void launcherRunning() throws Exception {
        if (launcher == null) {
            InvestigationFixtures.writeLogs("app/model.log", 20);
            launcher = LauncherProcess.start();
        }
    }

    @AfterAll
    static void stopLauncher() {
        if (launcher != null) {
            launcher.close();
            launcher = null;
        }
    }

    static long d1() throws Exception {
        return Long.parseLong(value("select id from directive where code = 'D1'"));
    }

    @Test
    @Order(1)
    void theModelsToolCallsAreFollowedAndItsTokensCountedPerStep() throws Exception {
        ModelScript.script("follow", call("log_triage", "{}", 120, 15), call("compare_last_success", "{\"task\": \"log_triage\"}", 300, 12),
                done(400, 3));
        long id = start(Map.of("goal", "why do requests fail [s:follow]", "directive_id", d1()));

        JsonPath end = awaitEnd(id);

        assertEquals("completed", end.getString("status"));
        assertEquals("llm", end.getString("planner"));
        assertEquals(List.of("log_triage", "compare_last_success"), end.getList("steps.tool"));
        assertEquals(List.of("llm", "llm"), end.getList("steps.planned_by"));
        assertEquals(List.of(120, 300), end.getList("steps.tokens.prompt_tokens"));
        assertEquals(List.of(15, 12), end.getList("steps.tokens.completion_tokens"));
        assertEquals(120 + 15 + 300 + 12 + 400 + 3, end.getLong("tokens.total_tokens"));
        assertEquals("3", value("select count(*) from llm_call where investigation_id = " + id + " and success"));
        assertEquals("success", value("select status from run where id = " + end.getLong("steps[0].run_id")));
        // The model saw the triage's outcome as a tool result, redacted; never its own earlier text.
        List<JsonNode> requests = ModelScript.requestsOf("follow");
        assertEquals(3, requests.size());
        JsonNode second = requests.get(1).path("messages");
        assertEquals("tool", second.get(second.size() - 1).path("role").asText());
        assertTrue(second.get(second.size() - 1).path("content").asText().contains("\"run_id\""));
        assertFalse(requests.get(2).toString().contains(CANARY), "the model's own text is not fed back");
        assertEquals("function", requests.get(0).path("tools").get(0).path("type").asText());
    }

    @Test
    @Order(2)
    void aMalformedToolCallHandsPlanningToTheRulesAndIsRecorded() throws Exception {
        ModelScript.script("malformed", call("log_triage", "{\"containers\": [" + CANARY, 50, 9));
        long id = start(Map.of("goal", "errors in the logs [s:malformed]", "directive_id", d1(), "max_steps", 3));

        JsonPath end = awaitEnd(id);

        assertEquals("completed", end.getString("status"));
        assertEquals("planner_fallback", end.getString("steps[0].tool"));
        assertEquals("the model answered a malformed tool call", end.getString("steps[0].note"));
        assertEquals(59, end.getLong("steps[0].tokens.total_tokens"));
        assertEquals(List.of("deterministic", "deterministic", "deterministic"), end.getList("steps.planned_by").subList(1, 4));
        assertEquals(List.of("log_triage", "compare_last_success", "library_search"), end.getList("steps.tool").subList(1, 4));
        assertEquals(1, ModelScript.requestsOf("malformed").size(), "the model is asked no more");
        assertEquals("the model answered a malformed tool call", end.getString("report_json.planner_fallbacks[0].reason"));
    }

    @Test
    @Order(3)
    void anUnknownToolAndArgumentsOutsideTheVocabularyAreNonsenseToo() throws Exception {
        ModelScript.script("unknown", call(CANARY + "_tool", "{}", 10, 2));
        ModelScript.script("badargs", call("log_triage", "{\"containers\": [\"" + CANARY + "\"]}", 10, 2));
        long unknown = start(Map.of("goal", "GPU history [s:unknown]", "directive_id", d1(), "max_steps", 1));
        long badArgs = start(Map.of("goal", "GPU history [s:badargs]", "directive_id", d1(), "max_steps", 1));

        JsonPath u = awaitEnd(unknown);
        JsonPath b = awaitEnd(badArgs);

        assertEquals("the model asked for a tool that does not exist", u.getString("steps[0].note"));
        assertEquals("the model's arguments for log_triage were refused: containers must be enabled containers of the "
                + "allowlist", b.getString("steps[0].note"));
        // then the rules: a GPU report (forbidden by D1, recorded) uses the one step
        assertEquals("forbidden", u.getString("steps[1].status"));
        assertEquals("budget_exhausted", u.getString("status"));
    }

    @Test
    @Order(4)
    void aToolTheDirectiveForbidsIsRefusedAndTheModelSeesWhy() throws Exception {
        ModelScript.script("forbidden", call("gpu_report", "{}", 30, 5), done(60, 2));
        long id = start(Map.of("goal", "is the GPU too hot [s:forbidden]", "directive_id", d1()));

        JsonPath end = awaitEnd(id);

        assertEquals("completed", end.getString("status"));
        assertEquals("forbidden", end.getString("steps[0].status"));
        assertEquals("llm", end.getString("steps[0].planned_by"));
        assertEquals("forbidden", end.getString("report_json.not_checked[0].why"));
        JsonNode told = ModelScript.requestsOf("forbidden").get(1).path("messages");
        assertTrue(told.get(told.size() - 1).path("content").asText().contains("forbidden"));
    }

    @Test
    @Order(5)
    void aCallThatTakesTheTokensOverTheBudgetEndsBudgetExhausted() throws Exception {
        ModelScript.script("tokens", call("log_triage", "{}", 80, 40));
        long id = start(Map.of("goal", "errors [s:tokens]", "directive_id", d1(), "max_tokens", 100));

        JsonPath end = awaitEnd(id);

        assertEquals("budget_exhausted", end.getString("status"));
        assertEquals(List.of(), end.getList("steps"), "what the call asked for was not run");
        assertEquals(120, end.getLong("tokens.total_tokens"));
        assertTrue(end.getString("report_json.reason").contains("token budget of 100"), end.getString("report_json.reason"));
        assertEquals("1", value("select count(*) from llm_call where investigation_id = " + id));
    }

    @Test
    @Order(6)
    void aModelThatStopsAnsweringTimesOutAndTheRulesFinish() throws Exception {
        ModelScript.script("silent", silence());
        long id = start(Map.of("goal", "GPU usage today [s:silent]", "directive_id", d1(), "max_steps", 2));

        JsonPath end = awaitEnd(id);

        assertEquals("the model's call failed (timeout)", end.getString("steps[0].note"));
        assertEquals(0, end.getLong("steps[0].tokens.total_tokens"));
        assertEquals("timeout", value("select error_class from llm_call where investigation_id = " + id));
        assertTrue(InvestigationFixtures.ENDED.contains(end.getString("status")));
        assertEquals("deterministic", end.getString("steps[1].planned_by"));
    }

    @Test
    @Order(100)
    void theModelsTextIsNowhereInTheDatabaseTheLogsOrTheRunFolders() throws Exception {
        assertTrue(ModelScript.requestsOf("follow").size() > 0, "the model did answer in this run");
        assertEquals(List.of(), InvestigationFixtures.columnsHolding(CANARY), "columns holding the canary");
        assertEquals(List.of(), InvestigationFixtures.filesHolding(LauncherProcess.LOGS, CANARY), "run folders");
        assertEquals(List.of(), InvestigationFixtures.filesHolding(Path.of("target/cyberbrain-api-test.log"), CANARY),
                "the service log");
        assertEquals(List.of(), InvestigationFixtures.filesHolding(LauncherProcess.LOG_FILE, CANARY), "the launcher log");
    }
}
