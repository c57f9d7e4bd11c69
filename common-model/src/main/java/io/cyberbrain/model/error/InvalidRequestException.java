package io.cyberbrain.model.error;

import java.util.List;

/** Input that cannot be accepted; carries one entry per offending field. */
public class InvalidRequestException extends CyberbrainException {

    public record FieldError(String field, String message) {
    }

    private final List<FieldError> fieldErrors;

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public InvalidRequestException(List<FieldError> fieldErrors) {
        super(fieldErrors.isEmpty() ? "invalid request"
                : fieldErrors.get(0).field() + ": " + fieldErrors.get(0).message());
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
