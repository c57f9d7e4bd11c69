package io.cyberbrain.ingester;

import java.util.List;

import io.cyberbrain.embeddeddb.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class IngesterServiceBootTest extends ServiceBootContract {

    @Override
    protected List<String> expectedMetrics() {
        return List.of("cyberbrain_ingest_uploads_total", "cyberbrain_ingest_duration_seconds_bucket", "cyberbrain_ingest_chunks_total",
                "cyberbrain_ingest_words_total", "cyberbrain_ingest_queue", "cyberbrain_ingest_oldest_queued_age_seconds");
    }
}
