package io.cyberbrain.worker.task.servicemap;

/**
 * A reference that points at nothing in the inventory (a supplier that is gone or out of scope, a compose
 * service not running). Environment values are never reported here: most are not host names at all.
 *
 * @param target the name or compose service that was referenced (redacted), or the short id of a missing
 *               {@code network_mode} supplier (kept: short ids are how the map names containers)
 */
public record Unresolved(String from, EdgeKind kind, String target, String reason) {
}
