package io.cyberbrain.launcher.execution;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.launcher.inventory.ContainerInventorySource;
import io.cyberbrain.launcher.inventory.NoEngineInventorySource;

/** Picks the executor and the inventory source from configuration. */
@ApplicationScoped
public class ExecutorProducer {

    @Produces
    @Singleton
    WorkerExecutor executor(LauncherConfig config) {
        return switch (config.executor()) {
            case "process" -> new ProcessExecutor(config.process());
            default -> throw new IllegalStateException("unknown executor '" + config.executor() + "': use process or docker");
        };
    }

    @Produces
    @Singleton
    ContainerInventorySource inventory(LauncherConfig config) {
        return new NoEngineInventorySource("no container engine is configured (set DOCKER_HOST or use the docker executor)");
    }
}
