package io.cyberbrain.api.investigation;

import static io.cyberbrain.api.Tokens.as;
import static io.cyberbrain.api.investigation.InvestigationFixtures.awaitEnd;
import static io.cyberbrain.api.investigation.InvestigationFixtures.awaitStatus;
import static io.cyberbrain.api.investigation.InvestigationFixtures.execute;
import static io.cyberbrain.api.investigation.InvestigationFixtures.get;
import static io.cyberbrain.api.investigation.InvestigationFixtures.start;
import static io.cyberbrain.api.investigation.InvestigationFixtures.value;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cyberbrain.embeddeddb.FakeWebhook;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Investigations with no LLM configured, end to end: the deterministic planner plans, the steps' runs are real runs
 * of a packaged worker-launcher (process executor), and each investigation ends in a clear state with its report.
 */
@QuarkusTest
@TestProfile(EngineOn.class)
class InvestigationRulesTest {

    private static LauncherProcess launcher;

    @Inject
    InvestigationStarter starter;

    @BeforeEach
    void launcherRunning() throws Exception {
        if (launcher == null) {
            InvestigationFixtures.writeLogs("app/app.log", 30);
            launcher = LauncherProcess.start();
        }
    }

    @AfterAll
    static void stopLauncher() {
        if (launcher != null) {
            launcher.close();
            launcher = null;
        }
    }

    static long directive(String code) throws Exception {
        return Long.parseLong(value("select id from directive where code = '" + code + "'"));
    }

    @Test
    void aGoalAboutLogErrorsRunsATriageComparesItAndSearchesTheLibraryThenCompletes() throws Exception {
        long id = start(Map.of("goal", "errors in the application logs since this morning", "directive_id", directive("D1")));

        JsonPath done = awaitEnd(id);

        assertEquals("completed", done.getString("status"));
        assertEquals("deterministic", done.getString("planner"));
        assertEquals(List.of("log_triage", "compare_last_success", "library_search"), done.getList("steps.tool"));
        assertEquals(List.of("done", "done", "done"), done.getList("steps.status"));
        long run = done.getLong("steps[0].run_id");
        assertEquals("success", value("select status from run where id = " + run));
        assertEquals(run, done.getLong("report_json.findings[0].evidence.run_id"));
        assertEquals(List.of(), done.getList("report_json.not_checked"));
        assertTrue(done.getString("report_markdown").contains("run " + run), done.getString("report_markdown"));
        assertEquals(0, done.getLong("tokens.total_tokens"));
        assertTrue(Long.parseLong(value("select count(*) from retrieval_event where source = 'investigation'")) >= 1,
                "the library search is recorded like any other (query hash only)");
    }

    @Test
    void aToolTheDirectiveForbidsIsRefusedRecordedAndListedAsNotChecked() throws Exception {
        long id = start(Map.of("goal", "is the GPU running out of VRAM", "directive_id", directive("D1")));

        JsonPath done = awaitEnd(id);

        assertEquals("completed", done.getString("status"));
        assertEquals("gpu_report", done.getString("steps[0].tool"));
        assertEquals("forbidden", done.getString("steps[0].status"));
        assertTrue(done.getString("steps[0].note").contains("does not apply to task gpu_report"), done.getString("steps[0].note"));
        assertNull(done.get("steps[0].run_id"));
        assertEquals("gpu_history", done.getString("steps[1].tool"));
        assertEquals("done", done.getString("steps[1].status"));
        assertEquals("forbidden", done.getString("report_json.not_checked[0].why"));
        assertEquals("gpu_report", done.getString("report_json.not_checked[0].tool"));
    }

    @Test
    void theStepBudgetEndsAnInvestigationBudgetExhaustedWithWhatWasNotChecked() throws Exception {
        long id = start(Map.of("goal", "errors in the logs", "directive_id", directive("D1"), "max_steps", 1));

        JsonPath done = awaitEnd(id);

        assertEquals("budget_exhausted", done.getString("status"));
        assertEquals(List.of("done", "not_run"), done.getList("steps.status"));
        assertEquals("budget", done.getString("report_json.not_checked[0].why"));
        assertTrue(done.getString("report_json.reason").contains("step budget of 1"), done.getString("report_json.reason"));
        assertEquals(1, done.getInt("budgets.steps_used"));
    }

