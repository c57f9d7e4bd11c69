package io.cyberbrain.api.alert;

import static io.cyberbrain.api.Tokens.as;
import static io.cyberbrain.api.alert.AlertFixtures.firing;
import static io.cyberbrain.api.alert.AlertFixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Alert rules: checked whole when saved, so routing never meets a rule it cannot read. */
@QuarkusTest
class AlertRuleResourceTest {

    /** A rule for alerts of its own name only: a rule without matchers would route every other test's alerts. */
    private static Map<String, Object> run(String name) {
        return Map.of("name", name, "alert_name", name, "action", "run", "tasks", List.of("task2"));
    }

    @Test
    void aRuleIsCreatedReadListedChangedAndDeleted() {
        String name = unique("rule-");
        JsonPath created = as("admin").body(Map.of("name", name, "priority", 7, "alert_name", "HighLoad",
                        "match_labels", Map.of("severity", "page"), "match_regex", Map.of("instance", "nas|gpu-.*"),
                        "action", "run", "tasks", List.of("task2"), "directive_id", 2,
                        "containers", List.of("{{ $labels.container }}"), "target_host", "{{$labels.host}}"))
                .post("/api/alert-rules").then().statusCode(201).header("Location", containsString("/api/alert-rules/"))
                .body("tasks", equalTo(List.of("gpu_report")))
                .body("enabled", equalTo(true))
                .extract().jsonPath();
        long id = created.getLong("id");
        as("viewer").get("/api/alert-rules/" + id).then().statusCode(200).body("match_regex.instance", equalTo("nas|gpu-.*"));
        as("viewer").get("/api/alert-rules?size=500").then().statusCode(200).body("items.name", hasItem(name));
        as("admin").body(Map.of("enabled", false, "alert_name", "", "directive_id", 0, "containers", List.of()))
                .patch("/api/alert-rules/" + id).then().statusCode(200)
                .body("enabled", equalTo(false)).body("alert_name", nullValue()).body("directive_id", nullValue())
                .body("containers", equalTo(List.of())).body("priority", equalTo(7));
        as("admin").delete("/api/alert-rules/" + id).then().statusCode(204);
        as("viewer").get("/api/alert-rules/" + id).then().statusCode(404);
    }

    @Test
    void aBrokenRegularExpressionOrTemplateIsRefusedWithItsField() {
        as("admin").body(Map.of("name", unique("r"), "action", "run", "tasks", List.of("gpu_report"),
                        "match_regex", Map.of("instance", "gpu-(")))
                .post("/api/alert-rules").then().statusCode(400).body("errors[0].field", equalTo("match_regex.instance"));
        as("admin").body(Map.of("name", unique("r"), "action", "run", "tasks", List.of("log_triage"),
                        "containers", List.of("{{ .Labels.container }}")))
                .post("/api/alert-rules").then().statusCode(400).body("errors[0].field", equalTo("containers[0]"));
        as("admin").body(Map.of("name", unique("r"), "action", "investigation", "directive_id", 1,
                        "goal", "Look at {{ $annotations.summary }}"))
                .post("/api/alert-rules").then().statusCode(400).body("errors[0].field", equalTo("goal"));
    }

    @Test
    void whatAnActionNeedsIsRequired() {
        as("admin").body(Map.of("name", unique("r"), "action", "run")).post("/api/alert-rules").then().statusCode(400)
                .body("errors[0].field", equalTo("tasks"));
        as("admin").body(Map.of("name", unique("r"), "action", "run", "tasks", List.of("defrag")))
                .post("/api/alert-rules").then().statusCode(400).body("errors[0].field", equalTo("tasks"));
        as("admin").body(Map.of("name", unique("r"), "action", "investigation", "goal", "why"))
                .post("/api/alert-rules").then().statusCode(400).body("errors[0].field", equalTo("directive_id"));
        as("admin").body(Map.of("name", unique("r"), "action", "page-someone", "tasks", List.of("gpu_report")))
                .post("/api/alert-rules").then().statusCode(400).body("errors[0].field", equalTo("action"));
        as("admin").body(Map.of("name", unique("r"), "action", "run", "tasks", List.of("gpu_report"), "directive_id", 987654))
                .post("/api/alert-rules").then().statusCode(400).body("errors[0].field", equalTo("directive_id"));
        as("admin").body(Map.of("name", unique("r"), "action", "run", "tasks", List.of("gpu_report"), "priority", -1))
                .post("/api/alert-rules").then().statusCode(400).body("errors[0].field", equalTo("priority"));
    }

    @Test
    void namesAreUniqueAndOnlyAdminsChangeRules() {
        String name = unique("r");
        as("admin").body(run(name)).post("/api/alert-rules").then().statusCode(201);
        as("admin").body(run(name)).post("/api/alert-rules").then().statusCode(409);
        as("operator").body(run(unique("r"))).post("/api/alert-rules").then().statusCode(403);
    }

    @Test
    void deletingARuleKeepsTheAlertsItRouted() {
        String alertName = unique("Kept");
        long rule = AlertFixtures.gpuRule(alertName, 100);
        JsonPath stored = firing(alertName, unique("fp"), Map.of());
        assertEquals(rule, stored.getLong("rule_id"));
        as("admin").delete("/api/alert-rules/" + rule).then().statusCode(204);
        JsonPath after = AlertFixtures.alert(stored.getLong("id"));
        assertEquals("run_launched", after.getString("decision"));
        assertNull(after.get("rule_id"));
        assertEquals(stored.getLong("run_id"), after.getLong("run_id"));
    }

    @Test
    void aDirectiveARuleUsesCannotBeDeleted() {
        long directive = as("admin").body(Map.of("name", unique("d"), "type", "gpu_report", "text", "report"))
                .post("/api/directives").then().statusCode(201).extract().jsonPath().getLong("id");
        String name = unique("r");
        as("admin").body(Map.of("name", name, "alert_name", name, "action", "run", "tasks", List.of("gpu_report"),
                "directive_id", directive)).post("/api/alert-rules").then().statusCode(201);
        as("admin").delete("/api/directives/" + directive).then().statusCode(409);
    }
}
