package io.cyberbrain.ingester.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Set;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.model.config.PathsConfig;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Whatever a parser throws, Errors included, fails that upload with a reason and leaves the consumer working;
 * and a consumer that is stuck (no heartbeat succeeds) takes readiness down with it.
 */
@QuarkusTest
class ConsumerSurvivesErrorsTest {

    @Inject
    AgroalDataSource ds;

    @Inject
    PathsConfig paths;

    @Inject
    IngestConfig config;

    QueuedUploads uploads;

    @BeforeEach
    void uploads() {
        uploads = new QueuedUploads(ds, paths.uploads());
    }

    /** The real extractor, except for files named after the Error they throw. */
    static final class ThrowingExtractor extends TextExtractor {

        ThrowingExtractor(IngestConfig config) {
            super(config);
        }

        @Override
        public Extracted extract(Path file, String originalName) throws IngestFailure {
            switch (originalName) {
                case "out-of-memory.txt" -> throw new OutOfMemoryError("Java heap space");
                case "stack-overflow.txt" -> throw new StackOverflowError();
                case "assertion.txt" -> throw new AssertionError("a parser's invariant");
                default -> {
                    return super.extract(file, originalName);
                }
            }
        }
    }

    @Test
    void anErrorFromTheExtractorFailsThatUploadWithAReasonAndTheNextOneIsIngested() throws Exception {
        QuarkusMock.installMockForType(new ThrowingExtractor(config), TextExtractor.class);
        long oom = queue("out-of-memory.txt");
        long deep = queue("stack-overflow.txt");
        long other = queue("assertion.txt");
        long fine = queue("fine.txt");
        for (long id : new long[] {oom, deep, other, fine}) {
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                given().get("/q/health/ready").then().statusCode(200);
                return Set.of("ready", "failed").contains(uploads.status(id));
            });
        }
        assertEquals("failed", uploads.status(oom));
        assertEquals("extraction ran out of memory: the file unpacks to more than the ingester's heap holds"
                + " (a decompression bomb, or a file to split before uploading)", uploads.reason(oom));
        assertEquals("failed", uploads.status(deep));
        assertEquals("document exceeds the extraction limit: the file is nested too deeply to extract", uploads.reason(deep));
        assertEquals("failed", uploads.status(other));
        assertEquals("ingestion failed with AssertionError", uploads.reason(other));
        assertEquals("1 1 1", uploads.query("select string_agg(attempts::text, ' ' order by id) from upload_file where id in ("
                + oom + ", " + deep + ", " + other + ")"), "each failed once, none retried");
        assertEquals("ready", uploads.status(fine), uploads.reason(fine));
    }

    @Test
    void readinessGoesDownWhileTheConsumerIsStuckAndUpWhenItResumes() throws Exception {
        given().get("/q/health/ready").then().statusCode(200);
        try (Connection c = ds.getConnection()) {
            // The database stops answering the consumer: its lease recovery waits on this lock, so no heartbeat succeeds.
            c.setAutoCommit(false);
            c.createStatement().execute("lock table upload_file in exclusive mode");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").statusCode() == 503);
                given().get("/q/health/ready").then()
                        .body("checks.find { it.name == 'upload consumer' }.status", Matchers.is("DOWN"))
                        .body("checks.find { it.name == 'upload consumer' }.data.problem", Matchers.startsWith("no successful heartbeat"));
            } finally {
                c.rollback();
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    private long queue(String name) throws Exception {
        return uploads.queue(name, "text/plain", ("Notes of " + name + ": the UPS switched to battery during the storm.")
                .getBytes(StandardCharsets.UTF_8));
    }
}
