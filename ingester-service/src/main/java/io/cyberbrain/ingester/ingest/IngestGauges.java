package io.cyberbrain.ingester.ingest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cyberbrain.model.rag.UploadStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The ingest backlog as gauges: uploads queued and processing, and how long the oldest queued one has waited.
 * Refreshed from {@code upload_file} on a scheduler worker thread every {@code cyberbrain.metrics.refresh-interval};
 * a scrape only reads the held values.
 */
@Startup // created at start, not at first use: its meters are exposed (at 0) before their first event
@ApplicationScoped
public class IngestGauges {

    private static final Logger LOG = Logger.getLogger(IngestGauges.class);

    private final Pool pool;
    private final Clock clock;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong processing = new AtomicLong();
    private final AtomicLong oldestQueuedSeconds = new AtomicLong();

    public IngestGauges(Pool pool, Clock clock, MeterRegistry registry) {
        this.pool = pool;
        this.clock = clock;
        Gauge.builder("cyberbrain.ingest.queue", queued, AtomicLong::get).description("Uploads by ingest state (backlog)")
                .tag("status", UploadStatus.QUEUED.wire()).register(registry);
        Gauge.builder("cyberbrain.ingest.queue", processing, AtomicLong::get).description("Uploads by ingest state (backlog)")
                .tag("status", UploadStatus.PROCESSING.wire()).register(registry);
        Gauge.builder("cyberbrain.ingest.oldest.queued.age", oldestQueuedSeconds, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest queued upload; 0 when none waits").register(registry);
    }

    @Scheduled(every = "${cyberbrain.metrics.refresh-interval:15s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // Keep the last values; the next round tries again.
            LOG.debugf("metrics refresh failed: %s", e.getMessage());
        }
    }

    /** Reads the backlog from the database. Blocking: worker threads only. */
    void refresh() {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Row r = pool.preparedQuery("""
                        select count(*) filter (where status = $2), count(*) filter (where status = $3),
                               coalesce(extract(epoch from ($1 - min(created_at) filter (where status = $2))), 0)
                        from upload_file where status in ($2, $3)""")
                .execute(Tuple.of(now, UploadStatus.QUEUED.wire(), UploadStatus.PROCESSING.wire())).await().indefinitely().iterator().next();
        queued.set(r.getLong(0));
        processing.set(r.getLong(1));
        oldestQueuedSeconds.set(Math.max(0, r.getNumeric(2).longValue()));
    }
}
