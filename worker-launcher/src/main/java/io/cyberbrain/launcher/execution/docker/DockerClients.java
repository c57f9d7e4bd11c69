package io.cyberbrain.launcher.execution.docker;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import io.cyberbrain.launcher.LauncherConfig;

/**
 * Connections to a Docker Engine API (Docker itself, or podman's Docker-compatible service) over the zerodep
 * transport. The host is {@code cyberbrain.launcher.docker.host}, else {@code DOCKER_HOST}, else the local
 * socket. Nothing is contacted until the first call.
 */
public final class DockerClients {

    /** The engine's usual local socket. */
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private DockerClients() {
    }

    /** The configured host, else {@code DOCKER_HOST}, else {@link #DEFAULT_HOST}. */
    public static String resolveHost(Optional<String> configured) {
        return configured.map(String::trim).filter(h -> !h.isEmpty())
                .or(() -> Optional.ofNullable(System.getenv("DOCKER_HOST")).map(String::trim).filter(h -> !h.isEmpty()))
                .orElse(DEFAULT_HOST);
    }

    public static Connection connect(LauncherConfig.Docker config) {
        return connect(resolveHost(config.host()));
    }

    /**
     * One HTTP client and the typed client over it. There is no response timeout: waiting for a worker is
     * one long request, and callers bound their waits themselves.
     */
    public static Connection connect(String host) {
        DockerClientConfig clientConfig = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(clientConfig.getDockerHost())
                .sslConfig(clientConfig.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT)
                .build();
        return new Connection(host, http, DockerClientImpl.getInstance(clientConfig, http));
    }

    /** Where a host string points, for messages (never carries credentials: Docker hosts have none). */
    public static String describe(String host) {
        try {
            URI uri = URI.create(host);
            return uri.getScheme() + "://" + (uri.getHost() != null ? uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") : uri.getPath());
        } catch (IllegalArgumentException e) {
            return "an invalid DOCKER_HOST";
        }
    }

    /** An engine connection; closing it closes both clients. */
    public record Connection(String host, DockerHttpClient http, DockerClient client) implements Closeable {
        @Override
        public void close() throws IOException {
            try {
                client.close();
            } finally {
                http.close();
            }
        }
    }
}
