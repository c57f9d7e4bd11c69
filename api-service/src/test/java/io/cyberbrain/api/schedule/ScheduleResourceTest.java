package io.cyberbrain.api.schedule;

import static io.cyberbrain.api.Tokens.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** CRUD, validation, preview, enable/disable, run-now and history of schedules over real HTTP and Postgres. */
@QuarkusTest
class ScheduleResourceTest {

    @Inject
    AgroalDataSource ds;

    private static Map<String, Object> cron(String name, String expr, String zone) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("job", "gpu_report");
        body.put("schedule_type", "cron");
        body.put("cron_expr", expr);
        body.put("timezone", zone);
        return body;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aCronScheduleIsCreatedWithItsNextRunAndADescription() {
        String name = unique("nightly");
        int id = as("operator").body(cron(name, "30 2 * * *", "Europe/Berlin")).post("/api/schedules").then().statusCode(201)
                .body("name", equalTo(name))
                .body("enabled", equalTo(true))
                .body("job.task_key", equalTo("gpu_report"))
                .body("directive", nullValue())
                .body("description", containsString("(Europe/Berlin)"))
                .body("next_run_at", notNullValue())
                .body("last_run_at", nullValue())
                .extract().path("id");
        as("viewer").get("/api/schedules/" + id).then().statusCode(200).body("cron_expr", equalTo("30 2 * * *"));
        as("viewer").get("/api/schedules").then().statusCode(200).body("items.name", hasItem(name));
        as("viewer").get("/api/schedules/").then().statusCode(200);
    }

    @Test
    void aScheduleWithADirectiveShowsItsSummary() {
        Map<String, Object> body = cron(unique("d2"), "0 * * * *", "UTC");
        body.put("directive_id", directiveId("D2"));
        as("operator").body(body).post("/api/schedules").then().statusCode(201)
                .body("directive.code", equalTo("D2"));
        Map<String, Object> custom = cron(unique("custom"), "0 * * * *", "UTC");
        custom.put("custom_directive_text", "Report only GPUs above 80% memory");
        as("operator").body(custom).post("/api/schedules").then().statusCode(201)
                .body("directive.code", equalTo("D4"))
                .body("directive.custom_text_preview", equalTo("Report only GPUs above 80% memory"));
    }

