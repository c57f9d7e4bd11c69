package io.cyberbrain.ingester.ingest;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code cyberbrain.ingest.*}: how uploads are claimed, extracted, chunked and embedded. */
@ConfigMapping(prefix = "cyberbrain.ingest")
public interface IngestConfig {

    /** False keeps this instance from claiming uploads (maintenance); health and metrics stay up. */
    @WithDefault("true")
    boolean enabled();

    /** This instance's name in leases; defaults to host name, pid and a random suffix. */
    Optional<String> instanceId();

    /** Uploads ingested at once. One by default: embedding already uses every core. */
    @WithDefault("1")
    int concurrency();

    /** How long a claim holds without a heartbeat; another ingester takes the upload over after that. */
    @WithDefault("120s")
    Duration lease();

    @WithDefault("20s")
    Duration heartbeatInterval();

    /** Polling, the fallback when a NOTIFY was missed. */
    @WithDefault("10s")
    Duration pollInterval();

    /**
     * Readiness goes down when the heartbeat or the polling has not succeeded for this many of its intervals: the
     * consumer is stuck (the database does not answer), and the instance should be restarted.
     */
    @WithDefault("3")
    int livenessIntervals();

    /** Words per chunk. */
    @WithDefault("500")
    int chunkWords();

    /** Words shared by consecutive chunks. */
    @WithDefault("50")
    int chunkOverlap();

    /** Chunks embedded per batch; progress (chunks_done) is written after each batch. */
    @WithDefault("16")
    int batchSize();

    /** Extracted text beyond this many characters is cut off (the document keeps the first part). */
    @WithDefault("5000000")
    int maxExtractedChars();

    Tika tika();

    /**
     * Limits on Tika's parse, against decompression bombs and deeply nested containers. They keep one extraction
     * within a small heap (the ingester runs with 512 MB): what a parser holds at once is bounded by
     * {@link #maxEntryBytes()} and {@code max-extracted-chars}, the work by {@link #maxUnpackedBytes()}.
     */
    interface Tika {

        /**
         * A file whose output exceeds its input by more than this ratio is refused as a bomb: characters out of the
         * whole file, and bytes out of one zip entry or one PDF stream ...
         */
        @WithDefault("100")
        long maxCompressionRatio();

        /** ... once it has produced this many characters or bytes (small parts may legitimately expand a lot). */
        @WithDefault("1000000")
        long outputThreshold();

        /** Most entries a zip container (DOCX, XLSX, PPTX, ODF, EPUB, zip) may have. */
        @WithDefault("10000")
        int maxEntries();

        /** Most bytes one zip entry or one PDF stream (fonts, page content) may unpack to. */
        @WithDefault("64M")
        MemorySize maxEntryBytes();

        /** Most bytes all the entries of a zip container, or all the streams of a PDF, may unpack to together. */
        @WithDefault("512M")
        MemorySize maxUnpackedBytes();

        /**
         * Most objects a PDF may declare (object headers, cross-reference entries, objects in object streams): PDFBox
         * keeps an entry for each while it opens the file, so millions exhaust the heap before any text is read.
         */
        @WithDefault("500000")
        long maxPdfObjects();

        /** Memory PDFBox may use for its stream cache before it spills to temporary files. */
        @WithDefault("16M")
        MemorySize pdfMainMemory();

        /** Deepest XHTML nesting the parser may produce. */
        @WithDefault("100")
        int maxDepth();

        /** Deepest nesting of embedded documents (a zip inside a docx inside a zip ...). */
        @WithDefault("10")
        int maxPackageEntryDepth();
    }
}
