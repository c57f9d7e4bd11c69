package io.cyberbrain.api.legacy;

import static io.cyberbrain.api.Tokens.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.cyberbrain.api.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The original system's examples, sent exactly as its docs and smoke scripts write them. */
@QuarkusTest
class OriginalWordsTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void theDesignsScheduleExampleIsCreatedAsWritten() {
        String body = """
                {"name":"triage-every-5","job_key":"log_triage","enabled":true,"schedule_type":"interval","interval_minutes":5,"timezone":"UTC"}""";
        as("operator").body(body).post("/api/schedules/").then().statusCode(201)
                .body("name", equalTo("triage-every-5"))
                .body("job.task_key", equalTo("log_triage"))
                .body("interval_minutes", equalTo(5));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"/webui/schedules, /ui/schedules", "/webui/schedules/, /ui/schedules",
            "/webui/rag/upload/, /ui/library", "/webui/rag/search/, /ui/search", "/webui/, /ui", "/webui/runs, /ui/runs"})
    void theOriginalWebPagesRedirectToTheirPlaceInTheUi(String page, String now) {
        given().redirects().follow(false).header("Host", "evil.example").get(page).then().statusCode(301)
                .header("Location", equalTo(now));
    }

    @Test
    void theApiRootListsEveryDocumentedOperation() {
        for (String root : new String[] {"/api/", "/api"}) {
            as("viewer").get(root).then().statusCode(200)
                    .body("resources.path", hasItem("/api/runs/{id}/approve"))
                    .body("resources.find { it.path == '/api/runs' }.methods", equalTo(List.of("GET", "POST")));
        }
        JsonPath listing = as("viewer").get("/api/").then().extract().jsonPath();
        Set<String> listed = new TreeSet<>();
        List<Map<String, Object>> resources = listing.getList("resources");
        for (Map<String, Object> r : resources) {
            for (Object m : (List<?>) r.get("methods")) {
                listed.add(m + " " + r.get("path"));
            }
        }
        JsonPath openapi = given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
        Set<String> documented = new TreeSet<>();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        paths.forEach((path, ops) -> {
            if (path.startsWith("/api")) {
                ops.keySet().stream().filter(k -> Set.of("get", "post", "put", "patch", "delete").contains(k))
                        .forEach(k -> documented.add(k.toUpperCase() + " " + path));
            }
        });
        assertEquals(documented, listed, "the root lists what is served and documented");
    }

    @Test
    void approveAndDenyTakeNoBodyAndNoContentTypeLikeCancel() throws Exception {
        int first = awaitingApproval();
        HttpResponse<String> approved = bare("/api/runs/" + first + "/approve");
        assertEquals(200, approved.statusCode(), approved.body());
        assertTrue(approved.body().contains("\"status\":\"pending\""), approved.body());

        int second = awaitingApproval();
        HttpResponse<String> denied = bare("/api/runs/" + second + "/deny");
        assertEquals(200, denied.statusCode(), denied.body());
        assertTrue(denied.body().contains("\"status\":\"cancelled\""), denied.body());
    }

    private static int awaitingApproval() {
        return as("operator").body(Map.of("tasks", List.of("service_map"), "directive_id", 3)).post("/api/runs")
                .then().statusCode(201).body("status", equalTo("awaiting_approval")).extract().path("id");
    }

    /** A POST as curl -X POST sends it: no body, no Content-Type. */
    private HttpResponse<String> bare(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Authorization", "Bearer " + Tokens.ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
