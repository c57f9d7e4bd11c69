package io.cyberbrain.api.mcp;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.validation.ConstraintViolationException;

import org.jboss.logging.Logger;

import io.cyberbrain.api.common.ProblemException;
import io.cyberbrain.model.error.CyberbrainException;
import io.quarkiverse.mcp.server.Cancellation;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;

/**
 * The one way a tool answers: a structured result (validated by clients against the tool's output schema) with a
 * short text rendering for models that read text only; and the one way a failure becomes a tool error that says
 * what to fix, never a stack trace.
 */
public final class McpResults {

    private static final Logger LOG = Logger.getLogger(McpResults.class);

    private McpResults() {
    }

    public static ToolResponse of(Object structured, String text) {
        return new ToolResponse(false, List.of(new TextContent(text)), structured, null);
    }

    /** Items joined for a text rendering, or "none". */
    public static String listing(List<String> items, String separator) {
        return items.isEmpty() ? "none" : String.join(separator, items);
    }

    /** Runs the work, maps its item to a result, and any failure (thrown or emitted) to a tool error. */
    public static <T> Uni<ToolResponse> answer(Supplier<Uni<? extends T>> work, Function<T, ToolResponse> render) {
        return Uni.createFrom().<T>deferred(work).map(render).onFailure().transform(McpResults::toToolError);
    }

    static Throwable toToolError(Throwable failure) {
        if (failure instanceof ToolCallException || failure instanceof McpException
                || failure instanceof Cancellation.OperationCancellationException) {
            // The extension answers these itself: a tool error, a protocol error, or nothing (the client cancelled).
            return failure;
        }
        if (failure instanceof CyberbrainException || failure instanceof ProblemException) {
            return new ToolCallException(failure.getMessage());
        }
        if (failure instanceof ConstraintViolationException violations) {
            return new ToolCallException(violations.getConstraintViolations().stream()
                    .map(v -> leaf(v.getPropertyPath().toString()) + ": " + v.getMessage())
                    .sorted().findFirst().orElse("invalid arguments"));
        }
        if (failure instanceof io.quarkus.security.ForbiddenException
                || failure instanceof io.quarkus.security.UnauthorizedException) {
            return failure;
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(failure, "unexpected error %s in an MCP tool", id);
        return new ToolCallException("internal error; reference " + id + " in the server log");
    }

    private static String leaf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
