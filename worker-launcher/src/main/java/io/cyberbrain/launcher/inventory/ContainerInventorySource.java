package io.cyberbrain.launcher.inventory;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the launcher sees of the Docker host: container and network inspect objects, exactly as the Engine
 * API returns them ({@code GET /containers/{id}/json}, {@code GET /networks}). The service map task gets
 * them as inputs; the worker itself never talks to the engine.
 */
public interface ContainerInventorySource {

    /**
     * @param containerIds the containers to inspect (the enabled allowlist), or null for all
     */
    Inventory collect(Set<String> containerIds);

    /**
     * @param unavailable why nothing could be collected (no engine configured or reachable), else null
     */
    record Inventory(List<Map<String, Object>> containers, List<Map<String, Object>> networks, String unavailable) {

        public static Inventory unavailable(String reason) {
            return new Inventory(List.of(), List.of(), reason);
        }
    }
}
