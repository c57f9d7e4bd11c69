package io.cyberbrain.api.rag;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.api.Tokens;
import io.cyberbrain.model.config.PathsConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** Uploads over real HTTP into real Postgres: stored, typed by content, deduplicated, limited, deletable. */
@QuarkusTest
class RagUploadTest {

    @Inject
    AgroalDataSource ds;

    @Inject
    PathsConfig paths;

    static RequestSpecification as(String role) {
        return given().header("Authorization", "Bearer " + Tokens.of(role));
    }

    static byte[] text(String body) {
        return (body + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anUploadIsStoredQueuedAndAnnouncedAndTheSameBytesAgainReturnTheSameUpload() throws Exception {
        byte[] content = text("Disk sda reported 12 reallocated sectors.");
        try (Connection listen = ds.getConnection()) {
            listen.createStatement().execute("listen cyberbrain_uploads");
            try {
                uploadTwice(listen, content);
            } finally {
                // The connection goes back to the pool: it must not keep hearing uploads in another test.
                listen.createStatement().execute("unlisten *");
                listen.unwrap(PGConnection.class).getNotifications();
            }
        }
    }

    private void uploadTwice(Connection listen, byte[] content) throws Exception {
        int id = as("operator").multiPart("file", "smart.log", content, "application/octet-stream")
                .post("/api/rag/uploads").then().statusCode(201)
                .header("Location", containsString("/api/rag/uploads/"))
                .body("status", equalTo("queued"))
                .body("mime_type", equalTo("text/plain"))
                .body("original_name", equalTo("smart.log"))
                .body("size_bytes", equalTo(content.length))
                .body("chunks_done", equalTo(0))
                .extract().path("id");
        PGNotification[] heard = listen.unwrap(PGConnection.class).getNotifications(10_000);
        assertTrue(heard != null && Arrays.stream(heard).anyMatch(n -> n.getParameter().equals(Integer.toString(id))),
                "the ingesters were told");
        assertTrue(Files.isRegularFile(stored(id)));

        as("operator").multiPart("file", "again.txt", content, "text/plain")
                .post("/api/rag/upload").then().statusCode(200)
                .body("id", equalTo(id));
        as("viewer").get("/api/rag/uploads/" + id).then().statusCode(200).body("status", equalTo("queued"));
        as("viewer").get("/api/rag/uploads?status=queued&size=500").then().statusCode(200)
                .body("items.id", hasItem(id));
        assertEquals("1", query("select count(*) from upload_file where sha256 = (select sha256 from upload_file where id = " + id + ")"));
    }

    @Test
    void aFileOverTheLimitIs413ProblemJson() {
        byte[] big = new byte[65536 + 1];
        Arrays.fill(big, (byte) 'a');
        as("operator").multiPart("file", "big.txt", big, "text/plain")
                .post("/api/rag/uploads").then().statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("65536"));
    }

    @Test
    void aBodyOverTheHttpLimitIsAlso413ProblemJson() {
        byte[] huge = new byte[2 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'a');
        as("operator").multiPart("file", "huge.txt", huge, "text/plain")
                .post("/api/rag/uploads").then().statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
    }

    @Test
    void anExecutableNamedTxtIs415() {
        byte[] elf = new byte[512];
        byte[] header = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0};
        System.arraycopy(header, 0, elf, 0, header.length);
        elf[100] = (byte) UUID.randomUUID().hashCode();
        as("operator").multiPart("file", "notes.txt", elf, "text/plain")
                .post("/api/rag/uploads").then().statusCode(415)
                .contentType("application/problem+json")
                .body("detail", containsString("allowed"));
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        as("operator").multiPart("file", "readme.md", zip, "text/markdown")
                .post("/api/rag/uploads").then().statusCode(415);
    }

    @Test
    void aPdfIsRecognisedByItsContent() {
        byte[] pdf = ("%PDF-1.4\n%" + UUID.randomUUID() + "\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n").getBytes(StandardCharsets.ISO_8859_1);
        as("operator").multiPart("file", "scan.bin", pdf, "application/octet-stream")
                .post("/api/rag/uploads").then().statusCode(201)
                .body("mime_type", equalTo("application/pdf"));
    }

    @Test
    void aFileNameWithDotDotIsOnlyMetadata() throws Exception {
        Path uploads = paths.uploads().toAbsolutePath().normalize();
        int id = as("operator").multiPart("file", "../../escape.md", text("# Notes"), "text/markdown")
                .post("/api/rag/uploads").then().statusCode(201)
                .body("original_name", equalTo("escape.md"))
                .body("mime_type", equalTo("text/markdown"))
                .extract().path("id");
        String storedName = query("select stored_name from upload_file where id = " + id);
        assertTrue(storedName.matches("[0-9a-f-]{36}"), storedName);
        assertTrue(Files.isRegularFile(uploads.resolve(storedName)));
        assertFalse(Files.exists(uploads.getParent().resolve("escape.md")));
        assertFalse(Files.exists(uploads.getParent().getParent().resolve("escape.md")));
    }

    @Test
    void withoutAFileItIs400() {
        as("operator").multiPart("other", "x.txt", text("x"), "text/plain")
                .post("/api/rag/uploads").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("file"));
    }

    @Test
    void aViewerCannotUpload() {
        as("viewer").multiPart("file", "v.txt", text("viewer"), "text/plain")
                .post("/api/rag/uploads").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void deletingADocumentRemovesItsRowsItsUploadAndItsFile() throws Exception {
        int uploadId = as("operator").multiPart("file", "gone.txt", text("Short lived."), "text/plain")
                .post("/api/rag/uploads").then().statusCode(201).extract().path("id");
        Path file = stored(uploadId);
        long documentId = RagFixtures.storeDocument(ds, uploadId, "gone", new String[] {"Short lived."}, null);

        as("viewer").get("/api/rag/documents?size=500").then().statusCode(200).body("items.id", hasItem((int) documentId));
        as("viewer").delete("/api/rag/documents/" + documentId).then().statusCode(403);
        as("operator").delete("/api/rag/documents/" + documentId).then().statusCode(204);

        assertEquals("0", query("select count(*) from document where id = " + documentId));
        assertEquals("0", query("select count(*) from chunk where document_id = " + documentId));
        assertEquals("0", query("select count(*) from upload_file where id = " + uploadId));
        assertFalse(Files.exists(file));
        as("viewer").get("/api/rag/documents?size=500").then().statusCode(200).body("items.id", not(hasItem((int) documentId)));
        as("operator").delete("/api/rag/documents/" + documentId).then().statusCode(404).contentType("application/problem+json");
    }

    Path stored(int uploadId) throws Exception {
        return paths.uploads().toAbsolutePath().normalize().resolve(query("select stored_name from upload_file where id = " + uploadId));
    }

    String query(String sql) throws Exception {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
