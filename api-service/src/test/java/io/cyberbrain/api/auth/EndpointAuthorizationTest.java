package io.cyberbrain.api.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.cyberbrain.api.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Every endpoint: 401 without a token, 403 with a role below its minimum. The table is the
 * specification; {@link #theTableCoversEveryEndpointOfTheApi()} fails when an endpoint is added without
 * a row here.
 */
@QuarkusTest
class EndpointAuthorizationTest {

    record Endpoint(String method, String path, String minimumRole) {
        String concretePath() {
            return path.replace("{id}", "1").replace("{idOrKey}", "log_triage").replace("{artifactId}", "1")
                    .replace("{containerId}", "0123456789ab");
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + minimumRole + ")";
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api", "viewer"),
            new Endpoint("GET", "/api/directives", "viewer"),
            new Endpoint("POST", "/api/directives", "admin"),
            new Endpoint("GET", "/api/directives/{id}", "viewer"),
            new Endpoint("PATCH", "/api/directives/{id}", "admin"),
            new Endpoint("PUT", "/api/directives/{id}", "admin"),
            new Endpoint("DELETE", "/api/directives/{id}", "admin"),
            new Endpoint("GET", "/api/directives/{id}/versions", "viewer"),
            new Endpoint("GET", "/api/jobs", "viewer"),
            new Endpoint("GET", "/api/jobs/{idOrKey}", "viewer"),
            new Endpoint("PATCH", "/api/jobs/{idOrKey}", "admin"),
            new Endpoint("GET", "/api/runs", "viewer"),
            new Endpoint("POST", "/api/runs", "operator"),
            new Endpoint("POST", "/api/runs/launch", "operator"),
            new Endpoint("GET", "/api/runs/since-last-success", "viewer"),
            new Endpoint("GET", "/api/runs/{id}", "viewer"),
            new Endpoint("GET", "/api/runs/{id}/report", "viewer"),
            new Endpoint("GET", "/api/runs/{id}/jobs", "viewer"),
            new Endpoint("GET", "/api/runs/{id}/artifacts", "viewer"),
            new Endpoint("GET", "/api/runs/{id}/artifacts/{artifactId}/download", "viewer"),
            new Endpoint("POST", "/api/runs/{id}/cancel", "operator"),
            new Endpoint("POST", "/api/runs/{id}/approve", "admin"),
            new Endpoint("POST", "/api/runs/{id}/deny", "admin"),
            new Endpoint("GET", "/api/investigations", "viewer"),
            new Endpoint("POST", "/api/investigations", "operator"),
            new Endpoint("GET", "/api/investigations/{id}", "viewer"),
            new Endpoint("POST", "/api/investigations/{id}/cancel", "operator"),
            new Endpoint("GET", "/api/schedules", "viewer"),
            new Endpoint("POST", "/api/schedules", "operator"),
            new Endpoint("POST", "/api/schedules/preview", "viewer"),
            new Endpoint("GET", "/api/schedules/{id}", "viewer"),
            new Endpoint("PATCH", "/api/schedules/{id}", "operator"),
            new Endpoint("DELETE", "/api/schedules/{id}", "operator"),
            new Endpoint("POST", "/api/schedules/{id}/enable", "operator"),
            new Endpoint("POST", "/api/schedules/{id}/disable", "operator"),
            new Endpoint("POST", "/api/schedules/{id}/run-now", "operator"),
            new Endpoint("GET", "/api/schedules/{id}/history", "viewer"),
            new Endpoint("GET", "/api/allowlist/containers", "viewer"),
            new Endpoint("POST", "/api/allowlist/containers", "admin"),
            new Endpoint("GET", "/api/allowlist/containers/{containerId}", "viewer"),
            new Endpoint("PATCH", "/api/allowlist/containers/{containerId}", "admin"),
            new Endpoint("DELETE", "/api/allowlist/containers/{containerId}", "admin"),
            new Endpoint("POST", "/api/allowlist/containers/{containerId}/enable", "admin"),
            new Endpoint("POST", "/api/allowlist/containers/{containerId}/disable", "admin"),
            new Endpoint("GET", "/api/allowlist/images", "viewer"),
            new Endpoint("POST", "/api/allowlist/images", "admin"),
            new Endpoint("GET", "/api/allowlist/images/{id}", "viewer"),
            new Endpoint("PATCH", "/api/allowlist/images/{id}", "admin"),
            new Endpoint("DELETE", "/api/allowlist/images/{id}", "admin"),
            new Endpoint("GET", "/api/container-inventory", "viewer"),
            new Endpoint("GET", "/api/container-inventory/{containerId}/history", "viewer"),
            new Endpoint("GET", "/api/llm-calls", "viewer"),
            new Endpoint("GET", "/api/token-stats", "viewer"),
            new Endpoint("GET", "/api/cost-report", "viewer"),
            new Endpoint("GET", "/api/usage-by-directive", "viewer"),
            new Endpoint("GET", "/api/gpu-state", "viewer"),
            new Endpoint("GET", "/api/worker-hosts", "viewer"),
            new Endpoint("GET", "/api/worker-hosts/{id}", "viewer"),
            new Endpoint("PATCH", "/api/worker-hosts/{id}", "admin"),
            new Endpoint("DELETE", "/api/worker-hosts/{id}", "admin"),
            new Endpoint("GET", "/api/worker-hosts/{id}/health", "viewer"),
            new Endpoint("GET", "/api/notification-targets", "admin"),
            new Endpoint("POST", "/api/notification-targets", "admin"),
            new Endpoint("GET", "/api/notification-targets/{id}", "admin"),
            new Endpoint("PATCH", "/api/notification-targets/{id}", "admin"),
            new Endpoint("DELETE", "/api/notification-targets/{id}", "admin"),
            new Endpoint("POST", "/api/notification-targets/{id}/test", "admin"),
            new Endpoint("GET", "/api/notification-targets/{id}/deliveries", "admin"),
            new Endpoint("POST", "/api/rag/uploads", "operator"),
            new Endpoint("POST", "/api/rag/upload", "operator"),
            new Endpoint("GET", "/api/rag/uploads", "viewer"),
            new Endpoint("GET", "/api/rag/uploads/{id}", "viewer"),
            new Endpoint("GET", "/api/rag/documents", "viewer"),
            new Endpoint("GET", "/api/rag/documents/{id}", "viewer"),
            new Endpoint("DELETE", "/api/rag/documents/{id}", "operator"),
            new Endpoint("POST", "/api/rag/search", "viewer"),
            new Endpoint("GET", "/api/tokens", "admin"),
            new Endpoint("POST", "/api/tokens", "admin"),
            new Endpoint("DELETE", "/api/tokens/{id}", "admin"),
            new Endpoint("POST", "/api/alerts/alertmanager", "alerts"),
            new Endpoint("POST", "/api/alerts/webhook", "alerts"),
            new Endpoint("GET", "/api/alerts", "viewer"),
            new Endpoint("GET", "/api/alerts/{id}", "viewer"),
            new Endpoint("GET", "/api/alert-rules", "viewer"),
            new Endpoint("POST", "/api/alert-rules", "admin"),
            new Endpoint("GET", "/api/alert-rules/{id}", "viewer"),
            new Endpoint("PATCH", "/api/alert-rules/{id}", "admin"),
            new Endpoint("DELETE", "/api/alert-rules/{id}", "admin"));

    static Stream<Endpoint> endpoints() {
        return ENDPOINTS.stream();
    }

    static Stream<Endpoint> restrictedEndpoints() {
        return ENDPOINTS.stream().filter(e -> !e.minimumRole().equals("viewer"));
    }

    @ParameterizedTest(name = "{0} without a token is 401")
    @MethodSource("endpoints")
    void withoutATokenEveryEndpointIs401(Endpoint e) {
        given().contentType(ContentType.JSON).body("{}")
                .request(e.method(), e.concretePath())
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"cyberbrain\""));
    }

    @ParameterizedTest(name = "{0} with an unknown token is 401")
    @MethodSource("endpoints")
    void withAnUnknownTokenEveryEndpointIs401(Endpoint e) {
        given().header("Authorization", "Bearer cb_not_a_real_token").contentType(ContentType.JSON).body("{}")
                .request(e.method(), e.concretePath())
                .then().statusCode(401);
    }

    @ParameterizedTest(name = "{0} with the role below is 403")
    @MethodSource("restrictedEndpoints")
    void withTooSmallARoleEveryRestrictedEndpointIs403(Endpoint e) {
        // alerts stands apart from the viewer < operator < admin ladder: the most any other non-admin role has
        String below = switch (e.minimumRole()) {
            case "admin", "alerts" -> "operator";
            default -> "viewer";
        };
        given().header("Authorization", "Bearer " + Tokens.of(below)).contentType(ContentType.JSON).body("{}")
                .request(e.method(), e.concretePath())
                .then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void viewerCanReadWhatViewersMayRead() {
        for (Endpoint e : ENDPOINTS) {
            if (e.minimumRole().equals("viewer") && e.method().equals("GET") && !e.path().contains("{")) {
                int status = given().header("Authorization", "Bearer " + Tokens.of("viewer")).get(e.concretePath()).statusCode();
                assertEquals(200, status, e.toString());
            }
        }
    }

    static Stream<Endpoint> endpointsBeyondAlerts() {
        return ENDPOINTS.stream().filter(e -> !e.minimumRole().equals("alerts"));
    }

    @ParameterizedTest(name = "{0} with an alerts token is 403")
    @MethodSource("endpointsBeyondAlerts")
    void anAlertsTokenIsRefusedEverywhereElse(Endpoint e) {
        given().header("Authorization", "Bearer " + Tokens.of("alerts")).contentType(ContentType.JSON).body("{}")
                .request(e.method(), e.concretePath())
                .then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void anAlertsTokenPostsAlertsAndCannotUseTheWebUiOrMcp() {
        given().header("Authorization", "Bearer " + Tokens.of("alerts")).contentType(ContentType.JSON)
                .body("{\"name\": \"RoleCheck\", \"status\": \"firing\"}")
                .post("/api/alerts/webhook").then().statusCode(201);
        given().header("Authorization", "Bearer " + Tokens.of("alerts")).contentType(ContentType.JSON)
                .body("{\"version\": \"4\", \"status\": \"firing\", \"alerts\": []}")
                .post("/api/alerts/alertmanager").then().statusCode(200);
        given().redirects().follow(false).formParam("token", Tokens.of("alerts")).post("/ui/login").then().statusCode(403)
                .body(org.hamcrest.Matchers.containsString("may only post alerts"))
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
        given().header("Authorization", "Bearer " + Tokens.of("alerts")).contentType("application/json")
                .accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-03-26\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
                .post("/mcp").then().statusCode(403);
        given().header("Authorization", "Bearer " + Tokens.of("alerts")).accept("text/event-stream").get("/mcp/sse")
                .then().statusCode(403);
    }

    @Test
    void theTableCoversEveryEndpointOfTheApi() {
        JsonPath openapi = given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().forEach(method -> {
            if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                documented.add(method.toUpperCase() + " " + path);
            }
        }));
        Set<String> covered = new TreeSet<>();
        ENDPOINTS.forEach(e -> covered.add(e.method() + " " + e.path()));
        documented.removeIf(op -> !op.contains(" /api/") && !op.endsWith(" /api"));
        assertEquals(documented, covered, "every /api operation needs a row in ENDPOINTS");
    }

    @Test
    void aRevokedTokenStopsWorking() {
        String secret = Tokens.create("viewer", "short-lived-" + System.nanoTime());
        given().header("Authorization", "Bearer " + secret).get("/api/jobs").then().statusCode(200);
        int id = given().header("Authorization", "Bearer " + Tokens.ADMIN).get("/api/tokens?size=500").then().statusCode(200)
                .extract().jsonPath().<Integer>getList("items.findAll { it.token_prefix == '" + secret.substring(0, 8) + "' && it.active }.id").get(0);
        given().header("Authorization", "Bearer " + Tokens.ADMIN).delete("/api/tokens/" + id).then().statusCode(200)
                .body("active", equalTo(false));
        given().header("Authorization", "Bearer " + secret).get("/api/jobs").then().statusCode(401);
    }
}
