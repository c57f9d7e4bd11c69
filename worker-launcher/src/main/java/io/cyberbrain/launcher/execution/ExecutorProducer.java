package io.cyberbrain.launcher.execution;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.vertx.core.Vertx;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.launcher.execution.docker.DockerClients;
import io.cyberbrain.launcher.execution.kubernetes.KubernetesClients;
import io.cyberbrain.launcher.inventory.ContainerInventorySource;
import io.cyberbrain.launcher.inventory.DockerInventorySource;
import io.cyberbrain.launcher.inventory.NoEngineInventorySource;
import io.cyberbrain.model.config.PathsConfig;

/**
 * Picks the executor and the inventory source from configuration. The inventory comes from the engine
 * whenever one is configured (the docker executor, or DOCKER_HOST), even when workers are processes: the
 * service map describes the host's containers either way. The local Docker socket counts as configured.
 */
@ApplicationScoped
public class ExecutorProducer {

    static final String LOCAL_SOCKET = "/var/run/docker.sock";

    @Produces
    @Singleton
    WorkerExecutor executor(LauncherConfig config, PathsConfig paths, Vertx vertx) {
        return switch (config.executor()) {
            case "process" -> new ProcessExecutor(config.process());
            case "docker" -> new DockerExecutor(config.docker(), DockerClients.connect(config.docker()).client());
            case "kubernetes" -> new KubernetesExecutor(config.kubernetes(), KubernetesClients.connect(vertx), paths.logs());
            default -> throw new IllegalStateException("unknown executor '" + config.executor()
                    + "': use process, docker or kubernetes");
        };
    }

    @Produces
    @Singleton
    ContainerInventorySource inventory(LauncherConfig config) {
        boolean engineConfigured = "docker".equals(config.executor()) || config.docker().host().isPresent()
                || System.getenv("DOCKER_HOST") != null || java.nio.file.Files.exists(java.nio.file.Path.of(LOCAL_SOCKET));
        return engineConfigured ? DockerInventorySource.fromConfig(config.docker())
                : new NoEngineInventorySource("no container engine is configured (set DOCKER_HOST or use the docker executor)");
    }
}
