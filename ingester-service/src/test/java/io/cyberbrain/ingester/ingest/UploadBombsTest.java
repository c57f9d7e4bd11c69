package io.cyberbrain.ingester.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.ingester.Bombs;
import io.cyberbrain.model.config.PathsConfig;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Decompression bombs made in the test (a zip, a DOCX, PDFs with a bombing page, xref stream or object stream, each a
 * few MB that unpack to 1 GiB) end
 * {@code failed} with the limit they broke, attempted once; the ingester stays ready, keeps heart-beating, and
 * ingests the next upload. The test JVM's heap (1 GiB) cannot hold what any of them unpacks to.
 */
@QuarkusTest
class UploadBombsTest {

    static final Path BOMBS = Path.of("target", "bombs");

    @Inject
    AgroalDataSource ds;

    @Inject
    PathsConfig paths;

    @Inject
    IngestDispatcher dispatcher;

    QueuedUploads uploads;

    @BeforeEach
    void uploads() {
        uploads = new QueuedUploads(ds, paths.uploads());
    }

    @Test
    void aZipBombFailsAtTheLimitAndTheIngesterGoesOn() throws Exception {
        bombFailsAndTheNextUploadIsIngested("logs.zip", "application/zip", Bombs.zip(BOMBS), "entry 'zeros.txt' unpacks");
    }

    @Test
    void aDocxWhoseTextInflatesToAGigabyteFailsAtTheLimitAndTheIngesterGoesOn() throws Exception {
        bombFailsAndTheNextUploadIsIngested("runbook.docx", UploadIngestionTest.DOCX, Bombs.docx(BOMBS),
                "entry 'word/document.xml' unpacks");
    }

    @Test
    void aPdfWithAGigabyteFlateStreamFailsAtTheLimitAndTheIngesterGoesOn() throws Exception {
        bombFailsAndTheNextUploadIsIngested("manual.pdf", "application/pdf", Bombs.pdf(BOMBS), "stream 4 0 unpacks");
    }

    @Test
    void aPdfWhoseBombingContentCallsItselfAnImageStillFailsAtTheLimit() throws Exception {
        bombFailsAndTheNextUploadIsIngested("scan.pdf", "application/pdf", Bombs.pdfDisguisedAsImage(BOMBS), "stream 4 0 unpacks");
    }

    @Test
    void aPdfWhoseXrefStreamInflatesToAGigabyteFailsAtTheLimitBeforeItIsOpened() throws Exception {
        bombFailsAndTheNextUploadIsIngested("export.pdf", "application/pdf", Bombs.pdfXrefStream(BOMBS), "stream 6 0 unpacks");
    }

    @Test
    void aPdfWhoseObjectStreamInflatesToAGigabyteFailsAtTheLimitBeforeItIsOpened() throws Exception {
        bombFailsAndTheNextUploadIsIngested("report.pdf", "application/pdf", Bombs.pdfObjectStream(BOMBS), "stream 6 0 unpacks");
    }

    private void bombFailsAndTheNextUploadIsIngested(String name, String mime, Path bomb, String part) throws Exception {
        long id = uploads.queue(name, mime, bomb);
        awaitEndWhileReady(id);
        assertEquals("failed", uploads.status(id));
        String reason = uploads.reason(id);
        assertTrue(reason.startsWith("document exceeds the extraction limit: ") && reason.contains(part), reason);
        assertEquals("1", uploads.query("select attempts from upload_file where id = " + id), "failed once, not retried");
        assertEquals("0", uploads.query("select count(*) from document where upload_id = " + id));

        Instant afterBomb = Instant.now();
        long next = uploads.queue("after-" + name + ".txt", "text/plain",
                "The NAS replicated the pool to the backup host overnight.".getBytes(StandardCharsets.UTF_8));
        awaitEndWhileReady(next);
        assertEquals("ready", uploads.status(next), uploads.reason(next));
        await().atMost(Duration.ofSeconds(30)).until(() -> dispatcher.liveness().lastHeartbeat().isAfter(afterBomb)
                && dispatcher.liveness().lastPoll().isAfter(afterBomb));
    }

    /** Waits for the upload to end, asserting at every look that the ingester answers ready. */
    private void awaitEndWhileReady(long id) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            given().get("/q/health/ready").then().statusCode(200);
            return Set.of("ready", "failed").contains(uploads.status(id));
        });
    }
}
