package io.cyberbrain.api.directive;

import static io.cyberbrain.api.Tokens.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DirectiveResourceTest {

    @Test
    void seededDirectivesAreListedWithTheirGating() {
        as("viewer").get("/api/directives").then().statusCode(200)
                .body("items.code", hasItems("D1", "D2", "D3", "D4"))
                .body("items.find { it.code == 'D3' }.approval_required", equalTo(true))
                .body("items.find { it.code == 'D1' }.approval_required", equalTo(false));
    }

    @Test
    void everyEditBumpsTheVersionAndKeepsHistory() {
        String name = "Triage nginx " + System.nanoTime();
        int id = as("admin").body(Map.of("name", name, "type", "log_triage", "text", "v1 text",
                        "task_config", Map.of("log_triage", Map.of("top_templates", 5))))
                .post("/api/directives").then().statusCode(201)
                .body("version", equalTo(1)).body("approval_required", equalTo(false)).extract().path("id");
        as("admin").body(Map.of("text", "v2 text")).patch("/api/directives/" + id).then().statusCode(200)
                .body("version", equalTo(2)).body("text", equalTo("v2 text")).body("name", equalTo(name));
        as("admin").body(Map.of("text", "v2 text")).patch("/api/directives/" + id).then().statusCode(200)
                .body("version", equalTo(2));
        as("admin").body(Map.of("approval_required", true)).put("/api/directives/" + id).then().statusCode(200)
                .body("version", equalTo(3));
        as("viewer").get("/api/directives/" + id + "/versions").then().statusCode(200)
                .body("version", contains(3, 2, 1))
                .body("text", contains("v2 text", "v2 text", "v1 text"));
    }

    @Test
    void duplicateNamesConflict() {
        as("admin").body(Map.of("name", "D1 Log triage", "type", "log_triage", "text", "x"))
                .post("/api/directives").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("already exists"));
    }

    @Test
    void invalidDirectivesNameTheField() {
        as("admin").body(Map.of("name", "x", "type", "astrology", "text", "x")).post("/api/directives")
                .then().statusCode(400).body("errors[0].field", equalTo("type"));
        as("admin").body(Map.of("type", "gpu_report")).post("/api/directives")
                .then().statusCode(400).body("errors.field", hasItems("name", "text"));
        as("admin").body(Map.of("name", "")).patch("/api/directives/1")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
    }

    @Test
    void builtInDirectivesCannotBeDeletedOrRetyped() {
        as("admin").delete("/api/directives/1").then().statusCode(409).body("detail", containsString("active=false"));
        as("admin").body(Map.of("type", "custom")).patch("/api/directives/1").then().statusCode(400);
    }

    @Test
    void operatorDirectivesCanBeDeleted() {
        int id = as("admin").body(Map.of("name", "temp " + System.nanoTime(), "type", "gpu_report", "text", "t"))
                .post("/api/directives").then().statusCode(201).extract().path("id");
        as("admin").delete("/api/directives/" + id).then().statusCode(204);
        as("viewer").get("/api/directives/" + id).then().statusCode(404);
    }
}
