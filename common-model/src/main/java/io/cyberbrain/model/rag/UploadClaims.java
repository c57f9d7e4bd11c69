package io.cyberbrain.model.rag;

import io.cyberbrain.model.claim.ClaimSpec;

/**
 * How the ingester claims uploads: the oldest queued upload first, {@code processing} while leased. A
 * released or recovered upload starts again from nothing (its progress is reset), since nothing of a
 * half-ingested upload is ever stored.
 */
public final class UploadClaims {

    /**
     * Why an upload fails whose every attempt ended with its ingester gone (killed, or out of memory with
     * {@code -XX:+ExitOnOutOfMemoryError}): a file that brings the ingester down is not claimed again and again.
     */
    public static final String GIVE_UP_REASON = "the ingester stopped while ingesting it on each of its attempts"
            + " (killed, or out of memory): the file may unpack to more than the ingester can hold; see the ingester log";

    public static final ClaimSpec SPEC = new ClaimSpec(
            "upload_file",
            "status = '" + UploadStatus.QUEUED.wire() + "'",
            "created_at, id",
            "status = '" + UploadStatus.PROCESSING.wire() + "', chunks_done = 0, chunks_total = 0, error_summary = null, updated_at = :now",
            "status = '" + UploadStatus.PROCESSING.wire() + "'",
            "status = '" + UploadStatus.QUEUED.wire() + "', chunks_done = 0, chunks_total = 0, updated_at = :now",
            "status = '" + UploadStatus.FAILED.wire() + "', error_summary = '" + UploadClaims.GIVE_UP_REASON + "', processed_at = :now, updated_at = :now",
            true);

    private UploadClaims() {
    }
}
