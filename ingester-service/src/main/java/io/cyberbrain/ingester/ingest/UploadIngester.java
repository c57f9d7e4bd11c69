package io.cyberbrain.ingester.ingest;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cyberbrain.ingester.ingest.IngestStore.ClaimedUpload;
import io.cyberbrain.ingester.ingest.IngestStore.NewDocument;
import io.cyberbrain.ingester.ingest.TextExtractor.Extracted;
import io.cyberbrain.model.config.PathsConfig;
import io.cyberbrain.rag.chunk.Chunk;
import io.cyberbrain.rag.chunk.Chunker;
import io.cyberbrain.rag.embed.MiniLmEmbedder;
import io.cyberbrain.rag.embed.VectorCodec;
import io.cyberbrain.redaction.Redactor;

/**
 * Turns one claimed upload into a document: text (Tika), chunks, embeddings in batches with progress, then
 * everything stored in one fenced transaction. Nothing is written before that last step except progress, so
 * a crash leaves no half document: the lease expires and the upload is ingested again from the start.
 * Blocking: runs on the dispatcher's worker threads.
 */
@ApplicationScoped
public class UploadIngester {

    private static final Logger LOG = Logger.getLogger(UploadIngester.class);

    /** How one attempt ended. */
    public enum Outcome {
        READY, FAILED, LEASE_LOST
    }

    private final IngestStore store;
    private final TextExtractor extractor;
    private final MiniLmEmbedder embedder;
    private final IngestConfig config;
    private final Path uploads;
    private final Chunker chunker;
    private final Clock clock;
    private final IngestMetrics metrics;

    public UploadIngester(IngestStore store, TextExtractor extractor, MiniLmEmbedder embedder, IngestConfig config,
                          PathsConfig paths, Clock clock, IngestMetrics metrics) {
        this.store = store;
        this.extractor = extractor;
        this.embedder = embedder;
        this.config = config;
        this.uploads = paths.uploads().toAbsolutePath().normalize();
        this.chunker = new Chunker(config.chunkWords(), config.chunkOverlap());
        this.clock = clock;
        this.metrics = metrics;
    }

    public Outcome ingest(long uploadId, String owner) {
        Instant start = clock.instant();
        Outcome outcome = attempt(uploadId, owner);
        metrics.attempt(outcome, Duration.between(start, clock.instant()));
        return outcome;
    }

    private Outcome attempt(long uploadId, String owner) {
        Optional<ClaimedUpload> claimed = store.load(uploadId, owner);
        if (claimed.isEmpty()) {
            return Outcome.LEASE_LOST;
        }
        ClaimedUpload upload = claimed.get();
        try {
            return ingest(upload, owner);
        } catch (IngestFailure f) {
            return fail(upload, owner, f.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "ingesting upload %d failed unexpectedly", uploadId);
            // The message of an unexpected error can be long and carry data; the log has the detail.
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return fail(upload, owner, "ingestion failed: " + (m.length() > 200 ? m.substring(0, 200) + "..." : m));
        } catch (Throwable t) {
            // An Error out of a parser (out of memory, stack overflow) is the file's doing: this upload fails,
            // for good, and the ingester goes on. What the attempt held is unreachable once its stack unwound.
            LOG.errorf(t, "ingesting upload %d ended with %s", uploadId, t.getClass().getName());
            return fail(upload, owner, errorReason(t));
        }
    }

    /** The reason a failed upload shows for an Error thrown while it was ingested. */
    static String errorReason(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "extraction ran out of memory: the file unpacks to more than the ingester's heap holds"
                    + " (a decompression bomb, or a file to split before uploading)";
        }
        if (t instanceof StackOverflowError) {
            return TextExtractor.LIMIT_REASON + "the file is nested too deeply to extract";
        }
        return "ingestion failed with " + t.getClass().getSimpleName();
    }

    private Outcome ingest(ClaimedUpload upload, String owner) throws IngestFailure {
        Extracted extracted = extractor.extract(storedFile(upload), upload.originalName());
        List<Chunk> chunks = chunker.chunk(extracted.text());
        if (chunks.isEmpty()) {
            throw new IngestFailure("no text could be extracted from the file");
        }
        if (extracted.truncated()) {
            LOG.infof("upload %d: text cut at %d characters (cyberbrain.ingest.max-extracted-chars)", upload.id(),
                    config.maxExtractedChars());
        }
        int total = chunks.size();
        if (!store.progress(upload.id(), owner, 0, total, config.lease())) {
            return lost(upload);
        }
        List<byte[]> vectors = new ArrayList<>(total);
        int batch = Math.max(1, config.batchSize());
        for (int from = 0; from < total; from += batch) {
            List<String> texts = chunks.subList(from, Math.min(total, from + batch)).stream().map(Chunk::text).toList();
            for (float[] v : embedder.embedAll(texts)) {
                vectors.add(VectorCodec.encode(v));
            }
            // Progress doubles as a heartbeat: a long document keeps its lease between scheduled heartbeats.
            if (!store.progress(upload.id(), owner, vectors.size(), total, config.lease())) {
                return lost(upload);
            }
        }
        NewDocument doc = new NewDocument(title(extracted, upload), upload.mimeType(), extracted.text().length(),
                wordCount(extracted.text()), chunks, embedder.modelId(), embedder.dimensions(), vectors);
        Optional<Long> documentId = store.store(upload.id(), owner, doc);
        if (documentId.isEmpty()) {
            return lost(upload);
        }
        metrics.stored(total, doc.wordCount());
        LOG.infof("upload %d ingested as document %d: %d chunks (%d words)", upload.id(), documentId.get(), total, doc.wordCount());
        return Outcome.READY;
    }

    private Path storedFile(ClaimedUpload upload) throws IngestFailure {
        // The stored name is generated by the API (a UUID); still, never follow one out of the uploads folder.
        Path file = uploads.resolve(upload.storedName()).normalize();
        if (!file.startsWith(uploads) || file.equals(uploads)) {
            throw new IngestFailure("the stored file name is not inside the uploads folder");
        }
        return file;
    }

    private static String title(Extracted extracted, ClaimedUpload upload) {
        String title = extracted.title() != null ? extracted.title() : upload.originalName();
        if (title == null || title.isBlank()) {
            title = "upload " + upload.id();
        }
        return title.length() > 500 ? title.substring(0, 500) : title;
    }

    private static int wordCount(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }

    private Outcome fail(ClaimedUpload upload, String owner, String reason) {
        String redacted = Redactor.standard().redact(reason);
        if (!store.fail(upload.id(), owner, redacted)) {
            return lost(upload);
        }
        LOG.infof("upload %d failed: %s", upload.id(), redacted);
        return Outcome.FAILED;
    }

    private static Outcome lost(ClaimedUpload upload) {
        LOG.warnf("upload %d: lease lost; another ingester takes it over", upload.id());
        return Outcome.LEASE_LOST;
    }
}
