package io.cyberbrain.worker.task.servicemap;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The service map. Shared networks are modelled as membership ({@link NetworkView#members()} and
 * {@link Node#networks()}), not as container-to-container edges: a network of n containers would otherwise
 * add n(n-1)/2 undirected edges that drown the directed evidence, and "same network" says who could talk,
 * not who does. Renderers draw each user-defined network as its own node linked to its members.
 */
public record ServiceGraph(List<Node> nodes, List<Edge> edges, List<NetworkView> networks, List<Unresolved> unresolved) {

    public ServiceGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        networks = List.copyOf(networks);
        unresolved = List.copyOf(unresolved);
    }

    public Optional<Node> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    Map<String, Node> byName() {
        return nodes.stream().collect(Collectors.toMap(Node::name, Function.identity()));
    }
}
