package io.cyberbrain.api.run;

import static io.cyberbrain.api.Tokens.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.cyberbrain.model.run.RunEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class RunLaunchTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    String dbPassword;

    @Test
    void launchWithDirectiveCreatesPendingRunAndJobs() {
        as("operator").body(Map.of("tasks", List.of("log_triage"), "directive_id", 1))
                .post("/api/runs")
                .then().statusCode(201)
                .header("Location", containsString("/api/runs/"))
                .body("status", equalTo("pending"))
                .body("trigger", equalTo("api"))
                .body("tasks", contains("log_triage"))
                .body("directive.code", equalTo("D1"))
                .body("directive.version", equalTo(1))
                .body("jobs", hasSize(1))
                .body("jobs[0].status", equalTo("pending"))
                .body("jobs[0].config.top_templates", equalTo(20))
                .body("tokens.total_tokens", equalTo(0))
                .body("approval.required", equalTo(false));
    }

    @Test
    void launchNotifiesTheLauncherChannelOnCommit() throws Exception {
        try (Connection listener = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             Statement s = listener.createStatement()) {
            s.execute("LISTEN " + RunEvents.JOBS_CHANNEL);
            int runId = as("operator").body(Map.of("tasks", List.of("gpu_report"))).post("/api/runs")
                    .then().statusCode(201).extract().path("id");
            PGNotification[] notes = listener.unwrap(PGConnection.class).getNotifications(10_000);
            assertTrue(notes != null && Arrays.stream(notes).anyMatch(n -> n.getParameter().equals(Integer.toString(runId))),
                    "a NOTIFY with the run id arrives on " + RunEvents.JOBS_CHANNEL);
        }
    }

    @Test
    void originalAliasesAndTrailingSlashReachTheSameEndpoint() {
        int id = as("operator").body(Map.of("tasks", List.of("task2"))).post("/api/runs/launch/")
                .then().statusCode(201).body("tasks", contains("gpu_report")).extract().path("id");
        as("viewer").get("/api/runs/" + id + "/").then().statusCode(200).body("id", equalTo(id));
        as("viewer").get("/api/runs/" + id + "/report/").then().statusCode(200).body("run_id", equalTo(id));
        as("viewer").get("/api/runs/").then().statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void serviceMapWaitsForApprovalUntilAnAdminApproves() {
        int id = as("operator").body(Map.of("tasks", List.of("service_map"), "directive_id", 3)).post("/api/runs")
                .then().statusCode(201)
                .body("status", equalTo("awaiting_approval"))
                .body("jobs[0].status", equalTo("awaiting_approval"))
                .body("approval.required", equalTo(true))
                .extract().path("id");

        as("operator").post("/api/runs/" + id + "/approve").then().statusCode(403);
        as("admin").body(Map.of("note", "looked at the scope")).post("/api/runs/" + id + "/approve").then().statusCode(200)
                .body("status", equalTo("pending"))
                .body("jobs[0].status", equalTo("pending"))
                .body("approval.approved_by", notNullValue())
                .body("approval.note", equalTo("looked at the scope"));
        as("admin").post("/api/runs/" + id + "/approve").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("not awaiting approval"));
    }

    @Test
    void denyEndsTheRunCancelled() {
        int id = as("operator").body(Map.of("tasks", List.of("service_map"))).post("/api/runs")
                .then().statusCode(201).body("status", equalTo("awaiting_approval")).extract().path("id");
        as("admin").post("/api/runs/" + id + "/deny").then().statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("jobs.status", everyItem(equalTo("cancelled")))
                .body("ended_at", notNullValue());
    }

    @Test
    void customTextBecomesAGatedD4Snapshot() {
        as("operator").body(Map.of("tasks", List.of("log_triage", "gpu_report"), "custom_directive_text", "  only nginx errors  "))
                .post("/api/runs").then().statusCode(201)
                .body("status", equalTo("awaiting_approval"))
                .body("directive.code", equalTo("D4"))
                .body("directive.type", equalTo("custom"))
                .body("directive.text", equalTo("only nginx errors"))
                .body("tasks", contains("log_triage", "gpu_report"));
    }

    @Test
    void editingADirectiveNeverChangesAPastRunsSnapshot() {
        int directive = as("admin").body(Map.of("name", "GPU nightly " + System.nanoTime(), "type", "gpu_report", "text", "first text"))
                .post("/api/directives").then().statusCode(201).extract().path("id");
        int run = as("operator").body(Map.of("tasks", List.of("gpu_report"), "directive_id", directive)).post("/api/runs")
                .then().statusCode(201).extract().path("id");
        as("admin").body(Map.of("text", "second text")).patch("/api/directives/" + directive)
                .then().statusCode(200).body("version", equalTo(2));

        as("viewer").get("/api/runs/" + run).then().statusCode(200)
                .body("directive.text", equalTo("first text"))
                .body("directive.version", equalTo(1));
    }

    @Test
    void invalidLaunchesAreProblemsNamingTheField() {
        as("operator").body(Map.of("tasks", List.of("mine_bitcoin"))).post("/api/runs").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("tasks"))
                .body("detail", containsString("unknown task 'mine_bitcoin'"));
        as("operator").body(Map.of("tasks", List.of())).post("/api/runs").then().statusCode(400)
                .body("errors.field", hasItem("tasks"));
        as("operator").body(Map.of("tasks", List.of("log_triage"), "directive_id", 1, "custom_directive_text", "x"))
                .post("/api/runs").then().statusCode(400).body("errors.field", hasItem("custom_directive_text"));
        as("operator").body(Map.of("tasks", List.of("gpu_report"), "directive_id", 1)).post("/api/runs").then().statusCode(400)
                .body("errors[0].field", equalTo("directive_id"))
                .body("detail", containsString("does not apply to task gpu_report"));
        as("operator").body(Map.of("tasks", List.of("log_triage"), "directive_id", 99999)).post("/api/runs").then().statusCode(400)
                .body("detail", containsString("does not exist"));
        as("operator").body(Map.of("tasks", List.of("log_triage", "gpu_report"))).post("/api/runs").then().statusCode(400)
                .body("errors[0].field", equalTo("directive_id"));
        as("operator").body(Map.of("tasks", List.of("log_triage"), "task3_scope", "everything")).post("/api/runs")
                .then().statusCode(400).body("errors[0].field", equalTo("task3_scope"));
    }

    @Test
    void aRejectedLaunchStoresNothing() {
        long before = ((Number) as("viewer").get("/api/runs?size=1").then().extract().path("total")).longValue();
        as("operator").body(Map.of("tasks", List.of("log_triage", "nope"))).post("/api/runs").then().statusCode(400);
        long after = ((Number) as("viewer").get("/api/runs?size=1").then().extract().path("total")).longValue();
        assertEquals(before, after);
    }

    @Test
    void cancelEndsAPendingRunAndRefusesAFinishedOne() {
        int id = as("operator").body(Map.of("tasks", List.of("log_triage"))).post("/api/runs")
                .then().statusCode(201).extract().path("id");
        as("operator").post("/api/runs/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("cancel_requested", equalTo(true))
                .body("jobs[0].status", equalTo("cancelled"));
        as("operator").post("/api/runs/" + id + "/cancel").then().statusCode(409)
                .body("detail", containsString("already ended cancelled"));
    }

    @Test
    void listFiltersByStatusTaskAndTrigger() {
        int gated = as("operator").body(Map.of("tasks", List.of("service_map"))).post("/api/runs")
                .then().statusCode(201).extract().path("id");
        as("viewer").queryParam("status", "awaiting_approval").queryParam("task", "task3").get("/api/runs")
                .then().statusCode(200)
                .body("items.id", hasItem(gated))
                .body("items.status", everyItem(equalTo("awaiting_approval")))
                .body("page", equalTo(0))
                .body("size", equalTo(50));
        as("viewer").queryParam("status", "success").get("/api/runs").then().statusCode(200)
                .body("items.id", not(hasItem(gated)));
        as("viewer").queryParam("trigger", "mcp").get("/api/runs").then().statusCode(200)
                .body("items.id", not(hasItem(gated)))
                .body("items.trigger", everyItem(equalTo("mcp")));
        as("viewer").queryParam("status", "sleeping").get("/api/runs").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        as("viewer").queryParam("since", "yesterday").get("/api/runs").then().statusCode(400)
                .body("errors[0].field", equalTo("since"));
        as("viewer").queryParam("size", 0).get("/api/runs").then().statusCode(400);
    }

    @Test
    void sinceLastSuccessListsRunsPerTask() {
        int id = as("operator").body(Map.of("tasks", List.of("log_triage"))).post("/api/runs")
                .then().statusCode(201).extract().path("id");
        as("viewer").queryParam("task", "log_triage").get("/api/runs/since-last-success/").then().statusCode(200)
                .body("tasks", hasSize(1))
                .body("tasks[0].task", equalTo("log_triage"))
                .body("tasks[0].runs.id", hasItem(id));
    }

    @Test
    void unknownRunIsAProblem404() {
        given().header("Authorization", "Bearer " + io.cyberbrain.api.Tokens.of("viewer"))
                .accept(ContentType.JSON).get("/api/runs/987654").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", equalTo("run 987654 does not exist"));
    }

    @Test
    void aDeniedRunQueuesItsCancelledNotificationsForSubscribedTargetsOnly() throws Exception {
        String suffix = Long.toString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword); Statement s = c.createStatement()) {
            s.execute("insert into notification_target (name, kind, enabled, config, events, created_at, updated_at) values"
                    + " ('cancel-watch-" + suffix + "', 'webhook', true, '{}', '{run_cancelled}', now(), now()),"
                    + " ('failure-watch-" + suffix + "', 'webhook', true, '{}', '{run_failed}', now(), now())");
            int id = as("operator").body(Map.of("tasks", List.of("service_map"))).post("/api/runs").then().statusCode(201)
                    .extract().path("id");
            as("admin").post("/api/runs/" + id + "/deny").then().statusCode(200);
            var rs = s.executeQuery("select t.name from run_notification n join notification_target t on t.id = n.target_id"
                    + " where n.run_id = " + id + " and t.name like '%-" + suffix + "'");
            List<String> queued = new java.util.ArrayList<>();
            while (rs.next()) {
                queued.add(rs.getString(1));
            }
            assertEquals(List.of("cancel-watch-" + suffix), queued);
        }
    }
}
