package io.cyberbrain.model.rag;

/** The NOTIFY channels of the document library. */
public final class RagEvents {

    /** The API queued an upload; payload: the upload id. Wakes the ingesters. */
    public static final String UPLOADS_CHANNEL = "cyberbrain_uploads";

    /**
     * A document was stored or deleted; payload: the document id. The searchers load it, or drop it when it
     * is gone.
     */
    public static final String DOCUMENTS_CHANNEL = "cyberbrain_documents";

    private RagEvents() {
    }
}
