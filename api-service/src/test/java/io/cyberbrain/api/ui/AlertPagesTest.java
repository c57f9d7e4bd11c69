package io.cyberbrain.api.ui;

import static io.cyberbrain.api.Tokens.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cyberbrain.api.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/** The Alerts and Alert rules pages: what alerts came and led to, and rules an admin edits through the form. */
@QuarkusTest
class AlertPagesTest {

    @Test
    void anAdminCreatesARuleThroughTheFormAndViewersSeeTheAlertsItRouted() {
        String name = "UiAlert" + System.nanoTime();
        String admin = UiPagesTest.login(Tokens.ADMIN);
        String location = given().redirects().follow(false).cookie("cb_session", admin)
                .formParam("csrf", UiPagesTest.csrf(admin)).formParam("name", "ui-" + name).formParam("priority", "10")
                .formParam("enabled", "true").formParam("alert_name", name)
                .formParam("matchers", "severity=critical\ninstance=~gpu-.*").formParam("action", "run")
                .formParam("tasks", "gpu_report").formParam("directive_id", "2")
                .post("/ui/alert-rules").then().statusCode(303).extract().header("Location");
        given().cookie("cb_session", admin).get(location).then().statusCode(200)
                .body(containsString("severity=critical")).body(containsString("instance=~gpu-.*"));
        given().cookie("cb_session", admin).formParam("csrf", UiPagesTest.csrf(admin)).formParam("name", "ui-bad-" + name)
                .formParam("action", "run").formParam("tasks", "gpu_report").formParam("matchers", "instance=~gpu-(")
                .post("/ui/alert-rules").then().statusCode(400).body(containsString("match_regex.instance"));

        long alert = as("alerts").body(Map.of("name", name, "status", "firing",
                        "labels", Map.of("severity", "critical", "instance", "gpu-box", "owner", "someone@example.org")))
                .post("/api/alerts/webhook").then().statusCode(201).extract().jsonPath().getLong("id");
        var stored = as("viewer").get("/api/alerts/" + alert).then().extract().jsonPath();
        long run = stored.getLong("run_id");
        as("alerts").body(Map.of("name", name, "status", "resolved",
                        "labels", Map.of("severity", "critical", "instance", "gpu-box", "owner", "someone@example.org")))
                .post("/api/alerts/webhook").then().statusCode(201);

        String viewer = UiPagesTest.login(Tokens.of("viewer"));
        given().cookie("cb_session", viewer).get("/ui/alerts?fingerprint=" + stored.getString("fingerprint")).then().statusCode(200)
                .body(containsString("href=\"/ui/alerts/" + alert + "\""))
                .body(containsString("href=\"/ui/runs/" + run + "\""));
        given().cookie("cb_session", viewer).get("/ui/alerts/" + alert).then().statusCode(200)
                .body(containsString("run launched")).body(containsString("Resolved"))
                .body(not(containsString("someone@example.org")));
        given().cookie("cb_session", viewer).get("/ui/runs/" + run).then().statusCode(200)
                .body(containsString("href=\"/ui/alerts/" + alert + "\"")).body(containsString("resolved"));
        given().cookie("cb_session", viewer).get("/ui/alert-rules").then().statusCode(200)
                .body(containsString("ui-" + name)).body(not(containsString("New alert rule")));
        given().cookie("cb_session", viewer).get("/ui/alert-rules/new").then().statusCode(403);
        given().cookie("cb_session", viewer).get("/ui").then().statusCode(200).body(containsString("href=\"/ui/alerts\""));
    }

    @Test
    void aRuleIsDeletedFromItsPage() {
        String name = "ui-delete-" + System.nanoTime();
        long rule = as("admin").body(Map.of("name", name, "alert_name", name, "action", "run",
                "tasks", List.of("gpu_report"))).post("/api/alert-rules").then().statusCode(201).extract().jsonPath().getLong("id");
        String admin = UiPagesTest.login(Tokens.ADMIN);
        given().redirects().follow(false).cookie("cb_session", admin).formParam("csrf", UiPagesTest.csrf(admin))
                .post("/ui/alert-rules/" + rule + "/delete").then().statusCode(303);
        as("viewer").get("/api/alert-rules/" + rule).then().statusCode(404);
    }
}
