package io.cyberbrain.worker.task.servicemap;

import java.util.List;

/**
 * The least-privilege NetworkPolicy for one node.
 *
 * @param service     DNS-1123 name, unique within the map; also the pod label {@code app=<service>}
 * @param node        the node (container name) it protects
 * @param containerId short id of that container
 * @param allowedFrom services of the observed dependents, sorted; empty means all ingress is denied
 * @param ports       distinct port numbers admitted, sorted (empty when no rule names ports)
 * @param rules       the ingress rules, dependents with the same port set grouped
 */
public record PolicyRecommendation(String service, String namespace, String node, String containerId,
                                   List<String> allowedFrom, List<Integer> ports, List<Rule> rules, String yaml) {

    public PolicyRecommendation {
        allowedFrom = List.copyOf(allowedFrom);
        ports = List.copyOf(ports);
        rules = List.copyOf(rules);
    }

    /** One ingress rule: these peers on these ports; no ports means every port (nothing narrower was observed). */
    public record Rule(List<String> from, List<PortSpec> ports) {
        public Rule {
            from = List.copyOf(from);
            ports = List.copyOf(ports);
        }
    }

    public boolean denyAll() {
        return rules.isEmpty();
    }
}
