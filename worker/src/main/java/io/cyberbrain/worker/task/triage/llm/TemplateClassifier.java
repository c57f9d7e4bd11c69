package io.cyberbrain.worker.task.triage.llm;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cyberbrain.llm.LlmCall;
import io.cyberbrain.llm.LlmClient;
import io.cyberbrain.llm.LlmConfigException;
import io.cyberbrain.llm.LlmEndpointRefusedException;
import io.cyberbrain.llm.LlmException;
import io.cyberbrain.worker.TaskOutcome.LlmCallRecord;

/**
 * Asks the local model to put the top log templates into the fixed vocabulary: a
 * {@link TemplateCategory} and a {@link TemplateSeverity} each.
 *
 * <p>Templates are sent in batches of {@code llm.batch_size}, numbered from 1 within each batch, with
 * {@code temperature: 0} and a strict {@code json_schema} response format (name
 * {@value #SCHEMA_NAME}) whose enums are the vocabulary and the batch's ids. The expected answer is exactly
 * {@code {"classifications":[{"id":1,"category":"...","severity":"..."}]}}.
 *
 * <p>Only vocabulary values for ids of the batch are kept. An entry with an unknown or repeated id, a value
 * outside the vocabulary, or a missing or extra field is dropped and counted; an answer that is not exactly
 * one JSON object of that shape (extra text, malformed JSON, other fields) is dropped whole and counted. The
 * model's text is never returned, logged or stored. A failed call leaves its batch unclassified and the
 * triage goes on; a refused endpoint stops the classification.
 *
 * <p>Templates should be redacted before they are given here; each is sent on one line, cut at
 * {@value #MAX_TEMPLATE_CHARS} characters.
 */
public final class TemplateClassifier {

    public static final String PURPOSE = "template_classification";
    public static final String SCHEMA_NAME = "triage_classification";
    static final int MAX_TEMPLATE_CHARS = 500;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> ENTRY_FIELDS = Set.of("id", "category", "severity");

    private final LlmClient client;
    private final int maxTemplates;
    private final int batchSize;

    public TemplateClassifier(LlmClient client, int maxTemplates, int batchSize) {
        if (maxTemplates < 1 || batchSize < 1) {
            throw new IllegalArgumentException("maxTemplates and batchSize must be positive");
        }
        this.client = client;
        this.maxTemplates = maxTemplates;
        this.batchSize = batchSize;
    }

    /** With the config's {@code llm.max_templates} and {@code llm.batch_size}. */
    public TemplateClassifier(LlmClient client, LlmConfig config) {
        this(client, config.maxTemplates(), config.batchSize());
    }

    /**
     * The classifier the job's config asks for, or empty when it configures no LLM.
     *
     * @throws LlmConfigException          for an unusable {@code llm.*} value
     * @throws LlmEndpointRefusedException for an endpoint that is not local or allowlisted
     */
    public static Optional<TemplateClassifier> fromConfig(Map<String, Object> config) {
        return LlmConfig.from(config).map(c -> new TemplateClassifier(LlmClient.create(c.settings()), c));
    }

    /**
     * Classifies the first {@code llm.max_templates} templates (the caller orders them, top first).
     *
     * @return accepted classifications by index in {@code templates}, counts of what was dropped, the calls
     */
    public ClassificationResult classify(List<String> templates) {
        int n = Math.min(templates.size(), maxTemplates);
        int callsBefore = client.calls().size();
        Map<Integer, TemplateClassification> accepted = new HashMap<>();
        int discardedEntries = 0;
        int discardedAnswers = 0;
        int failedCalls = 0;
        for (int from = 0; from < n; from += batchSize) {
            List<String> batch = templates.subList(from, Math.min(n, from + batchSize));
            int size = batch.size();
            Parsed parsed;
            try {
                // the model's text goes straight into the parser; only validated values come out
                parsed = client.chat(PURPOSE, messages(batch), responseFormat(size), content -> parse(content, size));
            } catch (LlmEndpointRefusedException e) {
                failedCalls++;
                break; // every later batch would be refused too
            } catch (LlmException e) {
                failedCalls++;
                continue;
            }
            if (parsed == null) {
                discardedAnswers++;
                continue;
            }
            discardedEntries += parsed.discarded;
            for (Map.Entry<Integer, TemplateClassification> e : parsed.byId.entrySet()) {
                int index = from + e.getKey() - 1;
                TemplateClassification c = e.getValue();
                accepted.put(index, new TemplateClassification(index, c.category(), c.severity()));
            }
        }
        List<LlmCall> all = client.calls();
        return new ClassificationResult(true, n, accepted, discardedEntries, discardedAnswers, failedCalls,
                all.subList(callsBefore, all.size()).stream().map(TemplateClassifier::record).toList());
    }

    /** A call as result.json records it. */
    static LlmCallRecord record(LlmCall c) {
        return new LlmCallRecord(c.endpoint(), c.model(), c.purpose(), c.inputTokens(), c.outputTokens(), c.durationMs(),
                c.success(), c.errorClass());
    }

