package io.cyberbrain.worker.task.servicemap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One Kubernetes NetworkPolicy per node that admits only what the map observed: each client reaching the
 * node through a link, a compose dependency or a connection setting, on the ports it was seen to use. A port
 * that is unknown for a client (no port in the value and several exposed ports) widens that client's rule
 * to every exposed port of the node, never to other clients. A node nobody depends on gets no ingress rule,
 * which with {@code policyTypes: [Ingress]} denies all ingress. Only ingress is restricted: egress evidence
 * (what a container calls outside the map) is not observable from inspect data.
 */
public final class NetworkPolicyGenerator {

    public static final String DEFAULT_NAMESPACE = "default";

    private NetworkPolicyGenerator() {
    }

    public static List<PolicyRecommendation> generate(ServiceGraph graph, String namespace) {
        String ns = Dns1123.label(namespace, DEFAULT_NAMESPACE);
        Map<String, String> names = serviceNames(graph.nodes());
        Map<String, Node> nodes = graph.byName();
        List<PolicyRecommendation> out = new ArrayList<>();
        for (Node node : graph.nodes()) {
            // client service -> the ports it uses here (sorted; empty = "every port")
            Map<String, TreeSet<PortSpec>> portsByClient = new TreeMap<>();
            for (Edge e : graph.edges()) {
                if (!e.to().equals(node.name()) || !e.kind().admitsTraffic() || e.from().equals(node.name())) {
                    continue;
                }
                TreeSet<PortSpec> ports = portsByClient.computeIfAbsent(names.get(e.from()), k -> new TreeSet<>());
                if (e.port() != null) {
                    ports.add(e.port());
                } else {
                    ports.addAll(node.exposedPorts());
                }
            }
            // clients that use the same ports share one rule
            Map<List<PortSpec>, List<String>> grouped = new LinkedHashMap<>();
            portsByClient.forEach((client, ports) ->
                    grouped.computeIfAbsent(List.copyOf(ports), k -> new ArrayList<>()).add(client));
            List<PolicyRecommendation.Rule> rules = new ArrayList<>();
            grouped.forEach((ports, clients) -> rules.add(new PolicyRecommendation.Rule(clients, ports)));

            Set<Integer> portNumbers = new TreeSet<>();
            rules.forEach(r -> r.ports().forEach(p -> portNumbers.add(p.port())));
            String service = names.get(node.name());
            PolicyRecommendation draft = new PolicyRecommendation(service, ns, node.name(), nodes.get(node.name()).id(),
                    List.copyOf(portsByClient.keySet()), List.copyOf(portNumbers), rules, "");
            out.add(new PolicyRecommendation(draft.service(), ns, draft.node(), draft.containerId(), draft.allowedFrom(),
                    draft.ports(), draft.rules(), PolicyYaml.render(draft)));
        }
        return out;
    }

    /**
     * Node name to policy name: the compose service when there is one (what the operator calls it), else the
     * container name, made DNS-1123 and unique because the recommendations are keyed by service per run.
     */
    static Map<String, String> serviceNames(List<Node> nodes) {
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (Node n : nodes) {
            String preferred = Dns1123.label(n.composeService() != null ? n.composeService() : n.name(), "container");
            String name = preferred;
            if (taken.contains(name)) {
                name = Dns1123.label(n.name(), "container");
            }
            for (int i = 2; taken.contains(name); i++) {
                name = Dns1123.withSuffix(preferred, "-" + i);
            }
            taken.add(name);
            names.put(n.name(), name);
        }
        return names;
    }
}
