package io.cyberbrain.ingester.ingest;

/**
 * An upload that cannot become a document however often it is tried (encrypted, empty, corrupt, no text):
 * it fails at once with this reason instead of being retried.
 */
public class IngestFailure extends Exception {

    public IngestFailure(String reason) {
        super(reason);
    }

    public IngestFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