    // ---------------------------------------------------------------- request

    static List<Map<String, String>> messages(List<String> batch) {
        StringBuilder user = new StringBuilder("Templates:\n");
        for (int i = 0; i < batch.size(); i++) {
            user.append(i + 1).append(". ").append(oneLine(batch.get(i))).append('\n');
        }
        return List.of(
                Map.of("role", "system", "content", SYSTEM_PROMPT),
                Map.of("role", "user", "content", user.toString()));
    }

    private static final String SYSTEM_PROMPT = String.join("\n",
            "You classify log message templates from server logs. Variable parts are masked as <*> or similar.",
            "For each numbered template give one category and one severity.",
            "Categories: storage (disks, file systems, databases' storage), network (connections, DNS, timeouts "
                    + "between hosts), auth (authentication, authorization, certificates), oom (out of memory), "
                    + "gpu (GPU, CUDA, drivers), config (invalid or missing configuration), dependency (an upstream "
                    + "service or library failing), application (the program's own logic), other.",
            "Severities: critical, high, medium, low, info.",
            "Answer with JSON only, exactly: {\"classifications\":[{\"id\":1,\"category\":\"...\",\"severity\":\"...\"}]}"
                    + " with one entry per template id and nothing else.");

    private static String oneLine(String template) {
        String s = template == null ? "" : template.replaceAll("[\\r\\n\\t]+", " ").strip();
        return s.length() > MAX_TEMPLATE_CHARS ? s.substring(0, MAX_TEMPLATE_CHARS) : s;
    }

    /** {@code response_format} with a strict JSON schema: enums for the vocabulary and the batch's ids. */
    static JsonNode responseFormat(int batchSize) {
        ObjectNode format = JSON.createObjectNode();
        format.put("type", "json_schema");
        ObjectNode js = format.putObject("json_schema");
        js.put("name", SCHEMA_NAME);
        js.put("strict", true);
        ObjectNode schema = js.putObject("schema");
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        schema.putArray("required").add("classifications");
        ObjectNode list = schema.putObject("properties").putObject("classifications");
        list.put("type", "array");
        ObjectNode item = list.putObject("items");
        item.put("type", "object");
        item.put("additionalProperties", false);
        ArrayNode required = item.putArray("required");
        required.add("id").add("category").add("severity");
        ObjectNode props = item.putObject("properties");
        ObjectNode id = props.putObject("id");
        id.put("type", "integer");
        ArrayNode ids = id.putArray("enum");
        for (int i = 1; i <= batchSize; i++) {
            ids.add(i);
        }
        ObjectNode category = props.putObject("category");
        category.put("type", "string");
        ArrayNode categories = category.putArray("enum");
        for (TemplateCategory c : TemplateCategory.values()) {
            categories.add(c.wire());
        }
        ObjectNode severity = props.putObject("severity");
        severity.put("type", "string");
        ArrayNode severities = severity.putArray("enum");
        for (TemplateSeverity s : TemplateSeverity.values()) {
            severities.add(s.wire());
        }
        return format;
    }

    // ---------------------------------------------------------------- answer

    /** @param byId accepted, by id within the batch (1-based) */
    record Parsed(Map<Integer, TemplateClassification> byId, int discarded) {
    }

    /**
     * Validates an answer.
     *
     * @return the accepted entries and the count of dropped ones, or null when the whole answer is dropped
     */
    static Parsed parse(String content, int batchSize) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (Exception e) {
            return null; // the message would quote the model's text: dropped unread
        }
        if (root == null || !root.isObject() || root.size() != 1 || !root.path("classifications").isArray()) {
            return null;
        }
        Map<Integer, TemplateClassification> byId = new HashMap<>();
        Set<Integer> seen = new HashSet<>();
        int discarded = 0;
        for (JsonNode entry : root.get("classifications")) {
            TemplateClassification c = entry(entry, batchSize);
            if (c == null || !seen.add(c.templateIndex())) {
                discarded++;
                continue;
            }
            byId.put(c.templateIndex(), c);
        }
        return new Parsed(byId, discarded);
    }

    /** One entry, its {@code templateIndex} being the 1-based id; null when anything in it is off. */
    private static TemplateClassification entry(JsonNode entry, int batchSize) {
        if (!entry.isObject() || entry.size() != ENTRY_FIELDS.size()) {
            return null;
        }
        for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
            if (!ENTRY_FIELDS.contains(names.next())) {
                return null;
            }
        }
        JsonNode id = entry.get("id");
        if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 1 || id.intValue() > batchSize) {
            return null;
        }
        JsonNode category = entry.get("category");
        JsonNode severity = entry.get("severity");
        if (!category.isTextual() || !severity.isTextual()) {
            return null;
        }
        Optional<TemplateCategory> c = TemplateCategory.fromWire(category.textValue());
        Optional<TemplateSeverity> s = TemplateSeverity.fromWire(severity.textValue());
        if (c.isEmpty() || s.isEmpty()) {
            return null;
        }
        return new TemplateClassification(id.intValue(), c.get(), s.get());
    }
}
