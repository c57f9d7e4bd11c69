package io.cyberbrain.llm;

/**
 * An LLM call that did not happen or did not succeed. The message names the endpoint (scheme, host, port)
 * and what went wrong; never a prompt or a response body.
 */
public class LlmException extends RuntimeException {

    private final String errorClass;

    public LlmException(String errorClass, String message) {
        super(message);
        this.errorClass = errorClass;
    }

    /** A short stable code, as recorded in {@code llm_call.error_class}: {@code http_500}, {@code timeout}... */
    public String errorClass() {
        return errorClass;
    }
}
