package io.cyberbrain.api.run;

import static io.cyberbrain.api.Tokens.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** {@code log_scope} on {@code POST /api/runs}: checked in the launch path, carried to the triage job's config. */
@QuarkusTest
class LogScopeLaunchTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    String dbPassword;
    @ConfigProperty(name = "cyberbrain.paths.logs")
    Path logsRoot;

    private void allowlist(String id, String name, boolean enabled) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword); Statement s = c.createStatement()) {
            s.execute("insert into container_allowlist (container_id, name, enabled, created_at, updated_at) values ('" + id
                    + "', '" + name + "', " + enabled + ", now(), now()) on conflict (container_id) do nothing");
        }
    }

    private static Map<String, Object> launch(Object scope) {
        return Map.of("tasks", List.of("log_triage"), "directive_id", 1, "log_scope", scope);
    }

    @Test
    void aScopeReachesTheTriageJobsConfigWithContainersResolvedToAllowlistIds() throws Exception {
        allowlist("c0ffee01", "scope-web", true);
        String absolute = logsRoot.toAbsolutePath().normalize().resolve("nginx/access.log").toString();
        as("operator").body(launch(Map.of("files", List.of("app.log", "./svc/*.log", "nginx/", absolute),
                        "containers", List.of("scope-web"))))
                .post("/api/runs").then().statusCode(201)
                .body("jobs[0].config.log_scope.files", contains("app.log", "svc/*.log", "nginx/**", "nginx/access.log"))
                .body("jobs[0].config.log_scope.containers", contains("c0ffee01"));
    }

    @Test
    void aRunWithoutAScopeReadsEverything() {
        as("operator").body(Map.of("tasks", List.of("log_triage"), "directive_id", 1)).post("/api/runs")
                .then().statusCode(201).body("jobs[0].config.log_scope", nullValue());
    }

    @Test
    void globsLeavingTheLogsFolderAreRefusedAsProblemJson() {
        for (String bad : List.of("../etc/passwd", "app/../../secrets.log", "/etc/shadow", "a/..", "  ")) {
            as("operator").body(launch(Map.of("files", List.of(bad)))).post("/api/runs").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("log_scope.files"));
        }
        as("operator").body(launch(Map.of("files", List.of("app[.log")))).post("/api/runs").then().statusCode(400)
                .body("detail", containsString("not a valid glob"));
        as("operator").body(launch(Map.of())).post("/api/runs").then().statusCode(400)
                .body("errors[0].field", equalTo("log_scope"));
    }

    @Test
    void containersMustBeEnabledOnTheAllowlist() throws Exception {
        allowlist("dead0001", "scope-off", false);
        as("operator").body(launch(Map.of("containers", List.of("not-listed")))).post("/api/runs").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("log_scope.containers"))
                .body("detail", containsString("'not-listed' is not an enabled container of the allowlist"));
        as("operator").body(launch(Map.of("containers", List.of("scope-off")))).post("/api/runs").then().statusCode(400)
                .body("errors[0].field", equalTo("log_scope.containers"));
    }

    @Test
    void aScopeNeedsTheLogTriageTask() {
        as("operator").body(Map.of("tasks", List.of("gpu_report"), "log_scope", Map.of("files", List.of("app.log"))))
                .post("/api/runs").then().statusCode(400).body("errors[0].field", equalTo("log_scope"));
    }

    @Test
    void aScheduleKeepsItsScopeAndItsRunsLaunchWithIt() throws Exception {
        allowlist("c0ffee02", "scope-db", true);
        String name = "scoped-" + System.nanoTime();
        int id = as("operator").body(Map.of("name", name, "job", "log_triage", "schedule_type", "interval",
                        "interval_minutes", 60, "enabled", false,
                        "log_scope", Map.of("files", List.of("db/*.log"), "containers", List.of("scope-db"))))
                .post("/api/schedules").then().statusCode(201)
                .body("log_scope.files", contains("db/*.log"))
                .body("log_scope.containers", contains("c0ffee02"))
                .extract().path("id");
        int run = as("operator").post("/api/schedules/" + id + "/run-now").then().statusCode(200)
                .body("status", equalTo("launched")).extract().path("run_id");
        as("viewer").get("/api/runs/" + run).then().statusCode(200)
                .body("trigger", equalTo("schedule"))
                .body("jobs[0].config.log_scope.files", contains("db/*.log"))
                .body("jobs[0].config.log_scope.containers", contains("c0ffee02"));

        as("operator").body(Map.of("name", name + "-bad", "job", "log_triage", "schedule_type", "interval",
                        "interval_minutes", 60, "log_scope", Map.of("files", List.of("../../etc/passwd"))))
                .post("/api/schedules").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("log_scope.files"));
        as("operator").body(Map.of("name", name + "-gpu", "job", "gpu_report", "schedule_type", "interval",
                        "interval_minutes", 60, "log_scope", Map.of("files", List.of("app.log"))))
                .post("/api/schedules").then().statusCode(400).body("errors[0].field", equalTo("log_scope"));
    }
}
