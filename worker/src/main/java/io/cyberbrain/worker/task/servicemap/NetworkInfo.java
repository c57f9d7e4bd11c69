package io.cyberbrain.worker.task.servicemap;

import java.util.Map;

/**
 * One network-inspect object ({@code GET /networks}).
 *
 * @param containers attached containers, full id to name (the network's own view; it may list containers
 *                   the launcher filtered out of scope, which are then ignored)
 */
public record NetworkInfo(String name, String id, String driver, boolean internal, boolean ingress,
                          Map<String, String> containers) {

    public NetworkInfo {
        containers = Map.copyOf(containers);
    }
}
