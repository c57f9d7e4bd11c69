package io.cyberbrain.api.alert;

import static io.cyberbrain.api.Tokens.as;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.path.json.JsonPath;

/** Alerts and rules for the alert tests, sent through the API as Alertmanager and an admin would. */
final class AlertFixtures {

    private AlertFixtures() {
    }

    /** A name no other test uses, so rules and alerts of one test never meet another's. */
    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A rule that launches a GPU report (D2, no approval) for alerts of this name. */
    static long gpuRule(String alertName, int priority) {
        return rule(Map.of("name", unique("rule-"), "priority", priority, "alert_name", alertName, "action", "run",
                "tasks", List.of("gpu_report"), "directive_id", 2));
    }

    static long rule(Map<String, Object> body) {
        return as("admin").body(body).post("/api/alert-rules").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** Alertmanager's notification (version 4) for one alert. */
    static Map<String, Object> notification(String status, Map<String, String> labels, Map<String, String> annotations,
                                            String fingerprint) {
        Map<String, Object> alert = new HashMap<>();
        alert.put("status", status);
        alert.put("labels", labels);
        alert.put("annotations", annotations);
        alert.put("startsAt", "2026-12-07T03:00:00.123456789Z");
        alert.put("endsAt", "firing".equals(status) ? "0001-01-01T00:00:00Z" : "2026-12-07T03:05:00Z");
        alert.put("generatorURL", "http://prometheus:9090/graph?g0.expr=up");
        alert.put("fingerprint", fingerprint);
        Map<String, Object> body = new HashMap<>();
        body.put("version", "4");
        body.put("groupKey", "{}:{alertname=\"" + labels.get("alertname") + "\"}");
        body.put("truncatedAlerts", 0);
        body.put("status", status);
        body.put("receiver", "cyberbrain");
        body.put("groupLabels", Map.of("alertname", labels.getOrDefault("alertname", "")));
        body.put("commonLabels", labels);
        body.put("commonAnnotations", annotations);
        body.put("externalURL", "http://alertmanager:9093");
        body.put("alerts", new ArrayList<>(List.of(alert)));
        return body;
    }

    /** Posts a notification with the alerts role's token; answers its one stored alert. */
    static JsonPath post(Map<String, Object> notification) {
        return as("alerts").body(notification).post("/api/alerts/alertmanager").then().statusCode(200)
                .extract().jsonPath().setRootPath("alerts[0]");
    }

    static JsonPath firing(String alertName, String fingerprint, Map<String, String> extraLabels) {
        Map<String, String> labels = new HashMap<>(extraLabels);
        labels.put("alertname", alertName);
        return post(notification("firing", labels, Map.of("summary", "test alert"), fingerprint));
    }

    static JsonPath resolved(String alertName, String fingerprint) {
        return post(notification("resolved", Map.of("alertname", alertName), Map.of(), fingerprint));
    }

    static JsonPath alert(long id) {
        return as("viewer").get("/api/alerts/" + id).then().statusCode(200).extract().jsonPath();
    }
}
