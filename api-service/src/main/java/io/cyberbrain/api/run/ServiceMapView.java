package io.cyberbrain.api.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service map of a run, read from its report JSON ({@code tasks.service_map.result}): containers, the edges
 * with their evidence, the recommended NetworkPolicies, and the drawing.
 */
public record ServiceMapView(List<String> nodes, List<Edge> edges, List<Policy> policies, String svg) {

    public record Edge(String from, String to, String kind, Integer port, String evidence) {
    }

    public record Policy(int index, String service, List<String> allowedFrom, String yaml) {
    }

    /** The map in a run's report JSON, or null when the run has none. */
    @SuppressWarnings("unchecked")
    public static ServiceMapView from(Map<String, Object> reportJson) {
        if (reportJson == null || !(reportJson.get("tasks") instanceof Map<?, ?> tasks)
                || !(tasks.get("service_map") instanceof Map<?, ?> task)
                || !(task.get("result") instanceof Map<?, ?> result)) {
            return null;
        }
        List<String> nodes = new ArrayList<>();
        for (Object n : list(result.get("nodes"))) {
            if (n instanceof Map<?, ?> node && node.get("name") != null) {
                nodes.add(String.valueOf(node.get("name")));
            }
        }
        List<Edge> edges = new ArrayList<>();
        for (Object e : list(result.get("edges"))) {
            if (e instanceof Map<?, ?> edge) {
                edges.add(new Edge(str(edge.get("from")), str(edge.get("to")), str(edge.get("kind")),
                        edge.get("port") instanceof Number p ? p.intValue() : null, str(edge.get("evidence"))));
            }
        }
        List<Policy> policies = new ArrayList<>();
        for (Object p : list(result.get("policies"))) {
            if (p instanceof Map<?, ?> policy) {
                List<String> from = list(policy.get("allowed_from")).stream().map(String::valueOf).toList();
                policies.add(new Policy(policies.size(), str(policy.get("service")), from, str(policy.get("yaml"))));
            }
        }
        return new ServiceMapView(nodes, edges, policies, ServiceMapSvg.render(nodes, edges));
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    private static String str(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
