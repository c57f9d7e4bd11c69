package io.cyberbrain.api.rag;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.cyberbrain.model.rag.Document;
import io.cyberbrain.model.rag.UploadFile;
import io.cyberbrain.rag.search.Relevance;

public final class RagViews {

    static final String RELEVANCE = "How close in meaning the passage is to the query, 0 to 1: the cosine similarity of "
            + "their all-MiniLM-L6-v2 vectors (negatives as 0), comparable across queries; only passages from "
            + "relevance_floor are returned";

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

    /** One passage: {@code relevance} says how close it is to the query, {@code score} only ranks it. */
    public record SearchHitView(long chunkId, long documentId, String documentTitle, int chunkIndex, int startOffset,
                                int endOffset,
                                @Schema(description = RELEVANCE, minimum = "0", maximum = "1") double relevance,
                                @Schema(description = "The rank score of this search (z-scores of cosine and BM25 over its "
                                        + "candidates, averaged): it orders the hits and means nothing on its own") double score,
                                String text) {
    }

    /** The passages that reach {@code relevance_floor}, best first; {@code no_relevant_passage} when none does. */
    public record SearchResult(List<SearchHitView> hits,
                               @Schema(description = "True when no passage reaches the relevance floor: the library is "
                                       + "empty, or nothing in it is close enough in meaning to the query") boolean noRelevantPassage,
                               @Schema(minimum = "0", maximum = "1", description = "The relevance from which passages "
                                       + "are returned (" + Relevance.FLOOR + ", calibrated on labelled pairs; see "
                                       + "docs/benchmarks.md)") double relevanceFloor,
                               long tookMs) {
    }
}