    @Test
    void invalidTimingIsA400NamingTheField() {
        as("operator").body(cron(unique("bad"), "61 * * * *", "UTC")).post("/api/schedules").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("cron_expr"));
        as("operator").body(cron(unique("bad"), "0 3 * * *", "Mars/Olympus")).post("/api/schedules").then().statusCode(400)
                .body("errors[0].field", equalTo("timezone"));
        Map<String, Object> interval = new HashMap<>(Map.of("name", unique("bad"), "job", "gpu_report",
                "schedule_type", "interval", "interval_minutes", 0));
        as("operator").body(interval).post("/api/schedules").then().statusCode(400)
                .body("errors[0].field", equalTo("interval_minutes"));
        as("operator").body(Map.of("name", unique("bad"), "job", "astrology", "schedule_type", "interval", "interval_minutes", 5))
                .post("/api/schedules").then().statusCode(400).body("errors[0].field", equalTo("job"));
        Map<String, Object> wrongDirective = cron(unique("bad"), "0 3 * * *", "UTC");
        wrongDirective.put("directive_id", directiveId("D1"));
        as("operator").body(wrongDirective).post("/api/schedules").then().statusCode(400)
                .body("errors[0].field", equalTo("directive_id"));
        as("operator").body(Map.of("name", unique("bad"), "job", "gpu_report", "schedule_type", "once",
                "run_once_at", "2020-01-01T00:00:00Z")).post("/api/schedules").then().statusCode(400)
                .body("errors[0].field", equalTo("run_once_at"));
    }

    @Test
    void aDuplicateNameIsAConflict() {
        String name = unique("dup");
        as("operator").body(cron(name, "0 3 * * *", "UTC")).post("/api/schedules").then().statusCode(201);
        as("operator").body(cron(name, "0 4 * * *", "UTC")).post("/api/schedules").then().statusCode(409);
    }

    @Test
    void previewShowsTheNextFiveTimesAcrossADstChange() {
        as("viewer").body(Map.of("schedule_type", "cron", "cron_expr", "30 2 * * *", "timezone", "Europe/Berlin"))
                .post("/api/schedules/preview").then().statusCode(200)
                .body("next_fire_times", hasSize(5))
                .body("timezone", equalTo("Europe/Berlin"))
                .body("description", containsString("(Europe/Berlin)"));
        as("viewer").body(Map.of("schedule_type", "interval", "interval_minutes", 90)).post("/api/schedules/preview")
                .then().statusCode(200).body("description", equalTo("every 90 minutes")).body("next_fire_times", hasSize(5));
        as("viewer").body(Map.of("schedule_type", "cron", "cron_expr", "* * *")).post("/api/schedules/preview")
                .then().statusCode(400).body("errors[0].field", equalTo("cron_expr"));
    }

    @Test
    void disablingClearsTheNextRunAndEnablingRestoresIt() {
        int id = as("operator").body(cron(unique("toggle"), "*/5 * * * *", "UTC")).post("/api/schedules").then()
                .statusCode(201).extract().path("id");
        as("operator").post("/api/schedules/" + id + "/disable").then().statusCode(200)
                .body("enabled", equalTo(false)).body("next_run_at", nullValue());
        as("operator").post("/api/schedules/" + id + "/enable").then().statusCode(200)
                .body("enabled", equalTo(true)).body("next_run_at", notNullValue());
    }

    @Test
    void changingTheTimingRecomputesTheNextRun() {
        int id = as("operator").body(cron(unique("edit"), "0 3 1 1 *", "UTC")).post("/api/schedules").then()
                .statusCode(201).extract().path("id");
        String before = as("viewer").get("/api/schedules/" + id).then().extract().path("next_run_at");
        String after = as("operator").body(Map.of("cron_expr", "*/10 * * * *")).patch("/api/schedules/" + id).then()
                .statusCode(200).body("cron_expr", equalTo("*/10 * * * *")).extract().path("next_run_at");
        assertTrue(Instant.parse(after).isBefore(Instant.parse(before)), before + " -> " + after);
        as("operator").body(Map.of("cron_expr", "nonsense")).patch("/api/schedules/" + id).then().statusCode(400);
        as("viewer").get("/api/schedules/" + id).then().body("cron_expr", equalTo("*/10 * * * *"));
    }

    @Test
    void runNowLaunchesThroughTheLaunchPathAndShowsInHistory() throws Exception {
        int id = as("operator").body(cron(unique("now"), "0 3 1 1 *", "UTC")).post("/api/schedules").then()
                .statusCode(201).extract().path("id");
        int runId = as("operator").post("/api/schedules/" + id + "/run-now").then().statusCode(200)
                .body("status", equalTo("launched")).body("run_id", notNullValue()).extract().path("run_id");
        as("viewer").get("/api/runs/" + runId).then().statusCode(200)
                .body("trigger", equalTo("schedule"))
                .body("schedule_id", equalTo(id));
        as("viewer").get("/api/schedules/" + id + "/history").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].run_id", equalTo(runId));
        as("viewer").get("/api/schedules/" + id).then().body("last_run_at", notNullValue());
    }

    @Test
    void deletingAScheduleKeepsItsRuns() throws Exception {
        int id = as("operator").body(cron(unique("gone"), "0 3 1 1 *", "UTC")).post("/api/schedules").then()
                .statusCode(201).extract().path("id");
        int runId = as("operator").post("/api/schedules/" + id + "/run-now").then().statusCode(200).extract().path("run_id");
        as("operator").delete("/api/schedules/" + id).then().statusCode(204);
        as("viewer").get("/api/schedules/" + id).then().statusCode(404).contentType("application/problem+json");
        as("viewer").get("/api/runs/" + runId).then().statusCode(200);
    }

    @Test
    void manualLaunchingStillWorks() {
        as("operator").body(Map.of("tasks", List.of("gpu_report"))).post("/api/runs").then().statusCode(201)
                .body("trigger", equalTo("api"));
    }

    @Test
    void changesWakeTheSchedulersThroughNotify() throws Exception {
        try (Connection listener = ds.getConnection()) {
            listener.createStatement().execute("listen cyberbrain_schedules");
            int id = as("operator").body(cron(unique("wake"), "0 3 * * *", "UTC")).post("/api/schedules").then()
                    .statusCode(201).extract().path("id");
            var pg = listener.unwrap(org.postgresql.PGConnection.class);
            try (ResultSet ignored = listener.createStatement().executeQuery("select 1")) {
                var notes = pg.getNotifications(5000);
                assertTrue(notes != null && notes.length > 0, "a NOTIFY on create");
                assertEquals(String.valueOf(id), notes[0].getParameter());
            }
        }
    }

    private long directiveId(String code) {
        return as("viewer").get("/api/directives").then().extract().jsonPath()
                .getLong("items.find { it.code == '" + code + "' }.id");
    }
}
