package io.cyberbrain.api.rag;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.api.Tokens;
import io.cyberbrain.embeddeddb.PrometheusScrape;
import io.cyberbrain.model.rag.RetrievalEvents;
import io.cyberbrain.rag.embed.MiniLmEmbedder;
import io.cyberbrain.rag.search.Relevance;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Search over documents stored as the ingester stores them: ranked by meaning and words, validated, and
 * leaving a retrieval event with the query's hash and never its text, in no table and no log line.
 */
@QuarkusTest
class RagSearchTest {

    static final String[] DISKS = {
            "The storage server lost a hard drive overnight. SMART reported reallocated sectors and pending sectors on sdb"
                    + " before the disk failed completely, and the RAID array went into a degraded state.",
            "To replace a failed disk, identify the drive by its serial number, swap it, and let the array rebuild."
                    + " Watch for read errors on the remaining disks during the rebuild: a second disk failure loses data."};
    static final String[] GPUS = {
            "The inference container crashed with CUDA out of memory while loading a 70B model on the RTX 4090."
                    + " VRAM usage was already at 22 GB because another process kept its allocation.",
            "To free GPU memory, stop idle model servers, lower the context length, or quantise the model so that its"
                    + " weights and KV cache fit into the available video memory."};

    @Inject
    AgroalDataSource ds;

    @Inject
    MiniLmEmbedder embedder;

    @Inject
    SearchIndexHolder holder;

    long disks;
    long gpus;

    @BeforeEach
    void twoDocuments() throws Exception {
        disks = RagFixtures.storeDocument(ds, RagFixtures.readyUpload(ds, "disks.txt"), "Disk failures", DISKS, embedder);
        gpus = RagFixtures.storeDocument(ds, RagFixtures.readyUpload(ds, "gpu.txt"), "GPU memory", GPUS, embedder);
        await().atMost(Duration.ofSeconds(30)).until(() -> holder.contains(disks) && holder.contains(gpus));
    }

    JsonPath hits(Map<String, Object> body) {
        return Tokens.as("viewer").body(body).post("/api/rag/search").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aDocumentWithAnUnreadableVectorIsLeftOutAndTheRestStaySearchable() throws Exception {
        long upload = RagFixtures.readyUpload(ds, "other-model.txt");
        try (Connection c = ds.getConnection()) {
            ResultSet rs = c.createStatement().executeQuery("insert into document (upload_id, title, mime_type, chunk_count,"
                    + " created_at) values (" + upload + ", 'Other model', 'text/plain', 1, now()) returning id");
            rs.next();
            long document = rs.getLong(1);
            rs = c.createStatement().executeQuery("insert into chunk (document_id, chunk_index, chunk_text, start_offset,"
                    + " end_offset, word_count) values (" + document + ", 0, 'embedded by another model', 0, 25, 4) returning id");
            rs.next();
            // two dimensions, as another model might have stored: not a 384-d MiniLM vector
            c.createStatement().execute("insert into embedding (chunk_id, model, dimensions, vector, created_at) values ("
                    + rs.getLong(1) + ", 'other', 2, '\\x0000803f00000040', now())");
        }

        holder.reconcile();

        // (earlier tests of this class left copies of both documents: each is found, not necessarily first)
        assertTrue(hits(Map.of("query", "the hard drive failed", "top_k", 100)).getList("hits.document_id", Long.class)
                .contains(disks));
        assertTrue(hits(Map.of("query", "CUDA out of memory", "top_k", 100)).getList("hits.document_id", Long.class)
                .contains(gpus));
        assertFalse(hits(Map.of("query", "embedded by another model", "top_k", 100)).getList("hits.document_title", String.class)
                .contains("Other model"));
    }

    @Test
    void aQueryOfNothingInTheLibraryGetsNoPassageAndTheAnswerSaysSo() {
        // random letters, and plain words about something no document is about
        for (String query : List.of("zqxj vkwp bnqz rtxq pfjd", "a recipe for chocolate cake with fresh strawberries")) {
            Tokens.as("viewer").body(Map.of("query", query, "document_ids", List.of(disks, gpus)))
                    .post("/api/rag/search").then().statusCode(200)
                    .body("hits.size()", equalTo(0))
                    .body("no_relevant_passage", equalTo(true))
                    .body("relevance_floor", equalTo((float) Relevance.FLOOR));
        }
    }

    @Test
    void aRelevantQueryGetsPassagesOfRelevanceFromTheFloorToOneRankedByScore() {
        JsonPath answer = hits(Map.of("query", "why did my hard drive fail and how do I replace it",
                "document_ids", List.of(disks, gpus), "top_k", 10));
        assertEquals(false, answer.getBoolean("no_relevant_passage"));
        List<Double> relevance = answer.getList("hits.relevance", Double.class);
        List<Double> score = answer.getList("hits.score", Double.class);
        assertFalse(relevance.isEmpty());
        for (int i = 0; i < relevance.size(); i++) {
            assertTrue(relevance.get(i) >= Relevance.FLOOR && relevance.get(i) <= 1, "relevance " + relevance);
            assertTrue(i == 0 || score.get(i - 1) >= score.get(i), "ranked by score: " + score);
        }
        assertEquals(disks, answer.getLong("hits[0].document_id"));
    }

    @Test
    void aQueryAboutDisksRanksTheDiskDocumentFirst() {
        Tokens.as("viewer").body(Map.of("query", "why did my hard drive fail and how do I replace it",
                        "top_k", 5, "document_ids", List.of(disks, gpus)))
                .post("/api/rag/search").then().statusCode(200)
                .body("hits[0].document_id", equalTo((int) disks))
                .body("hits[0].document_title", equalTo("Disk failures"))
                .body("hits[0].text", notNullValue())
                .body("hits[0].chunk_id", notNullValue())
                .body("hits[0].start_offset", greaterThanOrEqualTo(0))
                .body("took_ms", greaterThanOrEqualTo(0));
        Tokens.as("viewer").body(Map.of("query", "CUDA out of memory VRAM", "document_ids", List.of(disks, gpus)))
                .post("/api/rag/search").then().statusCode(200)
                .body("hits[0].document_id", equalTo((int) gpus));
    }

    @Test
    void eachSearchIsTimedInTheLatencyHistogramBySource() {
        double before = PrometheusScrape.valueOrZero("cyberbrain_search_duration_seconds_count", "source", "rest");
        hits(Map.of("query", "disk", "document_ids", List.of(disks)));
        String metrics = PrometheusScrape.scrape();
        assertEquals(before + 1, PrometheusScrape.valueIn(metrics, "cyberbrain_search_duration_seconds_count", "source", "rest")
                .orElseThrow());
        assertEquals(before + 1, PrometheusScrape.valueIn(metrics, "cyberbrain_search_duration_seconds_bucket", "source", "rest",
                "le", "+Inf").orElseThrow());
        assertTrue(PrometheusScrape.valueIn(metrics, "cyberbrain_search_duration_seconds_count", "source", "mcp").isPresent(),
                "every source is exposed from the start");
    }

    @Test
    void theOriginalPathsWork() {
        Tokens.as("viewer").body(Map.of("query", "disk", "document_ids", List.of(disks)))
                .post("/api/rag/search/").then().statusCode(200);
    }

    @Test
    void invalidRequestsAre400NamingTheField() {
        Tokens.as("viewer").body(Map.of("query", "disk", "top_k", 0)).post("/api/rag/search").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("top_k"));
        Tokens.as("viewer").body(Map.of("query", "disk", "top_k", 101)).post("/api/rag/search").then().statusCode(400)
                .body("errors[0].field", equalTo("top_k"));
        Tokens.as("viewer").body(Map.of("query", "")).post("/api/rag/search").then().statusCode(400)
                .body("errors[0].field", equalTo("query"));
        Tokens.as("viewer").body(Map.of("query", "d".repeat(2001))).post("/api/rag/search").then().statusCode(400)
                .body("errors[0].field", equalTo("query"));
        Tokens.as("viewer").body(Map.of("top_k", 3)).post("/api/rag/search").then().statusCode(400)
                .body("errors[0].field", equalTo("query"));
    }

