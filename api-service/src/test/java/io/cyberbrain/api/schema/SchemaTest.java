package io.cyberbrain.api.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The live, migrated schema. That this application started at all proves Hibernate's {@code validate}
 * found no drift between entities and migrations; these tests check what validation cannot.
 */
@QuarkusTest
class SchemaTest {

    /** Names that suggest a column could hold what an LLM was told or said (rule 2, docs/design-rules.md). */
    static final Pattern LLM_TEXT = Pattern.compile(
            "prompt|response|completion|messages?|conversation|chat|llm_(input|output|text)|generated_text|answer|reasoning");
    /** On LLM-related tables, any free-text column name of these kinds is suspect too. */
    static final Pattern LLM_TABLE_TEXT = Pattern.compile("content|text|body|payload|output|input");
    static final Set<String> LLM_TABLES = Set.of("llm_call");

    static final Set<String> EXPECTED_TABLES = Set.of("directive", "directive_version", "job", "run", "run_job", "llm_call",
            "run_artifact", "container_allowlist", "container_inventory", "worker_image_allowlist", "worker_audit",
            "gpu_state", "schedule", "scheduled_run", "upload_file", "document", "chunk", "embedding", "retrieval_event",
            "notification_target", "run_notification", "network_policy_recommendation", "api_token", "log_cursor",
            "log_template", "log_template_window", "alert_rule", "alert", "investigation",
            "investigation_step");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void noColumnCouldHoldAnLlmPromptOrResponse() throws SQLException {
        List<String> offenders = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("""
                     select table_name, column_name from information_schema.columns
                     where table_schema = current_schema() and table_name <> 'flyway_schema_history'""")) {
            while (rs.next()) {
                String table = rs.getString(1);
                String column = rs.getString(2);
                boolean count = column.endsWith("_tokens");
                if (LLM_TEXT.matcher(column).find()
                        || (LLM_TABLES.contains(table) && !count && LLM_TABLE_TEXT.matcher(column).find())) {
                    offenders.add(table + "." + column);
                }
            }
        }
        assertEquals(List.of(), offenders, "columns that could hold LLM text");
    }

    @Test
    void theScanWouldCatchAPromptColumn() throws SQLException {
        // Proves the scan is not vacuous: add an offending column in a rolled-back transaction.
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("alter table llm_call add column prompt_text text");
            boolean found = false;
            try (ResultSet rs = c.createStatement().executeQuery(
                    "select column_name from information_schema.columns where table_name = 'llm_call'")) {
                while (rs.next()) {
                    found |= LLM_TEXT.matcher(rs.getString(1)).find();
                }
            }
            c.rollback();
            assertTrue(found);
        }
    }

    @Test
    void everyTableOfTheDataModelExists() throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "select table_name from information_schema.tables where table_schema = current_schema()")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertTrue(tables.containsAll(EXPECTED_TABLES), "missing: " + new TreeSet<>(EXPECTED_TABLES).removeAll(tables));
    }

    @Test
    void claimAndSinceLastSuccessPredicatesAreIndexed() throws SQLException {
        Set<String> indexes = new TreeSet<>();
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "select indexname from pg_indexes where schemaname = current_schema()")) {
            while (rs.next()) {
                indexes.add(rs.getString(1));
            }
        }
        assertTrue(indexes.containsAll(Set.of("run_job_claim_idx", "run_job_lease_idx", "run_job_success_idx",
                "schedule_due_idx", "upload_claim_idx", "upload_lease_idx", "run_notification_pending_idx", "alert_open_idx",
                "investigation_claim_idx", "investigation_lease_idx", "investigation_waiting_run_idx")),
                indexes.toString());
    }

    @Test
    void seedHasDirectivesD1ToD4AndTheThreeJobs() throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "select code, approval_required from directive where code is not null order by code")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + "=" + rs.getBoolean(2));
            }
            assertEquals(List.of("D1=false", "D2=false", "D3=true", "D4=true"), rows);
        }
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("select task_key || '/' || alias from job order by alias")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            assertEquals(List.of("log_triage/task1", "gpu_report/task2", "service_map/task3"), rows);
        }
    }
}
