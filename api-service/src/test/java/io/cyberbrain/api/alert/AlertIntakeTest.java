package io.cyberbrain.api.alert;

import static io.cyberbrain.api.Tokens.as;
import static io.cyberbrain.api.alert.AlertFixtures.alert;
import static io.cyberbrain.api.alert.AlertFixtures.firing;
import static io.cyberbrain.api.alert.AlertFixtures.gpuRule;
import static io.cyberbrain.api.alert.AlertFixtures.resolved;
import static io.cyberbrain.api.alert.AlertFixtures.rule;
import static io.cyberbrain.api.alert.AlertFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Alerts in, as Alertmanager and the generic webhook send them: routing by rules, dedupe by fingerprint within the
 * quiet window (also under concurrency), resolved notices, redaction, and every decision stored.
 */
@QuarkusTest
class AlertIntakeTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    String dbPassword;

    @Test
    void anAlertmanagerNotificationOpensOneRunThroughTheLaunchPath() {
        String name = unique("GpuHot");
        long rule = gpuRule(name, 100);
        JsonPath stored = firing(name, unique("fp"), Map.of("severity", "warning"));
        assertEquals("run_launched", stored.getString("decision"));
        assertEquals(rule, stored.getLong("rule_id"));
        assertEquals("firing", stored.getString("status"));
        assertNull(stored.get("ends_at"), "Alertmanager's 0001-01-01 means not ended");
        long run = stored.getLong("run_id");
        as("viewer").get("/api/runs/" + run).then().statusCode(200)
                .body("trigger", equalTo("alert"))
                .body("tasks", equalTo(List.of("gpu_report")))
                .body("requested_by", containsString("alert " + stored.getLong("id")));
    }

    @Test
    void aRepeatWithinTheQuietWindowOpensNothingAndIsStoredAsDuplicate() {
        String name = unique("DiskFull");
        gpuRule(name, 100);
        String fingerprint = unique("fp");
        JsonPath first = firing(name, fingerprint, Map.of());
        JsonPath repeat = firing(name, fingerprint, Map.of());
        assertEquals("duplicate", repeat.getString("decision"));
        assertEquals(first.getLong("run_id"), repeat.getLong("run_id"), "the repeat names the run its opener opened");
        assertEquals(first.getLong("id"), repeat.getLong("opened_by_id"));
        assertEquals(1, runsOfFingerprint(fingerprint));
    }

    @Test
    void twoIdenticalAlertsAtOnceOpenExactlyOneRun() throws Exception {
        String name = unique("Burst");
        gpuRule(name, 100);
        String fingerprint = unique("fp");
        int senders = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                Callable<String> send = () -> {
                    start.await();
                    return firing(name, fingerprint, Map.of()).getString("decision");
                };
                answers.add(pool.submit(send));
            }
            start.countDown();
            List<String> decisions = new ArrayList<>();
            for (Future<String> answer : answers) {
                decisions.add(answer.get());
            }
            assertEquals(1, decisions.stream().filter("run_launched"::equals).count(), decisions.toString());
            assertEquals(senders - 1, decisions.stream().filter("duplicate"::equals).count(), decisions.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, runsOfFingerprint(fingerprint));
    }

    @Test
    void aRepeatAfterTheQuietWindowOpensANewRun() throws Exception {
        String name = unique("Flappy");
        gpuRule(name, 100);
        String fingerprint = unique("fp");
        JsonPath first = firing(name, fingerprint, Map.of());
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             PreparedStatement s = c.prepareStatement("update alert set received_at = received_at - interval '2 hours' where id = ?")) {
            s.setLong(1, first.getLong("id"));
            assertEquals(1, s.executeUpdate());
        }
        JsonPath later = firing(name, fingerprint, Map.of());
        assertEquals("run_launched", later.getString("decision"));
        assertNotEquals(first.getLong("run_id"), later.getLong("run_id"));
        assertEquals(2, runsOfFingerprint(fingerprint));
    }

    @Test
    void aResolvedNoticeClosesWhatItsAlertOpenedAndTheNextFiringOpensAgain() {
        String name = unique("NodeDown");
        gpuRule(name, 100);
        String fingerprint = unique("fp");
        JsonPath opener = firing(name, fingerprint, Map.of());
        JsonPath notice = resolved(name, fingerprint);
        assertEquals("resolved", notice.getString("decision"));
        assertEquals("resolved", notice.getString("status"));
        assertEquals(opener.getLong("id"), notice.getLong("opened_by_id"));
        assertEquals(opener.getLong("run_id"), notice.getLong("run_id"));
        JsonPath closed = alert(opener.getLong("id"));
        assertNotNull(closed.get("resolved_at"));
        assertEquals(notice.getLong("id"), closed.getLong("resolved_by_id"));
        assertEquals("nothing_open", resolved(name, fingerprint).getString("decision"), "a second notice finds nothing open");
        JsonPath again = firing(name, fingerprint, Map.of());
        assertEquals("run_launched", again.getString("decision"), "a firing after the resolution is a new problem");
        assertEquals(2, runsOfFingerprint(fingerprint));
    }

    @Test
    void withoutAMatchingRuleNothingOpensAndTheAlertIsStillStored() {
        JsonPath stored = firing(unique("Unrouted"), unique("fp"), Map.of("severity", "info"));
        assertEquals("no_rule", stored.getString("decision"));
        assertNull(stored.get("rule_id"));
        assertNull(stored.get("run_id"));
        alert(stored.getLong("id"));
    }

    @Test
    void theFirstEnabledMatchingRuleByPriorityWins() {
        String name = unique("Ordered");
        rule(Map.of("name", unique("disabled-"), "priority", 1, "alert_name", name, "enabled", false, "action", "run",
                "tasks", List.of("gpu_report"), "directive_id", 2));
        long second = gpuRule(name, 20);
        gpuRule(name, 30);
        rule(Map.of("name", unique("other-severity-"), "priority", 5, "alert_name", name,
                "match_labels", Map.of("severity", "critical"), "action", "run", "tasks", List.of("gpu_report"),
                "directive_id", 2));
        assertEquals(second, firing(name, unique("fp"), Map.of("severity", "warning")).getLong("rule_id"));
    }

    @Test
    void regularExpressionsMatchTheWholeLabelValue() {
        String name = unique("Regex");
        long rule = rule(Map.of("name", unique("regex-"), "alert_name", name, "match_regex", Map.of("instance", "gpu-.*"),
                "action", "run", "tasks", List.of("gpu_report"), "directive_id", 2));
        assertEquals(rule, firing(name, unique("fp"), Map.of("instance", "gpu-box:9100")).getLong("rule_id"));
        assertEquals("no_rule", firing(name, unique("fp"), Map.of("instance", "old-gpu-box")).getString("decision"));
        assertEquals("no_rule", firing(name, unique("fp"), Map.of()).getString("decision"), "a missing label is empty");
    }

    @Test
    void aRuleTakesTheContainerToTriageFromTheAlertsLabels() throws Exception {
        String container = unique("web-");
        String id = unique("c0ffee").substring(0, 12);
        as("admin").body(Map.of("container_id", id, "name", container)).post("/api/allowlist/containers").then().statusCode(201);
        String name = unique("ContainerErrors");
        rule(Map.of("name", unique("triage-"), "alert_name", name, "action", "run", "tasks", List.of("log_triage"),
                "directive_id", 1, "containers", List.of("{{ $labels.container }}"), "use_rag", true));
        JsonPath stored = firing(name, unique("fp"), Map.of("container", container));
        assertEquals("run_launched", stored.getString("decision"), stored.prettify());
        as("viewer").get("/api/runs/" + stored.getLong("run_id")).then().statusCode(200)
                .body("use_rag", equalTo(true))
                .body("jobs[0].config.log_scope.containers", equalTo(List.of(id)));

        JsonPath unlabelled = firing(name, unique("fp"), Map.of());
        assertEquals("launch_refused", unlabelled.getString("decision"));
        assertTrue(unlabelled.getString("decision_detail").contains("'container'"), unlabelled.getString("decision_detail"));
        JsonPath unknown = firing(name, unique("fp"), Map.of("container", "not-allowlisted"));
        assertEquals("launch_refused", unknown.getString("decision"));
        assertTrue(unknown.getString("decision_detail").contains("allowlist"), unknown.getString("decision_detail"));
        assertNull(unknown.get("run_id"));
    }

    @Test
    void aRulesTargetHostTemplatePlacesTheRunsJobsOnTheHostTheAlertNames() throws Exception {
        String host = unique("alert-host-");
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             PreparedStatement s = c.prepareStatement("""
                     insert into worker_host (name, executor, cpu_count, max_concurrent_jobs, registered_at, last_heartbeat_at,
                                              created_at, updated_at)
                     values (?, 'process', 2, 2, now(), now(), now(), now())""")) {
            s.setString(1, host);
            assertEquals(1, s.executeUpdate());
        }
        String name = unique("HostDown");
        rule(Map.of("name", unique("rule-"), "alert_name", name, "action", "run", "tasks", List.of("gpu_report"),
                "directive_id", 2, "target_host", "{{ $labels.host }}"));
        JsonPath placed = firing(name, unique("fp"), Map.of("host", host));
        assertEquals("run_launched", placed.getString("decision"), placed.getString("decision_detail"));
        as("viewer").get("/api/runs/" + placed.getLong("run_id")).then().statusCode(200)
                .body("jobs[0].target_host", equalTo(host));
        // A host that never registered is the launch path's refusal, stored as the alert's decision.
        JsonPath unknown = firing(name, unique("fp"), Map.of("host", "never-registered"));
        assertEquals("launch_refused", unknown.getString("decision"));
        assertTrue(unknown.getString("decision_detail").contains("never-registered"), unknown.getString("decision_detail"));
    }

    @Test
    void anInvestigationRuleStartsAnInvestigationWithTheAlertsGoal() {
        String name = unique("Investigate");
        long rule = rule(Map.of("name", unique("investigate-"), "alert_name", name, "action", "investigation",
                "goal", "Why is {{ $labels.instance }} failing?", "directive_id", 1, "max_steps", 5));
        JsonPath stored = firing(name, unique("fp"), Map.of("instance", "nas"));
        assertEquals(rule, stored.getLong("rule_id"));
        assertEquals("investigation_started", stored.getString("decision"));
        assertNotNull(stored.get("investigation_id"));
        assertNull(stored.get("run_id"));
        as("viewer").get("/api/investigations/" + stored.getLong("investigation_id"))
                .then().statusCode(200).body("goal", containsString("Why is nas failing?"));
    }

    @Test
    void labelsAnnotationsAndTheSourceUrlAreStoredRedacted() {
        String name = unique("Leaky");
        String email = "oncall.person@example.org";
        String key = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
        Map<String, Object> notification = AlertFixtures.notification("firing",
                Map.of("alertname", name, "owner", email, "instance", "10.20.30.40:9100"),
                Map.of("description", "token " + key + " leaked"), unique("fp"));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) notification.get("alerts")).get(0);
        first.put("generatorURL", "http://admin:hunter2secret@prometheus:9090/graph");
        JsonPath stored = AlertFixtures.post(notification);
        String all = as("viewer").get("/api/alerts/" + stored.getLong("id")).asString();
        assertFalse(all.contains(email), all);
        assertFalse(all.contains(key), all);
        assertFalse(all.contains("10.20.30.40"), all);
        assertFalse(all.contains("hunter2secret"), all);
        assertTrue(all.contains("[REDACTED"), all);
    }

    @Test
    void theGenericWebhookDerivesAFingerprintFromNameAndLabels() {
        String name = unique("BackupFailed");
        gpuRule(name, 100);
        Map<String, Object> body = Map.of("name", name, "status", "firing", "labels", Map.of("job", "restic"),
                "annotations", Map.of("summary", "exit 1"));
        JsonPath first = as("alerts").body(body).post("/api/alerts/webhook").then().statusCode(201)
                .header("Location", containsString("/api/alerts/")).extract().jsonPath();
        JsonPath repeat = as("alerts").body(body).post("/api/alerts/webhook").then().statusCode(201).extract().jsonPath();
        assertEquals(first.getString("fingerprint"), repeat.getString("fingerprint"));
        assertEquals(16, first.getString("fingerprint").length());
        assertEquals("run_launched", first.getString("decision"));
        assertEquals("duplicate", repeat.getString("decision"));
        assertEquals(name, first.getString("labels.alertname"), "the name is the alertname label, as in Prometheus");
        String other = as("alerts").body(Map.of("name", name, "status", "firing", "labels", Map.of("job", "borg")))
                .post("/api/alerts/webhook").then().statusCode(201).extract().path("fingerprint");
        assertNotEquals(first.getString("fingerprint"), other);
        JsonPath closed = as("alerts").body(Map.of("name", name, "status", "resolved", "labels", Map.of("job", "restic")))
                .post("/api/alerts/webhook").then().statusCode(201).extract().jsonPath();
        assertEquals("resolved", closed.getString("decision"));
    }

    @Test
    void malformedAlertsAreRefusedWithTheField() {
        as("alerts").body(Map.of("name", "x", "status", "burning")).post("/api/alerts/webhook").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
        as("alerts").body(Map.of("name", "x", "status", "firing", "severity", "high")).post("/api/alerts/webhook").then()
                .statusCode(400).body("detail", equalTo("unknown field 'severity'"));
        Map<String, Object> notification = AlertFixtures.notification("firing", Map.of("alertname", "x"), Map.of(), "abc");
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) notification.get("alerts")).get(0);
        first.put("startsAt", "yesterday");
        as("alerts").body(notification).post("/api/alerts/alertmanager").then().statusCode(400)
                .body("errors[0].field", equalTo("alerts[0].startsAt"));
    }

    @Test
    void fieldsAlertmanagerAddsLaterAreIgnored() {
        Map<String, Object> notification = AlertFixtures.notification("firing", Map.of("alertname", unique("Newer")),
                Map.of(), unique("fp"));
        notification.put("someFutureField", Map.of("a", 1));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) notification.get("alerts")).get(0);
        first.put("silencedBy", List.of());
        assertEquals("no_rule", AlertFixtures.post(notification).getString("decision"));
    }

    @Test
    void theListFiltersByFingerprintStatusAndSinceAndPages() {
        String name = unique("Listed");
        String fingerprint = unique("fp");
        firing(name, fingerprint, Map.of());
        firing(name, fingerprint, Map.of());
        resolved(name, fingerprint);
        as("viewer").get("/api/alerts?fingerprint=" + fingerprint).then().statusCode(200)
                .body("total", equalTo(3)).body("items[0].status", equalTo("resolved"))
                .body("items[0].received_at", org.hamcrest.Matchers.notNullValue());
        as("viewer").get("/api/alerts?fingerprint=" + fingerprint + "&status=firing&size=1").then().statusCode(200)
                .body("total", equalTo(2)).body("items.size()", equalTo(1)).body("size", equalTo(1));
        as("viewer").get("/api/alerts?fingerprint=" + fingerprint + "&since=2999-01-01T00:00:00Z").then().statusCode(200)
                .body("total", equalTo(0));
        as("viewer").get("/api/alerts?status=burning").then().statusCode(400).body("errors[0].field", equalTo("status"));
        as("viewer").get("/api/alerts/987654321").then().statusCode(404);
    }

    @Test
    void countersPerRuleAndDecisionAreExported() {
        String name = unique("Counted");
        long rule = gpuRule(name, 100);
        String fingerprint = unique("fp");
        firing(name, fingerprint, Map.of());
        firing(name, fingerprint, Map.of());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("cyberbrain_alerts_received_total{decision=\"run_launched\",rule=\"" + rule + "\"} 1.0"),
                metrics.lines().filter(l -> l.startsWith("cyberbrain_alerts")).toList().toString());
        assertTrue(metrics.contains("cyberbrain_alerts_received_total{decision=\"duplicate\",rule=\"" + rule + "\"} 1.0"));
        assertTrue(metrics.contains("cyberbrain_alerts_received_total{decision=\"no_rule\",rule=\"none\"}"));
    }

    /** Runs opened for alerts of this fingerprint, counted in the database. */
    private long runsOfFingerprint(String fingerprint) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             PreparedStatement s = c.prepareStatement("select count(distinct r.id) from run r join alert a on a.run_id = r.id "
                     + "where a.fingerprint = ? and r.run_trigger = 'alert'")) {
            s.setString(1, fingerprint);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
