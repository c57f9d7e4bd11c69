package io.cyberbrain.model.error;

/** Base of the domain errors; REST maps each subtype to one status, MCP to a tool error. */
public abstract class CyberbrainException extends RuntimeException {

    protected CyberbrainException(String message) {
        super(message);
    }

    protected CyberbrainException(String message, Throwable cause) {
        super(message, cause);
    }
}
