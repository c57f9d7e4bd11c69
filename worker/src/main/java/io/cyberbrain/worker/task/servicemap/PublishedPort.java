package io.cyberbrain.worker.task.servicemap;

/** A host port forwarded to a container port. The host IP is left out on purpose: it is address data, not topology. */
public record PublishedPort(int hostPort, int containerPort, String protocol) {

    @Override
    public String toString() {
        return hostPort + "->" + containerPort + "/" + protocol;
    }
}
