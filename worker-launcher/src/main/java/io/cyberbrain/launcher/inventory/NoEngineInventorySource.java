package io.cyberbrain.launcher.inventory;

import java.util.Set;

/** Used when no container engine is configured: the service map then says so instead of guessing. */
public class NoEngineInventorySource implements ContainerInventorySource {

    private final String reason;

    public NoEngineInventorySource(String reason) {
        this.reason = reason;
    }

    @Override
    public Inventory collect(Set<String> containerIds) {
        return Inventory.unavailable(reason);
    }

    @Override
    public ContainerLogs collectLogs(Set<String> containerIds, java.time.Instant since, int tailLines, java.nio.file.Path folder) {
        return ContainerLogs.unavailable(reason);
    }
}
