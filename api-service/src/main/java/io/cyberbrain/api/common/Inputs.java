package io.cyberbrain.api.common;

import java.util.Comparator;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import io.cyberbrain.model.error.InvalidRequestException;

/**
 * Applies the REST inputs' Bean Validation constraints where the input did not arrive as a REST body (MCP tool
 * arguments, web UI forms), with the same field names (snake_case) in the error.
 */
@ApplicationScoped
public class Inputs {

    private final Validator validator;

    public Inputs(Validator validator) {
        this.validator = validator;
    }

    /** The input itself, or an {@link InvalidRequestException} naming the first offending field. */
    public <T> T valid(T input) {
        var violations = validator.validate(input);
        if (violations.isEmpty()) {
            return input;
        }
        ConstraintViolation<T> first = violations.stream()
                .min(Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
        throw new InvalidRequestException(snake(first.getPropertyPath().toString()), first.getMessage());
    }

    private static String snake(String path) {
        String leaf = path.substring(path.lastIndexOf('.') + 1).replaceAll("\\[.*", "");
        return leaf.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
