package io.cyberbrain.api.rag;

import java.time.Instant;
import java.util.List;

import io.cyberbrain.model.rag.Document;
import io.cyberbrain.model.rag.UploadFile;

public final class RagViews {

    private RagViews() {
    }

    /** An upload and its ingestion: {@code chunks_done} of {@code chunks_total} embedded while processing. */
    public record UploadView(Long id, String originalName, long sizeBytes, String mimeType, String sha256, String status,
                             int chunksDone, int chunksTotal, String errorSummary, int attempts, String uploadedBy,
                             Instant createdAt, Instant updatedAt, Instant processedAt) {
        public static UploadView of(UploadFile u) {
            return new UploadView(u.id, u.originalName, u.sizeBytes, u.mimeType, u.sha256, u.status.wire(), u.chunksDone,
                    u.chunksTotal, u.errorSummary, u.attempts, u.uploadedBy, u.createdAt, u.updatedAt, u.processedAt);
        }
    }

    public record DocumentView(Long id, Long uploadId, String title, String mimeType, int chunkCount, int charCount,
                               int wordCount, Instant createdAt) {
        public static DocumentView of(Document d) {
            return new DocumentView(d.id, d.uploadId, d.title, d.mimeType, d.chunkCount, d.charCount, d.wordCount, d.createdAt);
        }
    }

    /** {@code query} 1..2000 characters; {@code top_k} 1..100 (default 10); {@code document_ids} limits the search. */
    public record SearchInput(String query, Integer topK, List<Long> documentIds) {
    }

    public record SearchHitView(long chunkId, long documentId, String documentTitle, int chunkIndex, int startOffset,
                                int endOffset, double score, String text) {
    }

    public record SearchResult(List<SearchHitView> hits, long tookMs) {
    }
}
