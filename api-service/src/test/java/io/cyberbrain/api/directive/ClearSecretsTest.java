package io.cyberbrain.api.directive;

import static io.cyberbrain.api.Tokens.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import db.migration.V7__Mask_clear_secrets_in_configs;
import io.agroal.api.AgroalDataSource;
import io.cyberbrain.api.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/** A secret in a task config is refused when saved, masked wherever an older one is shown, and masked in place by the migration. */
@QuarkusTest
class ClearSecretsTest {

    static final String KEY = "sk-" + "live-0123456789abcdef";
    static final String CONFIG = "{\"llm\": {\"endpoint\": \"http://127.0.0.1:11434\", \"model\": \"m\", \"api_key\": \"" + KEY + "\"}}";

    @Inject
    AgroalDataSource ds;

    @Test
    void aDirectiveWithAKeyInClearIsRefusedPointingAtTheEnvTwin() {
        Map<String, Object> body = Map.of("name", "clear-" + UUID.randomUUID(), "type", "log_triage", "text", "triage",
                "task_config", Map.of("llm", Map.of("endpoint", "http://127.0.0.1:11434", "model", "m", "api_key", KEY)));
        as("admin").body(body).post("/api/directives").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("task_config.llm.api_key"))
                .body("errors[0].message", containsString("name that variable in llm.api_key_env"));

        int id = as("admin").body(Map.of("name", "env-" + UUID.randomUUID(), "type", "log_triage", "text", "triage",
                        "task_config", Map.of("llm", Map.of("api_key_env", "LLM_KEY"))))
                .post("/api/directives").then().statusCode(201).extract().path("id");
        as("admin").body(Map.of("task_config", Map.of("llm.api_key", KEY))).patch("/api/directives/" + id).then()
                .statusCode(400).body("errors[0].field", equalTo("task_config.llm.api_key"));
        as("admin").body(Map.of("default_config", Map.of("registry", Map.of("password", "hunter2"))))
                .patch("/api/jobs/log_triage").then().statusCode(400)
                .body("errors[0].field", equalTo("default_config.registry.password"));
    }

    @Test
    void secretsStoredBeforeTheRuleAreMaskedWhereverShown() throws Exception {
        long directive = insertDirective();
        long run = insertRun(directive);

        String one = as("admin").get("/api/directives/" + directive).then().statusCode(200)
                .body("task_config.llm.api_key", equalTo("********"))
                .body("task_config.llm.model", equalTo("m")).extract().asString();
        String versions = as("admin").get("/api/directives/" + directive + "/versions").then().statusCode(200)
                .body("[0].task_config.llm.api_key", equalTo("********")).extract().asString();
        String detail = as("admin").get("/api/runs/" + run).then().statusCode(200)
                .body("directive.config.llm.api_key", equalTo("********"))
                .body("jobs[0].config.llm.api_key", equalTo("********")).extract().asString();
        String session = given().redirects().follow(false).formParam("token", Tokens.ADMIN).formParam("next", "/ui")
                .post("/ui/login").then().statusCode(303).extract().cookie("cb_session");
        String page = given().cookie("cb_session", session).get("/ui/directives/" + directive)
                .then().statusCode(200).body(containsString("********")).extract().asString();

        for (String shown : new String[] {one, versions, detail, page}) {
            assertFalse(shown.contains(KEY), shown);
        }
    }

    @Test
    void theMigrationMasksStoredSecretsInPlace() throws Exception {
        long directive = insertDirective();
        long run = insertRun(directive);

        try (Connection c = ds.getConnection()) {
            assertTrue(V7__Mask_clear_secrets_in_configs.maskAll(c) >= 4);
        }

        for (String query : new String[] {
                "select task_config::text from directive where id = " + directive,
                "select task_config::text from directive_version where directive_id = " + directive,
                "select directive_snapshot::text from run where id = " + run,
                "select config::text from run_job where run_id = " + run}) {
            String stored = text(query);
            assertFalse(stored.contains(KEY), stored);
            assertTrue(stored.contains("\"api_key\": \"********\"") || stored.contains("\"api_key\":\"********\""), stored);
            assertTrue(stored.contains("11434"), "the rest is kept: " + stored);
        }
    }

    private String text(String query) throws Exception {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(query)) {
            assertTrue(rs.next(), query);
            return rs.getString(1);
        }
    }

    private long insertDirective() throws Exception {
        try (Connection c = ds.getConnection()) {
            long id;
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into directive (name, directive_type, directive_text, task_config, created_at, updated_at)
                    values (?, 'log_triage', 'triage', ?::jsonb, now(), now()) returning id""")) {
                ps.setString(1, "stored-" + UUID.randomUUID());
                ps.setString(2, CONFIG);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into directive_version (directive_id, version, name, directive_type, directive_text, task_config,
                                                   approval_required, created_at)
                    values (?, 1, 'v1', 'log_triage', 'triage', ?::jsonb, false, now())""")) {
                ps.setLong(1, id);
                ps.setString(2, CONFIG);
                ps.executeUpdate();
            }
            return id;
        }
    }

    /** A failed run, so that it moves no task's "last success" under the other tests' feet. */
    private long insertRun(long directive) throws Exception {
        try (Connection c = ds.getConnection()) {
            long run;
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into run (status, run_trigger, directive_id, directive_snapshot, created_at, ended_at)
                    values ('failed', 'api', ?, jsonb_build_object('directive_id', ?::bigint, 'name', 'stored', 'type', 'log_triage',
                            'text', 'triage', 'version', 1, 'approval_required', false, 'config', ?::jsonb), now(), now())
                    returning id""")) {
                ps.setLong(1, directive);
                ps.setLong(2, directive);
                ps.setString(3, CONFIG);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    run = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into run_job (run_id, job_id, task_key, status, config, created_at)
                    select ?, id, 'log_triage', 'failed', ?::jsonb, now() from job where task_key = 'log_triage'""")) {
                ps.setLong(1, run);
                ps.setString(2, CONFIG);
                assertEquals(1, ps.executeUpdate());
            }
            return run;
        }
    }
}
