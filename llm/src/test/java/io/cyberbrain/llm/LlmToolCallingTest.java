package io.cyberbrain.llm;

import static io.cyberbrain.llm.LlmTestSupport.client;
import static io.cyberbrain.llm.LlmTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cyberbrain.llm.LlmClient.ChatMessage;
import io.cyberbrain.llm.LlmClient.ToolCall;
import io.cyberbrain.llm.LlmClient.ToolReply;
import io.cyberbrain.llm.LlmClient.ToolSpec;

class LlmToolCallingTest {

    private static final String CANARY = "CANARY-tools-5e1b";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ToolSpec> TOOLS = List.of(new ToolSpec("gpu_report", "Run a GPU report",
            Map.of("type", "object", "properties", Map.of(), "additionalProperties", false)));

    private FakeOpenAiServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void answer(String toolCalls, int prompt, int completion) {
        server.answer(200, "{\"choices\": [{\"index\": 0, \"finish_reason\": \"tool_calls\", \"message\": {\"role\": "
                + "\"assistant\", \"content\": \"" + CANARY + "\"" + (toolCalls == null ? "" : ", \"tool_calls\": " + toolCalls)
                + "}}], \"usage\": {\"prompt_tokens\": " + prompt + ", \"completion_tokens\": " + completion + "}}");
    }

    @Test
    void aToolCallComesBackParsedWithTheUsageAndWithoutTheModelsText() {
        answer("[{\"id\": \"c1\", \"type\": \"function\", \"function\": {\"name\": \"gpu_report\", \"arguments\": "
                + "\"{\\\"hours\\\": 3}\"}}]", 40, 6);
        LlmClient client = client(config(server.baseUrl()));

        ToolReply reply = client.chatWithTools("planning", List.of(ChatMessage.system("plan"), ChatMessage.user("goal")), TOOLS);

        assertEquals(1, reply.calls().size());
        ToolCall call = reply.calls().get(0);
        assertEquals("gpu_report", call.name());
        assertEquals(3, call.arguments().path("hours").asInt());
        assertFalse(call.malformed());
        assertEquals(40, reply.inputTokens());
        assertEquals(6, reply.outputTokens());
        assertFalse(reply.toString().contains(CANARY), "the text is not in what comes back");
        assertEquals(new LlmCall("http://127.0.0.1:" + server.port(), "qwen2.5:7b", "planning", 40, 6,
                client.calls().get(0).durationMs(), true, null), client.calls().get(0));
        JsonNode sent = server.requests().get(0);
        assertEquals("auto", sent.path("tool_choice").asText());
        assertEquals("function", sent.path("tools").get(0).path("type").asText());
        assertEquals("gpu_report", sent.path("tools").get(0).path("function").path("name").asText());
        assertEquals(0, sent.path("temperature").asInt());
    }

    @Test
    void argumentsThatAreNotAJsonObjectMakeAMalformedCall() {
        answer("[{\"id\": \"c1\", \"type\": \"function\", \"function\": {\"name\": \"gpu_report\", \"arguments\": \"{oops "
                + CANARY + "\"}}]", 10, 2);
        ToolReply reply = client(config(server.baseUrl())).chatWithTools("p", List.of(ChatMessage.user("goal")), TOOLS);

        assertTrue(reply.calls().get(0).malformed());
        assertFalse(reply.calls().get(0).toString().contains(CANARY));
    }

    @Test
    void anAnswerWithoutToolCallsMeansTheModelIsDone() {
        answer(null, 10, 2);
        ToolReply reply = client(config(server.baseUrl())).chatWithTools("p", List.of(ChatMessage.user("goal")), TOOLS);

        assertEquals(List.of(), reply.calls());
    }

    @Test
    void earlierCallsAndTheirResultsAreSentInTheProtocolsShape() throws Exception {
        answer(null, 10, 2);
        ToolCall earlier = new ToolCall("step_1", "gpu_report", JSON.readTree("{\"hours\": 2}"));

        client(config(server.baseUrl())).chatWithTools("p", List.of(ChatMessage.user("goal"),
                ChatMessage.assistant(List.of(earlier)), ChatMessage.tool("step_1", "{\"status\": \"done\"}")), TOOLS);

        JsonNode messages = server.requests().get(0).path("messages");
        assertEquals("assistant", messages.get(1).path("role").asText());
        JsonNode call = messages.get(1).path("tool_calls").get(0);
        assertEquals("step_1", call.path("id").asText());
        assertEquals("gpu_report", call.path("function").path("name").asText());
        assertEquals("{\"hours\":2}", call.path("function").path("arguments").asText());
        assertEquals("tool", messages.get(2).path("role").asText());
        assertEquals("step_1", messages.get(2).path("tool_call_id").asText());
    }

    @Test
    void anAnswerWithoutUsageIsAFailedCall() {
        server.answer(200, "{\"choices\": [{\"message\": {\"role\": \"assistant\", \"tool_calls\": []}}]}");
        LlmClient client = client(config(server.baseUrl()));

        LlmException e = assertThrows(LlmException.class, () -> client.chatWithTools("p", List.of(ChatMessage.user("g")), TOOLS));

        assertEquals("missing_usage", e.errorClass());
        assertFalse(client.calls().get(0).success());
    }
}
