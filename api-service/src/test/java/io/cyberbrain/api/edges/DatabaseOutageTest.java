package io.cyberbrain.api.edges;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cyberbrain.api.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** While the database cannot be reached, reads and writes answer 503 with Retry-After; afterwards all is as before. */
@QuarkusTest
@TestProfile(DatabaseBehindLink.class)
class DatabaseOutageTest {

    @DatabaseBehindLink.Link
    DatabaseLink link;

    @Test
    void anOutageAnswers503WithRetryAfterAndLosesNothing() throws Exception {
        String kept = "kept-" + UUID.randomUUID();
        long keptId = ((Number) admin().body(directive(kept)).post("/api/directives").then().statusCode(201)
                .extract().path("id")).longValue();

        link.cut();
        try {
            admin().body(directive("during-" + UUID.randomUUID())).post("/api/directives").then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("detail", containsString("database"));
            admin().get("/api/directives/" + keptId).then().statusCode(503).header("Retry-After", equalTo("5"));
            admin().get("/api/runs").then().statusCode(503);
        } finally {
            link.restore();
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                () -> admin().get("/api/directives/" + keptId).statusCode() == 200);
        admin().get("/api/directives/" + keptId).then().statusCode(200).body("name", equalTo(kept));
        admin().queryParam("size", 500).get("/api/directives").then().statusCode(200)
                .body("items.name", hasItem(kept))
                .body("items.name", not(hasItem(containsString("during-"))));
        admin().body(directive("after-" + UUID.randomUUID())).post("/api/directives").then().statusCode(201);
    }

    private static Map<String, Object> directive(String name) {
        return Map.of("name", name, "type", "log_triage", "text", "look for errors");
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + Tokens.ADMIN).contentType(ContentType.JSON);
    }
}
