package io.cyberbrain.worker.task.servicemap;

/**
 * A directed relation from a client to the container it uses.
 *
 * @param port     the port the client uses, when known (from the value, a sibling {@code *_PORT}, or the
 *                 server's only exposed port); null means "unknown", and policies then admit every exposed port
 * @param evidence short human text naming the variable or label and the target host:port; redacted, never a value
 */
public record Edge(String from, String to, EdgeKind kind, PortSpec port, String evidence) {

    public Integer portNumber() {
        return port == null ? null : port.port();
    }
}
