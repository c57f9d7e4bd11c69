package io.cyberbrain.ingester.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.embeddeddb.PrometheusScrape;
import io.cyberbrain.ingester.ingest.IngestStore.NewDocument;
import io.cyberbrain.model.claim.LeaseClaimer;
import io.cyberbrain.model.config.PathsConfig;
import io.cyberbrain.model.rag.UploadClaims;
import io.cyberbrain.rag.chunk.Chunker;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Uploads queued the way the API queues them (a stored file, a {@code queued} row, NOTIFY) become documents
 * with chunks and 384-d embeddings, or fail with a reason; claims and expired leases never store a document
 * twice. Real Postgres, real Tika, real MiniLM.
 */
@QuarkusTest
class UploadIngestionTest {

    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    @Inject
    AgroalDataSource ds;

    @Inject
    PathsConfig paths;

    @Inject
    LeaseClaimer claimer;

    @Inject
    IngestStore store;

    @Inject
    IngestGauges gauges;

    @Test
    void aTextFileBecomesAReadyDocumentWithChunksAndEmbeddings() throws Exception {
        long id = queue("disks.txt", "text/plain", words("The disk array rebuilt after a failed drive.", 40));
        awaitEnd(id);
        assertReady(id, 3);
    }

    @Test
    void aMarkdownFileBecomesAReadyDocument() throws Exception {
        String md = "# Runbook\n\n## GPU memory\n\n"
                + new String(words("When *VRAM* runs out, restart the `vllm` container.", 15), StandardCharsets.UTF_8);
        long id = queue("runbook.md", "text/markdown", md.getBytes(StandardCharsets.UTF_8));
        awaitEnd(id);
        assertReady(id, 1);
        assertTrue(text(id).contains("restart the `vllm` container"), "markdown kept as text");
    }

    @Test
    void htmlAndJsonBecomeReadyDocumentsOfTheirText() throws Exception {
        String html = "<html><head><title>Nginx runbook</title><script>var hidden = 1;</script></head><body><h1>Restarts</h1><p>"
                + new String(words("Nginx restarts when the upstream times out.", 12), StandardCharsets.UTF_8) + "</p></body></html>";
        long htmlId = queue("nginx.html", "text/html", html.getBytes(StandardCharsets.UTF_8));
        String json = "{\"service\": \"postgres\", \"note\": \"" + UUID.randomUUID() + " vacuum runs nightly at two\"}";
        long jsonId = queue("settings.json", "application/json", json.getBytes(StandardCharsets.UTF_8));
        awaitEnd(htmlId);
        awaitEnd(jsonId);
        assertReady(htmlId, 1);
        assertReady(jsonId, 1);
        assertTrue(text(htmlId).contains("upstream times out"));
        assertFalse(text(htmlId).contains("<p>") || text(htmlId).contains("hidden"), "markup and scripts dropped");
        assertEquals("Nginx runbook", query("select title from document where upload_id = " + htmlId));
        assertTrue(text(jsonId).contains("vacuum runs nightly"));
    }

