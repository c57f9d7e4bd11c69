package io.cyberbrain.ingester;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cyberbrain.embeddeddb.EmbeddedPostgresServer;
import io.cyberbrain.embeddeddb.ServiceProcesses;
import io.cyberbrain.model.rag.RagEvents;
import io.cyberbrain.rag.chunk.Chunker;

/**
 * Two real ingester processes (the packaged application) share one queue in one database. One of them is killed
 * with SIGKILL in the middle of a large document, after it wrote progress: the other takes the upload over once
 * the lease expires, and the document is stored once, whole. Small uploads queued beside it are shared between
 * the two without any being ingested twice.
 */
class IngesterProcessesIT {

    private static final Pattern INGESTED = Pattern.compile("upload (\\d+) ingested as document \\d+");

    private Path work;
    private EmbeddedPostgresServer db;
    private String jdbc;
    private final Map<String, Process> ingesters = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    @BeforeEach
    void databaseAndTwoIngesters() throws Exception {
        work = Files.createTempDirectory("cb-two-ingesters-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(work.resolve("uploads"));
        db = EmbeddedPostgresServer.start(work.resolve("db"), 0, work.resolve("postgres.log"));
        db.createDatabase("cyberbrain");
        jdbc = db.jdbcUrl("cyberbrain");
        for (String name : List.of("ingester-a", "ingester-b")) {
            ingesters.put(name, start(name));
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> ports.values().stream().allMatch(ServiceProcesses::ready));
    }

    private Process start(String name) throws IOException {
        int port = ServiceProcesses.freePort();
        ports.put(name, port);
        ProcessBuilder pb = ServiceProcesses.packagedService(name, work, "512m", db, "cyberbrain");
        Map<String, String> env = pb.environment();
        env.put("CYBERBRAIN_INGESTER_PORT", Integer.toString(port));
        env.put("CYBERBRAIN_INGEST_INSTANCE_ID", name);
        env.put("CYBERBRAIN_INGEST_LEASE", "4s");
        env.put("CYBERBRAIN_INGEST_HEARTBEAT_INTERVAL", "1s");
        env.put("CYBERBRAIN_INGEST_POLL_INTERVAL", "1s");
        env.put("CYBERBRAIN_INGEST_BATCH_SIZE", "4");
        return pb.start();
    }

    @AfterEach
    void stopEverything() {
        ingesters.values().forEach(Process::destroyForcibly);
        if (db != null) {
            db.close();
        }
    }

    @Test
    void anIngesterKilledMidDocumentLosesNothingAndTheQueueIsSharedWithoutDoubleWork() throws Exception {
        String bigText = text("The ZFS pool resilvered after the disk swap and the scrub found no error.", 12_000);
        long big = queue("zfs-runbook.txt", bigText);
        List<Long> small = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            small.add(queue("note-" + i + ".txt", text("Note " + i + " about the backup of volume " + i + ".", 300)));
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() ->
                "processing".equals(value("select status from upload_file where id = " + big))
                        && Integer.parseInt(value("select chunks_done from upload_file where id = " + big)) > 0);
        String holder = value("select lease_owner from upload_file where id = " + big);
        ingesters.get(holder).destroyForcibly().waitFor();
        String survivor = holder.equals("ingester-a") ? "ingester-b" : "ingester-a";

        await().atMost(Duration.ofMinutes(4)).until(() -> "0".equals(value(
                "select count(*) from upload_file where status <> 'ready'")));
        int expectedChunks = new Chunker().chunk(bigText).size();
        assertEquals("1", value("select count(*) from document where upload_id = " + big));
        assertEquals(String.valueOf(expectedChunks), value("select count(*) from chunk c join document d on d.id = c.document_id"
                + " join embedding e on e.chunk_id = c.id where d.upload_id = " + big), "the whole document, each chunk once");
        assertEquals("2", value("select attempts from upload_file where id = " + big), "claimed by the killed one, then once more");
        assertEquals(String.valueOf(small.size() + 1), value("select count(*) from document"), "one document per upload");

        Map<Long, String> doneBy = new HashMap<>();
        for (String name : List.of(holder, survivor)) {
            Matcher m = INGESTED.matcher(Files.readString(work.resolve(name + ".log"), StandardCharsets.UTF_8));
            while (m.find()) {
                String before = doneBy.put(Long.parseLong(m.group(1)), name);
                assertEquals(null, before, "upload " + m.group(1) + " ingested by " + before + " and " + name);
            }
        }
        assertEquals(survivor, doneBy.get(big));
        assertEquals(small.size() + 1, doneBy.size(), "every upload ingested exactly once: " + doneBy);
        for (long id : small) {
            assertEquals("1", value("select attempts from upload_file where id = " + id), "upload " + id + " claimed once");
            // the big one was claimed first (oldest first); while its holder worked on it the other took the rest
            assertEquals(survivor, doneBy.get(id), "upload " + id);
        }
    }

    /** A text of at least {@code words} words, the sentence repeated with a running number so chunks differ. */
    private static String text(String sentence, int words) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (int i = 0; n < words; i++) {
            b.append(sentence).append(" Paragraph ").append(i).append(".\n");
            n += sentence.split("\\s+").length + 2;
        }
        return b.toString();
    }

    /** A queued upload, as the API leaves it: the stored file and its row, then the NOTIFY. */
    private long queue(String name, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String stored = UUID.randomUUID() + ".txt";
        Files.write(work.resolve("uploads").resolve(stored), bytes);
        String sha = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        long id = Long.parseLong(value("insert into upload_file (original_name, stored_name, sha256, size_bytes, mime_type,"
                + " status, created_at, updated_at) values ('" + name + "', '" + stored + "', '" + sha + "', " + bytes.length
                + ", 'text/plain', 'queued', clock_timestamp(), clock_timestamp()) returning id"));
        value("select cast(pg_notify('" + RagEvents.UPLOADS_CHANNEL + "', '" + id + "') as text)");
        return id;
    }

    private String value(String sql) throws SQLException {
        return ServiceProcesses.value(jdbc, sql);
    }
}