    @Test
    void aStepWhoseRunNeedsApprovalPausesTheInvestigationUntilAnAdminApproves() throws Exception {
        // D4 (custom) requires approval: the goal becomes the run's directive text
        long id = start(Map.of("goal", "GPU report please, nvidia looks busy", "directive_id", directive("D4"), "max_steps", 3));

        JsonPath waiting = awaitStatus(id, List.of("awaiting_approval"), Duration.ofSeconds(60));
        assertEquals("awaiting_approval", waiting.getString("steps[0].status"));
        long run = waiting.getLong("steps[0].run_id");
        assertEquals("awaiting_approval", value("select status from run where id = " + run));
        assertEquals(String.valueOf(run), value("select waiting_run_id from investigation where id = " + id));

        as("admin").body(Map.of("note", "fine")).post("/api/runs/" + run + "/approve").then().statusCode(200);

        JsonPath done = awaitEnd(id);
        assertEquals("completed", done.getString("status"));
        assertEquals("done", done.getString("steps[0].status"));
        assertEquals("success", value("select status from run where id = " + run));
        assertEquals("gpu_history", done.getString("steps[1].tool"));
    }

    @Test
    void aDeniedApprovalRecordsTheStepAsNotDoneWithTheReason() throws Exception {
        long id = start(Map.of("goal", "GPU thermals", "directive_id", directive("D4"), "max_steps", 2));
        JsonPath waiting = awaitStatus(id, List.of("awaiting_approval"), Duration.ofSeconds(60));
        long run = waiting.getLong("steps[0].run_id");

        as("admin").body(Map.of("note", "not now")).post("/api/runs/" + run + "/deny").then().statusCode(200);

        JsonPath done = awaitEnd(id);
        assertEquals("denied", done.getString("steps[0].status"));
        assertTrue(done.getString("steps[0].note").contains("denied"), done.getString("steps[0].note"));
        assertEquals("approval_denied", done.getString("report_json.not_checked[0].why"));
    }

    @Test
    void cancellingAWaitingInvestigationCancelsItsRunAndEndsItWithAReport() throws Exception {
        long id = start(Map.of("goal", "GPU usage", "directive_id", directive("D4")));
        JsonPath waiting = awaitStatus(id, List.of("awaiting_approval"), Duration.ofSeconds(60));
        long run = waiting.getLong("steps[0].run_id");

        as("operator").post("/api/investigations/" + id + "/cancel").then().statusCode(200).body("cancel_requested", equalTo(true));

        JsonPath done = awaitEnd(id);
        assertEquals("cancelled", done.getString("status"));
        assertEquals("cancelled", done.getString("steps[0].status"));
        assertEquals("cancelled", value("select status from run where id = " + run));
        assertNotNull(done.getString("report_markdown"));
        as("operator").post("/api/investigations/" + id + "/cancel").then().statusCode(409);
    }

    @Test
    void anInvestigationWhoseEngineDiedIsTakenOverAndFinished() throws Exception {
        // What a kill -9 leaves: a row held by an engine that no longer heart-beats, with a step it had recorded.
        // One statement, so the running engine cannot claim the row before its step exists.
        long id = Long.parseLong(value("""
                with dead as (insert into investigation (goal, status, origin, directive_id, directive_snapshot, planner, max_steps,
                    max_wall_seconds, max_tokens, attempts, lease_owner, lease_expires_at, heartbeat_at, created_at,
                    started_at, deadline_at)
                select 'GPU history only', 'running', 'api', d.id,
                       jsonb_build_object('directive_id', d.id, 'code', d.code, 'name', d.name, 'type', d.directive_type,
                                          'text', d.directive_text, 'config', d.task_config, 'version', d.version,
                                          'approval_required', d.approval_required),
                       'deterministic', 3, 600, 0, 1, 'engine-killed-9', now() - interval '1 minute',
                       now() - interval '2 minutes', now(), now(), now() + interval '10 minutes'
                from directive d where d.code = 'D2' returning id),
                begun as (insert into investigation_step (investigation_id, position, tool, planned_by, arguments, status, started_at)
                          select id, 1, 'gpu_report', 'deterministic', '{}', 'running', now() from dead)
                select id from dead"""));

        JsonPath done = awaitEnd(id);

        assertEquals("failed", done.getString("steps[0].status"), "the step the dead engine had begun");
        assertTrue(done.getString("steps[0].note").startsWith("interrupted"), done.getString("steps[0].note"));
        assertEquals("gpu_history", done.getString("steps[1].tool"));
        assertEquals("completed", done.getString("status"));
        assertEquals("1", value("select attempts from investigation where id = " + id),
                "the dead engine's attempt counts; the engine that finished gave its own back");
    }

