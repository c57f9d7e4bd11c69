package io.cyberbrain.llm;

/** The endpoint is not local and not allowlisted (or not http/https): refused before a byte is sent. */
public final class LlmEndpointRefusedException extends LlmException {

    public static final String ERROR_CLASS = "endpoint_refused";

    public LlmEndpointRefusedException(String message) {
        super(ERROR_CLASS, message);
    }
}
