package io.cyberbrain.api.mcp;

import java.util.function.Supplier;

import io.cyberbrain.model.error.CyberbrainException;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.smallrye.mutiny.Uni;

/** What every feature's read-only MCP resources share: the id in a URI template, and "not found" as the spec says. */
public final class McpResources {

    public static final String MARKDOWN = "text/markdown";

    private McpResources() {
    }

    public static long number(String id, String what) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new McpException(what + " id must be a number, not '" + id.replaceAll("[^A-Za-z0-9_-]", "?") + "'",
                    JsonRpcErrorCodes.INVALID_PARAMS);
        }
    }

    /** A missing run or directive is the spec's "resource not found" error (-32002), not an internal error. */
    public static <T> Uni<T> resolve(Supplier<Uni<? extends T>> read) {
        return Uni.createFrom().<T>deferred(read).onFailure(CyberbrainException.class)
                .transform(e -> new McpException(e.getMessage(), JsonRpcErrorCodes.RESOURCE_NOT_FOUND));
    }
}
