package io.cyberbrain.launcher.execution;

/** The worker could not be started at all (image refused, engine unreachable, binary missing). */
public class WorkerException extends Exception {

    public WorkerException(String message) {
        super(message);
    }

    public WorkerException(String message, Throwable cause) {
        super(message, cause);
    }
}
