package io.cyberbrain.model.error;

public class NotFoundException extends CyberbrainException {

    public NotFoundException(String what, Object id) {
        super(what + " " + id + " does not exist");
    }
}
