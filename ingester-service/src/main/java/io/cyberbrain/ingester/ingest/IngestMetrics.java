package io.cyberbrain.ingester.ingest;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.ingester.ingest.UploadIngester.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * The ingester's event metrics: each upload attempt by outcome with its duration, and the chunks and words it
 * stored (throughput). Registered at start, so every outcome reads 0 before its first event.
 */
@Startup
@ApplicationScoped
public class IngestMetrics {

    private static final Duration[] INGEST_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15)};

    private final Map<Outcome, Counter> uploads = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Timer> durations = new EnumMap<>(Outcome.class);
    private final Counter chunks;
    private final Counter words;

    public IngestMetrics(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            String tag = outcome.name().toLowerCase(Locale.ROOT);
            uploads.put(outcome, Counter.builder("cyberbrain.ingest.uploads")
                    .description("Upload ingest attempts, by outcome (ready, failed, lease_lost)").tag("outcome", tag).register(registry));
            durations.put(outcome, Timer.builder("cyberbrain.ingest.duration")
                    .description("Time to ingest one upload (extract, chunk, embed, store), by outcome").tag("outcome", tag)
                    .serviceLevelObjectives(INGEST_BUCKETS).register(registry));
        }
        chunks = Counter.builder("cyberbrain.ingest.chunks").description("Chunks (with embeddings) stored by ingests").register(registry);
        words = Counter.builder("cyberbrain.ingest.words").description("Words of extracted text stored by ingests").register(registry);
    }

    /** One attempt ended with {@code outcome} after {@code duration}. */
    public void attempt(Outcome outcome, Duration duration) {
        uploads.get(outcome).increment();
        durations.get(outcome).record(duration.isNegative() ? Duration.ZERO : duration);
    }

    /** A document was stored with this many chunks and words. */
    public void stored(int chunkCount, int wordCount) {
        chunks.increment(chunkCount);
        words.increment(wordCount);
    }
}
