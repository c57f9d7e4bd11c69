package io.cyberbrain.worker.task.servicemap;

import java.util.List;

/**
 * A network as the map shows it.
 *
 * @param userDefined false for Docker's own networks ({@code bridge}, {@code host}, {@code none}, swarm
 *                    ingress, {@code docker_gwbridge}): sharing one of those says nothing about who talks to whom
 * @param members     names of the nodes attached to it
 */
public record NetworkView(String name, String id, String driver, boolean internal, boolean userDefined,
                          List<String> members) {

    public NetworkView {
        members = List.copyOf(members);
    }
}