    @Test
    void theQueryIsStoredNowhereOnlyItsHash() throws Exception {
        String canary = "canary" + UUID.randomUUID().toString().replace("-", "");
        String query = "why does " + canary + " keep restarting";
        int count = hits(Map.of("query", query, "document_ids", List.of(disks, gpus))).getList("hits").size();

        try (Connection c = ds.getConnection()) {
            ResultSet rs = c.createStatement().executeQuery("select top_k, result_count, source, run_id, cardinality(hit_chunk_ids)"
                    + " from retrieval_event where query_sha256 = '" + RetrievalEvents.sha256(query) + "'");
            assertTrue(rs.next(), "a retrieval event with the query's hash");
            assertEquals(10, rs.getInt(1));
            assertEquals(count, rs.getInt(2));
            assertEquals("rest", rs.getString(3));
            assertEquals(null, rs.getObject(4));
            assertEquals(count, rs.getInt(5));

            List<String> tables = new ArrayList<>();
            ResultSet t = c.createStatement().executeQuery("select table_name from information_schema.tables"
                    + " where table_schema = current_schema() and table_type = 'BASE TABLE'");
            while (t.next()) {
                tables.add(t.getString(1));
            }
            assertTrue(tables.contains("retrieval_event"));
            for (String table : tables) {
                ResultSet rows = c.createStatement().executeQuery("select count(*) from \"" + table + "\" t where t::text like '%"
                        + canary + "%'");
                rows.next();
                assertEquals(0, rows.getInt(1), "the query is in table " + table);
            }
        }
        Path log = Path.of("target/cyberbrain-api-test.log");
        assertTrue(Files.exists(log), "the test log file is written");
        // The current file and any it was rotated into.
        try (var files = Files.list(log.getParent())) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("cyberbrain-api-test.log")).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(canary),
                        "the query is in the service log " + f);
            }
        }
    }

    @Test
    void aDeletedDocumentLeavesTheIndex() {
        Tokens.as("operator").delete("/api/rag/documents/" + gpus).then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> !holder.contains(gpus));
        assertTrue(holder.contains(disks));
        Tokens.as("viewer").body(Map.of("query", "GPU memory", "document_ids", List.of(gpus)))
                .post("/api/rag/search").then().statusCode(200).body("hits.size()", equalTo(0));
    }
}
