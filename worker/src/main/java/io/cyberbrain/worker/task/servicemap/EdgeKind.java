package io.cyberbrain.worker.task.servicemap;

/** Why one container is drawn as a client of another. */
public enum EdgeKind {
    /** {@code NetworkMode: container:<supplier>}: the consumer lives in the supplier's network namespace. */
    NETWORK_MODE("network_mode", false),
    /** Legacy {@code --link}. */
    LINK("link", true),
    /** Compose {@code depends_on} (from the {@code com.docker.compose.depends_on} label). */
    DEPENDS_ON("depends_on", true),
    /** An environment value names the other container as a host (DATABASE_URL and the like). */
    ENV("env", true);

    private final String key;
    private final boolean admitsTraffic;

    EdgeKind(String key, boolean admitsTraffic) {
        this.key = key;
        this.admitsTraffic = admitsTraffic;
    }

    public String key() {
        return key;
    }

    /**
     * Whether the edge earns the client an ingress rule in the server's NetworkPolicy. A shared network
     * namespace does not: consumer and supplier talk over loopback (in Kubernetes they would be one pod),
     * which NetworkPolicy never filters.
     */
    public boolean admitsTraffic() {
        return admitsTraffic;
    }
}
