package io.cyberbrain.api.mcp;

import java.util.Comparator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import io.quarkiverse.mcp.server.ToolCallException;

/** Applies the REST inputs' Bean Validation constraints to arguments that arrive over MCP. */
@ApplicationScoped
public class McpInputs {

    private final Validator validator;

    public McpInputs(Validator validator) {
        this.validator = validator;
    }

    /** The input itself, or a tool error naming the first offending field (in snake_case, as the tool's arguments). */
    public <T> T valid(T input) {
        var violations = validator.validate(input);
        if (violations.isEmpty()) {
            return input;
        }
        ConstraintViolation<T> first = violations.stream()
                .min(Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
        throw new ToolCallException(snake(first.getPropertyPath().toString()) + ": " + first.getMessage());
    }

    private static String snake(String path) {
        String leaf = path.substring(path.lastIndexOf('.') + 1).replaceAll("\\[.*", "");
        return leaf.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
