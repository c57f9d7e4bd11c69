package io.cyberbrain.api.investigation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.api.investigation.InvestigationStore.TokenUse;
import io.cyberbrain.llm.LlmCall;
import io.cyberbrain.llm.LlmClient;
import io.cyberbrain.llm.LlmClient.ChatMessage;
import io.cyberbrain.llm.LlmClient.ToolCall;
import io.cyberbrain.llm.LlmClient.ToolReply;
import io.cyberbrain.llm.LlmClient.ToolSpec;
import io.cyberbrain.llm.LlmException;
import io.cyberbrain.llm.LlmSettings;
import io.cyberbrain.model.investigation.InvestigationTool;
import io.cyberbrain.model.investigation.PlannerKind;
import io.cyberbrain.redaction.Redactor;

/**
 * Plans with the local model through OpenAI-compatible tool calling. Each decision is one call whose conversation is
 * rebuilt from the recorded steps: the goal, then per step the validated tool call and its outcome, through the
 * redactor. The model answers a tool call (the next step) or none (done). Its text is never read, stored or logged;
 * what it asks for passes {@link ToolCatalog} or is refused, and anything that is not a well-formed call of a known
 * tool with valid arguments, or a call that fails or times out, is a {@link Decision.Fallback}: the rules plan from
 * there on. Each call is recorded in {@code llm_call} by its counts.
 */
@ApplicationScoped
public class ModelPlanner {

    static final String PURPOSE = "investigation_planning";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String SYSTEM = String.join("\n",
            "You plan an investigation of a self-hosted server for its operator.",
            "Call exactly one of the tools at a time to gather evidence for the goal; you will see each result.",
            "Prefer the cheapest tool that can answer. Do not repeat a tool call that already ran with the same arguments.",
            "When the evidence answers the goal, or nothing useful is left to check, reply without a tool call.");

    private final InvestigationConfig config;
    private final InvestigationStore store;

    public ModelPlanner(InvestigationConfig config, InvestigationStore store) {
        this.config = config;
        this.store = store;
    }

    Decision next(InvestigationState state) {
        if (state.tokensLeft() <= 0) {
            return new Decision.OverBudget(TokenUse.NONE);
        }
        ToolCatalog.Vocabulary vocabulary = vocabulary(state);
        LlmClient client;
        try {
            client = LlmClient.create(settings());
        } catch (LlmException | IllegalArgumentException unusable) {
            // the message names the endpoint or the setting, never a body
            return new Decision.Fallback("the planner's LLM cannot be used: " + Redactor.standard().redact(unusable.getMessage()),
                    TokenUse.NONE);
        }
        ToolReply reply;
        try {
            reply = client.chatWithTools(PURPOSE, conversation(state), tools(vocabulary));
        } catch (LlmException failed) {
            return new Decision.Fallback("the model's call failed (" + failed.errorClass() + ")", TokenUse.NONE);
        } finally {
            record(state.id(), client.calls());
        }
        TokenUse used = new TokenUse(reply.inputTokens(), reply.outputTokens());
        if (state.totalTokens() + used.total() > state.maxTokens()) {
            return new Decision.OverBudget(used);
        }
        if (reply.calls().isEmpty()) {
            return new Decision.Finish(PlannerKind.LLM, used);
        }
        ToolCall call = reply.calls().get(0);
        if (call.malformed()) {
            return new Decision.Fallback("the model answered a malformed tool call", used);
        }
        InvestigationTool tool;
        try {
            tool = ToolCatalog.tool(call.name());
        } catch (ToolCatalog.InvalidToolCall unknown) {
            return new Decision.Fallback("the model asked for a tool that does not exist", used);
        }
        try {
            Map<String, Object> args = JSON.convertValue(call.arguments(), MAP);
            return new Decision.Next(ToolCatalog.validateModel(tool, args, vocabulary), PlannerKind.LLM, used);
        } catch (ToolCatalog.InvalidToolCall refused) {
            return new Decision.Fallback("the model's arguments for " + tool.wire() + " were refused: " + refused.getMessage(),
                    used);
        }
    }

    private LlmSettings settings() {
        InvestigationConfig.Llm llm = config.llm();
        LlmSettings s = LlmSettings.of(llm.endpoint().orElse(""), llm.model().orElse(""))
                .withTimeouts(llm.timeout(), llm.connectTimeout())
                .withMaxOutputTokens(llm.maxOutputTokens())
                .withAllowedHosts(llm.allowedHosts().orElse(List.of()), llm.allowCgnat());
        return llm.apiKeyEnv().filter(e -> !e.isBlank()).map(s::withApiKeyEnv).orElse(s);
    }

    private void record(long investigationId, List<LlmCall> calls) {
        for (LlmCall c : calls) {
            store.llmCall(investigationId, c.endpoint(), c.model(), new TokenUse(c.inputTokens(), c.outputTokens()),
                    c.durationMs(), c.success(), c.errorClass());
        }
    }

    static List<ToolSpec> tools(ToolCatalog.Vocabulary vocabulary) {
        return Arrays.stream(InvestigationTool.plannable())
                .map(t -> new ToolSpec(t.wire(), ToolCatalog.description(t), ToolCatalog.parameters(t, vocabulary))).toList();
    }

    /** What a model may name: the enabled allowlist's container names, the hashes of templates the steps found. */
    private ToolCatalog.Vocabulary vocabulary(InvestigationState s) {
        Set<String> templates = new LinkedHashSet<>();
        for (InvestigationState.Step step : s.steps()) {
            if (step.outcome() != null && step.outcome().get("jobs") instanceof List<?> jobs) {
                for (Object j : jobs) {
                    if (j instanceof Map<?, ?> job && job.get("templates") instanceof List<?> ts) {
                        ts.stream().filter(Map.class::isInstance).map(t -> ((Map<?, ?>) t).get("hash"))
                                .filter(String.class::isInstance).map(String.class::cast).forEach(templates::add);
                    }
                }
            }
        }
        return new ToolCatalog.Vocabulary(store.enabledContainerNames(), templates);
    }

    /** The goal, then each step as the validated call and its redacted result; ids are the steps' own. */
    static List<ChatMessage> conversation(InvestigationState s) {
        Redactor redactor = Redactor.standard();
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(SYSTEM));
        String labels = s.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        int stepsLeft = Math.max(0, s.maxSteps() - s.stepsUsed());
        messages.add(ChatMessage.user(redactor.redact("Goal: " + s.goal() + "\nDirective: " + s.directive().label() + " ("
                + s.directive().type() + ")" + (labels.isEmpty() ? "" : "\nAlert labels: " + labels)
                + "\nSteps left: " + stepsLeft + ". Tokens left: " + s.tokensLeft() + ".")));
        for (InvestigationState.Step step : s.steps()) {
            if (!step.isToolStep()) {
                continue;
            }
            String id = "step_" + step.position();
            messages.add(ChatMessage.assistant(List.of(new ToolCall(id, step.tool().wire(),
                    JSON.valueToTree(step.arguments())))));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("status", step.status().wire());
            result.put("note", step.note());
            result.put("outcome", step.outcome());
            String text;
            try {
                text = JSON.writeValueAsString(result);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                text = "{\"status\": \"" + step.status().wire() + "\"}";
            }
            messages.add(ChatMessage.tool(id, redactor.redact(text)));
        }
        return messages;
    }
}
