package io.cyberbrain.model.notification;

/** A notification destination the egress policy refuses; the message names the host and the rule. */
public class EgressRefusedException extends RuntimeException {

    public EgressRefusedException(String message) {
        super(message);
    }
}
