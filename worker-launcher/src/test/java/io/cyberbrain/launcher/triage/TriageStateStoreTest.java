package io.cyberbrain.launcher.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cyberbrain.launcher.DispatcherOff;
import io.cyberbrain.launcher.TestRuns;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(DispatcherOff.class)
class TriageStateStoreTest {

    static final Instant T0 = Instant.parse("2027-01-01T00:00:00Z");
    static final Instant T1 = Instant.parse("2027-01-01T01:00:00Z");
    static final Instant T2 = Instant.parse("2027-01-01T02:00:00Z");

    @Inject
    TriageStateStore store;

    @Inject
    DataSource ds;

    @BeforeEach
    void empty() throws Exception {
        TestRuns.execute(ds, "delete from log_cursor");
        TestRuns.execute(ds, "delete from log_template");
    }

    private long run() throws Exception {
        long job = TestRuns.pendingJobs(ds, 1).get(0);
        return Long.parseLong(TestRuns.string(ds, "select run_id from run_job where id = " + job));
    }

    private static Map<String, Object> cursor(String key, long offset) {
        return Map.of("source_key", key, "device", 2049L, "inode", 77L + offset, "offset", offset, "file_size", offset,
                "head_sha256", "ab".repeat(32));
    }

    private static Map<String, Object> template(String hash, long count, Instant first, Instant last, String source) {
        return Map.of("hash", hash, "text", "Connection from <*> closed", "level", "INFO", "count", count,
                "first_seen", first.toString(), "last_seen", last.toString(), "sources", List.of(source));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCommittedStateComesBackAsTheNextRunsInputs() throws Exception {
        long run1 = run();
        store.commit(run1, new TriageStateStore.State(List.of(cursor("app.log", 100), cursor("gone.log", 5)),
                List.of(template("h1", 10, T0, T1, "app.log"))), T0, T1);
        long run2 = run();
        store.commit(run2, new TriageStateStore.State(List.of(cursor("app.log", 250)),
                List.of(template("h1", 4, T1, T2, "db.log"), template("h2", 1, T2, T2, "db.log"))), T1, T2);

        Map<String, Object> inputs = store.inputs();
        List<Map<String, Object>> cursors = (List<Map<String, Object>>) inputs.get("log_cursors");
        assertEquals(1, cursors.size(), "the cursor of a file that disappeared is dropped");
        assertEquals(250L, cursors.get(0).get("offset"));
        assertEquals(java.util.Set.of("h1", "h2"), java.util.Set.copyOf((List<String>) inputs.get("known_templates")));
        Map<String, List<Map<String, Object>>> baselines = (Map<String, List<Map<String, Object>>>) inputs.get("template_baselines");
        assertEquals(List.of(4L, 10L), baselines.get("h1").stream().map(w -> w.get("line_count")).toList(), "most recent first");
        assertEquals(T1.toString(), baselines.get("h1").get(0).get("window_start"));

        assertEquals("14|2027-01-01 00:00:00+00|2027-01-01 02:00:00+00|{app.log,db.log}", TestRuns.string(ds,
                "select total_count || '|' || first_seen || '|' || last_seen || '|' || "
                        + "(select array_agg(s order by s) from unnest(sources) s)::text from log_template where template_hash = 'h1'"));
        assertTrue(TestRuns.string(ds, "select count(*) from log_template_window").equals("3"));
    }
}
