package io.cyberbrain.worker.task.servicemap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The map as plain JSON values (maps, lists, strings, numbers), the only types {@code result.json} and the
 * launcher's validation deal in. Keys are snake_case like the rest of the run results.
 */
public final class ResultView {

    private ResultView() {
    }

    public static List<Map<String, Object>> nodes(ServiceGraph graph) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Node n : graph.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("id", n.id());
            m.put("image", n.image());
            m.put("state", n.state());
            m.put("compose_project", n.composeProject());
            m.put("compose_service", n.composeService());
            List<Map<String, Object>> published = new ArrayList<>();
            for (PublishedPort p : n.publishedPorts()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("host_port", p.hostPort());
                pm.put("container_port", p.containerPort());
                pm.put("protocol", p.protocol());
                published.add(pm);
            }
            m.put("published_ports", published);
            m.put("exposed_ports", n.exposedPorts().stream().map(PortSpec::toString).toList());
            m.put("networks", n.networks());
            m.put("aliases", n.aliases());
            m.put("network_mode", n.networkMode());
            out.add(m);
        }
        return out;
    }

    public static List<Map<String, Object>> edges(ServiceGraph graph) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Edge e : graph.edges()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", e.from());
            m.put("to", e.to());
            m.put("kind", e.kind().key());
            m.put("port", e.portNumber());
            m.put("evidence", e.evidence());
            out.add(m);
        }
        return out;
    }

    public static List<Map<String, Object>> networks(ServiceGraph graph) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (NetworkView n : graph.networks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("id", n.id());
            m.put("driver", n.driver());
            m.put("internal", n.internal());
            m.put("user_defined", n.userDefined());
            m.put("members", n.members());
            out.add(m);
        }
        return out;
    }

    public static List<Map<String, Object>> unresolved(ServiceGraph graph) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Unresolved u : graph.unresolved()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", u.from());
            m.put("kind", u.kind().key());
            m.put("target", u.target());
            m.put("reason", u.reason());
            out.add(m);
        }
        return out;
    }

    /** The rows the launcher stores as {@code network_policy_recommendation}. */
    public static List<Map<String, Object>> policies(List<PolicyRecommendation> policies) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PolicyRecommendation p : policies) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", p.service());
            m.put("namespace", p.namespace());
            m.put("container", p.node());
            m.put("container_id", p.containerId());
            m.put("allowed_from", p.allowedFrom());
            m.put("ports", p.ports());
            m.put("yaml", p.yaml());
            out.add(m);
        }
        return out;
    }

    public static Map<String, Object> counts(ServiceGraph graph, List<PolicyRecommendation> policies) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("containers", graph.nodes().size());
        m.put("edges", graph.edges().size());
        m.put("networks", graph.networks().size());
        m.put("user_defined_networks", graph.networks().stream().filter(NetworkView::userDefined).count());
        m.put("policies", policies.size());
        m.put("unresolved", graph.unresolved().size());
        return m;
    }
}