    @Test
    void anAlertsLabelsAndTheAliasPathReachTheSameInvestigations() throws Throwable {
        long d1 = directive("D1");
        // alert routing calls it from its request's context, as this does
        long id = VertxContextSupport.subscribeAndAwait(() -> starter.startFromAlert(new InvestigationStarter.AlertInvestigation(
                77, "container keeps crashing", d1, Map.of("alertname", "ContainerDown", "container", "web-1"), 1, null, null)));

        JsonPath done = awaitEnd(id);

        assertEquals("alert", done.getString("origin"));
        assertEquals(77, done.getLong("alert_id"));
        assertEquals("log_triage", done.getString("steps[0].tool"));
        assertEquals(List.of("web-1"), done.getList("steps[0].arguments.containers"));
        // web-1 is not on the allowlist: the launch path refuses to read its logs
        assertEquals("forbidden", done.getString("steps[0].status"));
        as("viewer").get("/api/agent-runs/" + id).then().statusCode(200).body("id", equalTo((int) id));
        as("viewer").get("/api/agent-runs?status=budget_exhausted").then().statusCode(200);
    }

    @Test
    void anEndedInvestigationNotifiesItsSubscribersWithCountsAndALinkOnly() throws Exception {
        try (FakeWebhook hook = FakeWebhook.start()) {
            hook.always(new FakeWebhook.Reply(204, ""));
            as("admin").body(Map.of("name", "investigations-hook", "kind", "webhook",
                            "config", Map.of("webhook_url", hook.url("/investigations")),
                            "events", List.of("investigation_completed", "investigation_failed")))
                    .post("/api/notification-targets").then().statusCode(201);
            long id = start(Map.of("goal", "GPU history of the private-goal-words box", "directive_id", directive("D2"),
                    "max_steps", 2));

            JsonPath done = awaitEnd(id);
            await().atMost(Duration.ofSeconds(60)).until(() -> hook.received().stream()
                    .anyMatch(r -> r.body().contains("\"investigation_id\":" + id)));

            String body = hook.received().stream().filter(r -> r.body().contains("\"investigation_id\":" + id))
                    .findFirst().orElseThrow().body();
            assertTrue(body.contains("\"event\":\"investigation_" + (done.getString("status").equals("completed")
                    ? "completed" : "failed") + "\""), body);
            assertTrue(body.contains("/api/investigations/" + id), body);
            assertTrue(body.contains("\"steps_done\""), body);
            assertTrue(!body.contains("private-goal-words"), "counts and a link only: " + body);
            assertEquals("sent", value("select status from run_notification where investigation_id = " + id));
        }
    }

    @Test
    void badInputIsRefusedWithTheFieldsNamed() {
        as("operator").body(Map.of("goal", " ")).post("/api/investigations").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("goal", "directive_id"));
        as("operator").body(Map.of("goal", "x", "directive_id", 1, "max_steps", 999)).post("/api/investigations")
                .then().statusCode(400).body("errors[0].field", equalTo("max_steps"));
        as("operator").body(Map.of("goal", "x", "directive_id", 99999)).post("/api/investigations")
                .then().statusCode(400).body("errors[0].field", equalTo("directive_id"));
        as("viewer").body(Map.of("goal", "x", "directive_id", 1)).post("/api/investigations").then().statusCode(403);
        as("viewer").get("/api/investigations/987654").then().statusCode(404);
    }
}
