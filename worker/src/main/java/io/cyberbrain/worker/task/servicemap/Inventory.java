package io.cyberbrain.worker.task.servicemap;

import java.util.List;

/** The containers and networks a service map is drawn from. */
public record Inventory(List<ContainerInfo> containers, List<NetworkInfo> networks) {

    public Inventory {
        containers = List.copyOf(containers);
        networks = List.copyOf(networks);
    }

    public static Inventory empty() {
        return new Inventory(List.of(), List.of());
    }
}