    @Test
    void aDocxBecomesAReadyDocument() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XWPFDocument doc = new XWPFDocument()) {
            doc.getProperties().getCoreProperties().setTitle("Backup policy");
            for (int i = 0; i < 10; i++) {
                doc.createParagraph().createRun().setText("Paragraph " + i + ": nightly backups go to the NAS over NFS.");
            }
            doc.write(out);
        }
        long id = queue("policy.docx", DOCX, out.toByteArray());
        awaitEnd(id);
        assertReady(id, 1);
        assertTrue(text(id).contains("nightly backups go to the NAS"));
        assertEquals("Backup policy", query("select d.title from document d where d.upload_id = " + id));
    }

    @Test
    void aPdfBecomesAReadyDocument() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument pdf = new PDDocument()) {
            for (int p = 0; p < 2; p++) {
                PDPage page = new PDPage();
                pdf.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(pdf, page)) {
                    cs.beginText();
                    cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                    cs.newLineAtOffset(50, 700);
                    for (int line = 0; line < 20; line++) {
                        cs.showText("Page " + p + " line " + line + ": the RAID controller reported a degraded volume.");
                        cs.newLineAtOffset(0, -14);
                    }
                    cs.endText();
                }
            }
            pdf.save(out);
        }
        long id = queue("raid.pdf", "application/pdf", out.toByteArray());
        awaitEnd(id);
        assertReady(id, 2);
        assertTrue(text(id).contains("degraded volume"));
    }

    @Test
    void aCorruptPdfFailsWithAReason() throws Exception {
        byte[] corrupt = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> garbage \u0001\u0002 no xref, no trailer"
                .getBytes(StandardCharsets.ISO_8859_1);
        long id = queue("broken.pdf", "application/pdf", corrupt);
        awaitEnd(id);
        assertEquals("failed", status(id));
        String reason = query("select error_summary from upload_file where id = " + id);
        assertNotNull(reason);
        assertTrue(reason.contains("corrupt") || reason.contains("no text"), reason);
        assertEquals("0", query("select count(*) from document where upload_id = " + id));
    }

    @Test
    void anEncryptedPdfFailsSayingSo() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage();
            pdf.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(pdf, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                cs.newLineAtOffset(50, 700);
                cs.showText("Secret runbook " + UUID.randomUUID());
                cs.endText();
            }
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-pw", "user-pw", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            pdf.protect(policy);
            pdf.save(out);
        }
        long id = queue("locked.pdf", "application/pdf", out.toByteArray());
        awaitEnd(id);
        assertEquals("failed", status(id));
        String reason = query("select error_summary from upload_file where id = " + id);
        assertTrue(reason.contains("encrypted"), reason);
    }

    @Test
    void anEmptyFileFailsWithAReason() throws Exception {
        long id = queue("empty.txt", "text/plain", new byte[0]);
        awaitEnd(id);
        assertEquals("failed", status(id));
        assertEquals("the file is empty", query("select error_summary from upload_file where id = " + id));
    }

    @Test
    void twoClaimersNeverClaimTheSameUpload() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(insert("race-" + i + ".txt", "text/plain", UUID.randomUUID().toString(), "queued"));
        }
        try {
            CompletableFuture<List<Long>> a = CompletableFuture.supplyAsync(() -> claimAll("claimer-a"));
            CompletableFuture<List<Long>> b = CompletableFuture.supplyAsync(() -> claimAll("claimer-b"));
            Set<Long> byA = new HashSet<>(a.get());
            Set<Long> byB = new HashSet<>(b.get());
            Set<Long> both = new HashSet<>(byA);
            both.retainAll(byB);
            assertTrue(both.isEmpty(), "claimed twice: " + both);
            for (long id : byA) {
                assertEquals("claimer-a", query("select lease_owner from upload_file where id = " + id));
            }
            for (long id : byB) {
                assertEquals("claimer-b", query("select lease_owner from upload_file where id = " + id));
            }
            assertFalse(byA.isEmpty() && byB.isEmpty());
        } finally {
            execute("delete from upload_file where id = any(?)", (Object) ids.toArray(Long[]::new));
        }
    }

    @Test
    void anExpiredLeaseMidDocumentPutsItBackAndTheDocumentIsStoredOnce() throws Exception {
        // An ingester claimed it, wrote some progress and died: its lease is already over.
        String stored = UUID.randomUUID() + ".txt";
        Files.createDirectories(paths.uploads());
        Files.write(paths.uploads().resolve(stored), words("The ZFS pool resilvered after the disk swap.", 30));
        long id = insert("zfs.txt", "text/plain", stored, "processing");
        execute("update upload_file set lease_owner = 'dead-ingester', lease_expires_at = now() - interval '1 minute',"
                + " attempts = 1, chunks_total = 4, chunks_done = 2 where id = ?", id);

        awaitEnd(id);
        assertReady(id, 2);
        assertEquals("2", query("select attempts from upload_file where id = " + id), "recovered, then claimed again");

        // The dead ingester wakes up and tries to store its own copy: fenced out by the lease.
        var chunks = new Chunker().chunk("a late copy");
        var late = store.store(id, "dead-ingester", new NewDocument("late", "text/plain", 11, 3, chunks, "m", 384,
                List.of(new byte[384 * 4])));
        assertTrue(late.isEmpty());
        assertEquals("1", query("select count(*) from document where upload_id = " + id));
    }

    @Test
    void anIngestCountsItsOutcomeDurationAndChunks() throws Exception {
        double ready = PrometheusScrape.valueOrZero("cyberbrain_ingest_uploads_total", "outcome", "ready");
        double timed = PrometheusScrape.valueOrZero("cyberbrain_ingest_duration_seconds_count", "outcome", "ready");
        double chunks = PrometheusScrape.valueOrZero("cyberbrain_ingest_chunks_total");
        long id = queue("metrics.txt", "text/plain", words("The backup job copied the pool snapshot offsite.", 40));
        awaitEnd(id);
        assertReady(id, 2);
        int stored = Integer.parseInt(query("select chunk_count from document where upload_id = " + id));

        // Counted just after the document's transaction commits.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> PrometheusScrape.valueOrZero("cyberbrain_ingest_uploads_total", "outcome", "ready") == ready + 1);
        assertEquals(timed + 1, PrometheusScrape.valueOrZero("cyberbrain_ingest_duration_seconds_count", "outcome", "ready"));
        assertEquals(chunks + stored, PrometheusScrape.valueOrZero("cyberbrain_ingest_chunks_total"));
    }

    @Test
    void theBacklogGaugesReadTheQueue() throws Exception {
        // Queued but out of attempts: no claimer takes them, so they stay in the backlog while the gauges are read.
        // They become queued and spent in one statement: inserted as queued, a claimer could take one first.
        long older = insert("backlog-1.txt", "text/plain", UUID.randomUUID() + ".txt", "failed");
        long newer = insert("backlog-2.txt", "text/plain", UUID.randomUUID() + ".txt", "failed");
        try {
            execute("update upload_file set status = 'queued', attempts = max_attempts, created_at = case when id = ?"
                    + " then now() - interval '2 hours' else created_at end where id = any(?)",
                    older, new Long[] {older, newer});
            gauges.refresh();
            assertEquals(Double.parseDouble(query("select count(*) from upload_file where status = 'queued'")),
                    PrometheusScrape.valueOrZero("cyberbrain_ingest_queue", "status", "queued"));
            double age = PrometheusScrape.valueOrZero("cyberbrain_ingest_oldest_queued_age_seconds");
            assertTrue(age >= 7200 && age < 7300, "oldest queued upload waited about 2 h: " + age);
        } finally {
            execute("delete from upload_file where id = any(?)", (Object) new Long[] {older, newer});
            gauges.refresh();
        }
        assertEquals(0, PrometheusScrape.valueOrZero("cyberbrain_ingest_oldest_queued_age_seconds"));
    }

    private List<Long> claimAll(String owner) {
        List<Long> mine = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            mine.addAll(claimer.claim(UploadClaims.SPEC, owner, Duration.ofMinutes(5), 3).await().indefinitely());
        }
        return mine;
    }

    // ---- helpers

    static byte[] words(String sentence, int times) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < times; i++) {
            sb.append(sentence).append(i % 5 == 4 ? "\n\n" : " ");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    long queue(String name, String mime, byte[] content) throws Exception {
        String stored = UUID.randomUUID() + ".bin";
        Files.createDirectories(paths.uploads());
        Files.write(paths.uploads().resolve(stored), content);
        long id = insert(name, mime, stored, "queued");
        execute("select pg_notify('cyberbrain_uploads', ?)", Long.toString(id));
        return id;
    }

    long insert(String name, String mime, String stored, String status) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into upload_file (original_name, stored_name, sha256, size_bytes, mime_type, status, created_at, updated_at)"
                        + " values (?, ?, ?, 0, ?, ?, now(), now()) returning id")) {
            ps.setString(1, name);
            ps.setString(2, stored);
            ps.setString(3, UUID.randomUUID().toString().replace("-", "") + "00000000000000000000000000000000");
            ps.setString(4, mime);
            ps.setString(5, status);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void awaitEnd(long id) {
        await().atMost(Duration.ofSeconds(90)).until(() -> Set.of("ready", "failed").contains(status(id)));
    }

    void assertReady(long id, int minChunks) throws Exception {
        String error = query("select error_summary from upload_file where id = " + id);
        assertEquals("ready", status(id), "error: " + error);
        int chunks = Integer.parseInt(query("select count(*) from chunk c join document d on d.id = c.document_id where d.upload_id = " + id));
        assertTrue(chunks >= minChunks, "chunks: " + chunks);
        assertEquals(Integer.toString(chunks), query("select chunk_count from document where upload_id = " + id));
        assertEquals(chunks + "/" + chunks, query("select chunks_done || '/' || chunks_total from upload_file where id = " + id));
        assertEquals(chunks + " all-minilm-l6-v2 384 1536", query("select count(*) || ' ' || min(e.model) || ' ' || min(e.dimensions)"
                + " || ' ' || min(octet_length(e.vector)) from embedding e join chunk c on c.id = e.chunk_id"
                + " join document d on d.id = c.document_id where d.upload_id = " + id));
        assertEquals("null", query("select coalesce(lease_owner, 'null') from upload_file where id = " + id));
    }

    String text(long id) throws Exception {
        return query("select string_agg(c.chunk_text, ' ' order by c.chunk_index) from chunk c join document d"
                + " on d.id = c.document_id where d.upload_id = " + id);
    }

    String status(long id) throws Exception {
        return query("select status from upload_file where id = " + id);
    }

    String query(String sql) throws Exception {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    void execute(String sql, Object... args) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Long[] array) {
                    ps.setArray(i + 1, c.createArrayOf("bigint", array));
                } else {
                    ps.setObject(i + 1, args[i]);
                }
            }
            ps.execute();
        }
    }
}
