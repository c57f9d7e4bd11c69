package io.cyberbrain.worker.task.servicemap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.cyberbrain.redaction.Redactor;
import io.cyberbrain.worker.JobSpec;
import io.cyberbrain.worker.TaskOutcome;
import io.cyberbrain.worker.TaskOutcome.ArtifactRecord;
import io.cyberbrain.worker.WorkerContext;
import io.cyberbrain.worker.WorkerTask;

/**
 * Task {@code service_map}: draws what talks to what from the container inventory the launcher put into
 * {@code job.json} ({@code inputs.containers}, {@code inputs.networks}, {@code inputs.scope}, and
 * {@code inputs.inventory_unavailable} when the launcher could not reach an engine), renders it as
 * JSON, Mermaid and DOT, and recommends one NetworkPolicy per service. No LLM, no Docker access: the
 * inventory is all it sees. Environment values are read only to find host names and never leave the task.
 */
public final class ServiceMapTask implements WorkerTask {

    public static final String TASK_KEY = "service_map";

    static final String JSON_FILE = "service-map.json";
    static final String MERMAID_FILE = "service-map.mmd";
    static final String DOT_FILE = "service-map.dot";
    static final String POLICY_FILE = "networkpolicies.yaml";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String taskKey() {
        return TASK_KEY;
    }

    @Override
    public TaskOutcome run(JobSpec job, WorkerContext context) throws IOException {
        Map<String, Object> inputs = job.inputs();
        Inventory inventory = InventoryReader.read(inputs.get("containers"), inputs.get("networks"));
        String scope = scope(inputs.get("scope"));
        String unavailable = unavailable(inputs.get("inventory_unavailable"));
        if (unavailable != null && inventory.containers().isEmpty()) {
            // an empty map would read as "nothing runs here"; without an engine the honest answer is "unknown"
            String reason = "container inventory unavailable: " + unavailable;
            return TaskOutcome.failure(reason, "## Service map\n\nNo map was drawn: " + reason + ".\n");
        }

        ServiceGraph graph = GraphBuilder.build(inventory);
        List<PolicyRecommendation> policies = NetworkPolicyGenerator.generate(graph, namespace(job.config()));
        String mermaid = MermaidRenderer.render(graph);
        String dot = DotRenderer.render(graph);

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("scope", scope);
        data.put("counts", ResultView.counts(graph, policies));
        data.put("nodes", ResultView.nodes(graph));
        data.put("edges", ResultView.edges(graph));
        data.put("networks", ResultView.networks(graph));
        data.put("unresolved", ResultView.unresolved(graph));
        data.put("policies", ResultView.policies(policies));

        Path dir = context.jobDir();
        Files.createDirectories(dir);
        write(dir.resolve(JSON_FILE), JSON.writeValueAsString(data) + "\n");
        write(dir.resolve(MERMAID_FILE), mermaid);
        write(dir.resolve(DOT_FILE), dot);
        write(dir.resolve(POLICY_FILE), PolicyYaml.stream(policies));
        List<ArtifactRecord> artifacts = List.of(
                new ArtifactRecord(JSON_FILE, "data", "application/json"),
                new ArtifactRecord(MERMAID_FILE, "graph", "text/vnd.mermaid"),
                new ArtifactRecord(DOT_FILE, "graph", "text/vnd.graphviz"),
                new ArtifactRecord(POLICY_FILE, "policy", "application/yaml"));

        Map<String, Object> result = new LinkedHashMap<>(data);
        result.put("mermaid", mermaid);
        result.put("dot", dot);
        String markdown = ServiceMapReport.markdown(graph, policies, mermaid, scope, POLICY_FILE);
        return TaskOutcome.success(ServiceMapReport.summary(graph, policies), markdown, result, List.of(), artifacts);
    }

    /** The launcher's reason for an empty inventory (no engine configured or reachable), redacted; null when none. */
    private static String unavailable(Object reason) {
        if (reason == null || String.valueOf(reason).isBlank()) {
            return null;
        }
        return Redactor.standard().redact(String.valueOf(reason).replace('\n', ' ').strip());
    }

    /** Informational only (the launcher already filtered), so anything unexpected is dropped rather than echoed. */
    private static String scope(Object scope) {
        return "all".equals(scope) || "allowlist".equals(scope) ? (String) scope : null;
    }

    /** {@code config.namespace}, or {@code config.service_map.namespace} as the seeded directive nests its options. */
    static String namespace(Map<String, Object> config) {
        Object ns = config.get("namespace");
        if (ns == null && config.get(TASK_KEY) instanceof Map<?, ?> nested) {
            ns = nested.get("namespace");
        }
        return ns instanceof String s && !s.isBlank() ? s : NetworkPolicyGenerator.DEFAULT_NAMESPACE;
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
