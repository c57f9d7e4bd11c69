package io.cyberbrain.worker.task.servicemap;

import java.util.List;

/**
 * One container in the graph.
 *
 * @param name        unique key of the node: the container name without its leading slash
 * @param id          12-character short id (may be null for hand-written inventories)
 * @param networks    every network the container is attached to, default ones included
 * @param aliases     every name other containers can reach it by (lower case)
 * @param networkMode {@code HostConfig.NetworkMode} as given, a full supplier id shortened to 12 characters
 */
public record Node(
        String name,
        String id,
        String image,
        String state,
        String composeProject,
        String composeService,
        List<PortSpec> exposedPorts,
        List<PublishedPort> publishedPorts,
        List<String> networks,
        List<String> aliases,
        String networkMode) {

    public Node {
        exposedPorts = List.copyOf(exposedPorts);
        publishedPorts = List.copyOf(publishedPorts);
        networks = List.copyOf(networks);
        aliases = List.copyOf(aliases);
    }

    /** The one exposed port when there is exactly one (TCP preferred), else null: a guess must not pick among several. */
    PortSpec singlePort() {
        List<PortSpec> tcp = exposedPorts.stream().filter(p -> p.protocol().equals("tcp")).toList();
        if (tcp.size() == 1) {
            return tcp.get(0);
        }
        return tcp.isEmpty() && exposedPorts.size() == 1 ? exposedPorts.get(0) : null;
    }

    /** The exposed port with this number (its protocol), or a TCP port when the container does not declare it. */
    PortSpec portFor(int port) {
        return exposedPorts.stream().filter(p -> p.port() == port).findFirst().orElse(new PortSpec(port, "tcp"));
    }

    boolean exposes(int port) {
        return exposedPorts.stream().anyMatch(p -> p.port() == port);
    }
}
