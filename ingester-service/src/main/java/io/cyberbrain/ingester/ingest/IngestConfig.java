package io.cyberbrain.ingester.ingest;

import java.time.Duration;
import java.util.Optional;

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

    /** Limits on Tika's parse, against decompression bombs and deeply nested containers. */
    interface Tika {

        /** A container whose output exceeds its input by more than this ratio is refused as a zip bomb ... */
        @WithDefault("100")
        long maxCompressionRatio();

        /** ... once it has produced this many characters (small files may legitimately expand a lot). */
        @WithDefault("1000000")
        long outputThreshold();

        /** Deepest XHTML nesting the parser may produce. */
        @WithDefault("100")
        int maxDepth();

        /** Deepest nesting of embedded documents (a zip inside a docx inside a zip ...). */
        @WithDefault("10")
        int maxPackageEntryDepth();
    }
}
