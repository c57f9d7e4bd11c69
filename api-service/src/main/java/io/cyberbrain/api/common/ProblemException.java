package io.cyberbrain.api.common;

/** A refusal with its own HTTP status (413, 415, ...), answered as problem+json with this detail. */
public class ProblemException extends RuntimeException {

    private final int status;

    public ProblemException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
