package io.cyberbrain.api.rag;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.BodyAllowance;

/**
 * An upload may be as large as {@code cyberbrain.rag.max-upload-bytes} plus room for the multipart envelope;
 * whether the file itself fits is checked again once it is received.
 */
@ApplicationScoped
public class UploadBodyAllowance implements BodyAllowance {

    /** Multipart boundaries and part headers around the file. */
    static final long ENVELOPE_BYTES = 64 * 1024;

    private final long maxUpload;

    public UploadBodyAllowance(RagConfig rag) {
        this.maxUpload = rag.maxUploadBytes();
    }

    @Override
    public Optional<Limit> limitFor(String path) {
        if (!path.startsWith("/api/rag/upload")) {
            return Optional.empty();
        }
        return Optional.of(new Limit(maxUpload + ENVELOPE_BYTES, declared -> "the upload has " + declared
                + " bytes; files may have at most " + maxUpload + " (cyberbrain.rag.max-upload-bytes)"));
    }
}
