package io.cyberbrain.api;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Tokens per role for tests, created once through the API with the bootstrap admin token. */
public final class Tokens {

    public static final String ADMIN = "cb_testadmin00000000000000000000000000000000000000";
    private static final Map<String, String> BY_ROLE = new ConcurrentHashMap<>();

    private Tokens() {
    }

    public static String of(String role) {
        if ("admin".equals(role)) {
            return ADMIN;
        }
        return BY_ROLE.computeIfAbsent(role, r -> create(r, r + "-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    public static String create(String role, String name) {
        return given().header("Authorization", "Bearer " + ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", role))
                .post("/api/tokens").then().statusCode(201).extract().path("secret");
    }

    public static RequestSpecification as(String role) {
        return given().header("Authorization", "Bearer " + of(role)).contentType(ContentType.JSON);
    }
}
