package io.cyberbrain.llm;

/** An {@code llm.*} configuration value that cannot be used; the message names the key. */
public final class LlmConfigException extends IllegalArgumentException {

    public LlmConfigException(String message) {
        super(message);
    }
}
