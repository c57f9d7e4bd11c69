package io.cyberbrain.ingester;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cyberbrain.embeddeddb.EmbeddedPostgresServer;
import io.cyberbrain.embeddeddb.ServiceProcesses;
import io.cyberbrain.model.rag.RagEvents;

/**
 * The packaged ingester with the heap it gets by default (512 MB, as the local launcher starts it) and the
 * images' {@code -XX:+ExitOnOutOfMemoryError}, so that running out of memory even once ends the process and
 * the test: a zip, a DOCX and PDFs (a page, an xref stream, an object stream) that each unpack to 1 GiB, queued between ordinary uploads, fail with the
 * limit they broke, the ordinary ones are ingested, and the ingester answers ready all along.
 */
class IngesterBombsIT {

    private Path work;
    private EmbeddedPostgresServer db;
    private String jdbc;
    private Process ingester;
    private int port;

    @BeforeEach
    void databaseAndIngester() throws Exception {
        work = Files.createTempDirectory("cb-ingester-bombs-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(work.resolve("uploads"));
        db = EmbeddedPostgresServer.start(work.resolve("db"), 0, work.resolve("postgres.log"));
        db.createDatabase("cyberbrain");
        jdbc = db.jdbcUrl("cyberbrain");
        port = ServiceProcesses.freePort();
        ProcessBuilder pb = ServiceProcesses.packagedService("ingester", work, "512m", db, "cyberbrain",
                "-XX:+ExitOnOutOfMemoryError");
        pb.environment().put("CYBERBRAIN_INGESTER_PORT", Integer.toString(port));
        pb.environment().put("CYBERBRAIN_INGEST_HEARTBEAT_INTERVAL", "1s");
        pb.environment().put("CYBERBRAIN_INGEST_POLL_INTERVAL", "1s");
        ingester = pb.start();
        await().atMost(Duration.ofMinutes(2)).until(() -> ServiceProcesses.ready(port));
    }

    @AfterEach
    void stopEverything() {
        if (ingester != null) {
            ingester.destroyForcibly();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void bombsFailAtTheLimitWhileTheIngesterStaysReadyAndIngestsTheRest() throws Exception {
        Path bombs = Path.of("target", "bombs");
        Map<Long, String> bombIds = new LinkedHashMap<>();
        List<Long> ordinary = new ArrayList<>();
        ordinary.add(queue("before.txt", "The UPS switched to battery during the storm.".getBytes(StandardCharsets.UTF_8)));
        bombIds.put(queue("logs.zip", Files.readAllBytes(Bombs.zip(bombs))), "entry 'zeros.txt' unpacks");
        ordinary.add(queue("between-1.txt", "The NAS replicated the pool overnight.".getBytes(StandardCharsets.UTF_8)));
        bombIds.put(queue("runbook.docx", Files.readAllBytes(Bombs.docx(bombs))), "entry 'word/document.xml' unpacks");
        ordinary.add(queue("between-2.txt", "The router rebooted after the firmware update.".getBytes(StandardCharsets.UTF_8)));
        bombIds.put(queue("manual.pdf", Files.readAllBytes(Bombs.pdf(bombs))), "stream 4 0 unpacks");
        bombIds.put(queue("export.pdf", Files.readAllBytes(Bombs.pdfXrefStream(bombs))), "stream 6 0 unpacks");
        bombIds.put(queue("report.pdf", Files.readAllBytes(Bombs.pdfObjectStream(bombs))), "stream 6 0 unpacks");
        ordinary.add(queue("after.txt", "The GPU fan curve was raised to keep it under 80 C.".getBytes(StandardCharsets.UTF_8)));

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertTrue(ingester.isAlive(), "the ingester died: see " + work.resolve("ingester.log"));
            assertTrue(ServiceProcesses.ready(port), "the ingester stopped answering ready");
            return "0".equals(value("select count(*) from upload_file where status not in ('ready', 'failed')"));
        });
        for (Map.Entry<Long, String> bomb : bombIds.entrySet()) {
            long id = bomb.getKey();
            assertEquals("failed", value("select status from upload_file where id = " + id));
            String reason = value("select error_summary from upload_file where id = " + id);
            assertTrue(reason.startsWith("document exceeds the extraction limit: ") && reason.contains(bomb.getValue()), reason);
            assertEquals("1", value("select attempts from upload_file where id = " + id), "failed once, not retried");
        }
        for (long id : ordinary) {
            assertEquals("ready", value("select status from upload_file where id = " + id),
                    value("select error_summary from upload_file where id = " + id));
        }
        // Still consuming afterwards: a new upload is picked up and the readiness check (heartbeat, polls) holds.
        long last = queue("last.txt", "The backup job finished in twelve minutes.".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofMinutes(1)).until(() -> "ready".equals(value("select status from upload_file where id = " + last)));
        assertTrue(ServiceProcesses.ready(port));
        String log = Files.readString(work.resolve("ingester.log"), StandardCharsets.UTF_8);
        assertFalse(log.contains("OutOfMemoryError"), "no OutOfMemoryError, not even caught");
    }

    /** A queued upload, as the API leaves it: the stored file and its row, then the NOTIFY. */
    private long queue(String name, byte[] bytes) throws Exception {
        String stored = UUID.randomUUID() + ".bin";
        Files.write(work.resolve("uploads").resolve(stored), bytes);
        String sha = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        long id = Long.parseLong(value("insert into upload_file (original_name, stored_name, sha256, size_bytes, mime_type,"
                + " status, created_at, updated_at) values ('" + name + "', '" + stored + "', '" + sha + "', " + bytes.length
                + ", 'application/octet-stream', 'queued', clock_timestamp(), clock_timestamp()) returning id"));
        value("select cast(pg_notify('" + RagEvents.UPLOADS_CHANNEL + "', '" + id + "') as text)");
        return id;
    }

    private String value(String sql) throws SQLException {
        return ServiceProcesses.value(jdbc, sql);
    }
}
