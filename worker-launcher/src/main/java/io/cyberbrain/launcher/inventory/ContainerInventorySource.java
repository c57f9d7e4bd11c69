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
     * Writes the logs of {@code containerIds} since {@code since} (or their last {@code tailLines} lines when
     * there is no window start) into {@code folder} as {@code <name>.log}, one line per entry with the engine's
     * timestamp in front. Log triage reads them from the job folder; the worker never talks to the engine.
     */
    ContainerLogs collectLogs(Set<String> containerIds, java.time.Instant since, int tailLines, java.nio.file.Path folder);

    /** The engine this host runs (name and version, as its API says), for the host's registration; empty when none answers. */
    default java.util.Optional<Engine> engine() {
        return java.util.Optional.empty();
    }

    /** @param name {@code docker} or {@code podman} */
    record Engine(String name, String version) {
    }

    /**
     * @param files       the files written, by container name
     * @param unavailable why nothing could be collected, else null
     */
    record ContainerLogs(Map<String, String> files, List<String> problems, String unavailable) {

        public static ContainerLogs unavailable(String reason) {
            return new ContainerLogs(Map.of(), List.of(), reason);
        }
    }

    /**
     * @param unavailable why nothing could be collected (no engine configured or reachable), else null
     */
    record Inventory(List<Map<String, Object>> containers, List<Map<String, Object>> networks, String unavailable) {

        public static Inventory unavailable(String reason) {
            return new Inventory(List.of(), List.of(), reason);
        }
    }
}
