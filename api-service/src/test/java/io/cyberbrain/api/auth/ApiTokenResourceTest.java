package io.cyberbrain.api.auth;

import static io.cyberbrain.api.Tokens.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ApiTokenResourceTest {

    @Test
    void theSecretIsShownOnceAndNeverListed() {
        String name = "ci-" + System.nanoTime();
        String secret = as("admin").body(Map.of("name", name, "role", "operator")).post("/api/tokens")
                .then().statusCode(201)
                .body("secret", startsWith("cb_"))
                .body("token.role", equalTo("operator"))
                .body("token.active", equalTo(true))
                .extract().path("secret");
        as("admin").get("/api/tokens?size=500").then().statusCode(200)
                .body("items", everyItem(not(hasKey("secret"))))
                .body("items", everyItem(not(hasKey("token_hash"))))
                .body("items.find { it.name == '" + name + "' }.token_prefix", equalTo(secret.substring(0, 8)));
        given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body(Map.of("tasks", java.util.List.of("gpu_report"))).post("/api/runs").then().statusCode(201)
                .body("requested_by", equalTo(name));
    }

    @Test
    void tokenInputIsValidated() {
        as("admin").body(Map.of("name", "x", "role", "root")).post("/api/tokens").then().statusCode(400)
                .body("errors[0].field", equalTo("role"));
        as("admin").body(Map.of("name", "has space", "role", "viewer")).post("/api/tokens").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
    }

    @Test
    void duplicateNamesConflict() {
        String name = "dup-" + System.nanoTime();
        as("admin").body(Map.of("name", name, "role", "viewer")).post("/api/tokens").then().statusCode(201);
        as("admin").body(Map.of("name", name, "role", "viewer")).post("/api/tokens").then().statusCode(409);
    }

    @Test
    void theLastActiveAdminCannotBeRevoked() {
        int bootstrapId = as("admin").get("/api/tokens?size=500").then().statusCode(200).extract().jsonPath()
                .<Integer>getList("items.findAll { it.role == 'admin' && it.active && it.created_by == 'bootstrap' }.id").get(0);
        long admins = as("admin").get("/api/tokens?size=500").then().extract().jsonPath()
                .getList("items.findAll { it.role == 'admin' && it.active }").size();
        if (admins == 1) {
            as("admin").delete("/api/tokens/" + bootstrapId).then().statusCode(409)
                    .body("detail", containsString("last active admin"));
        }
    }

    @Test
    void unknownTokenIdIs404() {
        as("admin").delete("/api/tokens/999999").then().statusCode(404);
    }
}
