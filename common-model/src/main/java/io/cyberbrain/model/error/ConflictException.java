package io.cyberbrain.model.error;

/** The request is valid but clashes with the current state (a duplicate name, a run that already ended). */
public class ConflictException extends CyberbrainException {

    public ConflictException(String message) {
        super(message);
    }
}
