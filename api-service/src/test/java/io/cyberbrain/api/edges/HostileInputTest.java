package io.cyberbrain.api.edges;

import static io.cyberbrain.api.Tokens.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;

/** Input PostgreSQL or Java cannot take is refused with 400 problem+json where it enters, never a 500. */
@QuarkusTest
class HostileInputTest {

    private static final String NUL = "\u0000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RestAssuredConfig RAW_URLS = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().defaultContentCharset("UTF-8"));

    @Test
    void nulInAnyBodyStringIsRefusedNamingTheField() {
        as("admin").body(Map.of("tasks", List.of("log_triage"), "custom_directive_text", "x" + NUL + "y"))
                .post("/api/runs").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("custom_directive_text"))
                .body("detail", containsString("NUL"));
        as("admin").body(Map.of("name", "n" + NUL, "job", "log_triage", "schedule_type", "interval",
                        "interval_minutes", 5, "timezone", "UTC"))
                .post("/api/schedules").then().statusCode(400).body("errors.field", hasItem("name"));
        as("admin").body(Map.of("name", "d-" + UUID.randomUUID(), "type", "log_triage", "text", "t",
                        "task_config", Map.of("llm", Map.of("model", "m" + NUL))))
                .post("/api/directives").then().statusCode(400).body("errors.field", hasItem("task_config.llm.model"));
        as("admin").body(Map.of("name", "t-" + UUID.randomUUID(), "kind", "webhook",
                        "config", Map.of("url" + NUL, "http://example.invalid/hook"), "events", List.of("run_failed")))
                .post("/api/notification-targets").then().statusCode(400).body("errors.field", hasItem("config"));
    }

    @Test
    void anEscapedBackslashBeforeU0000IsNotANul() {
        // "\\u0000" in JSON is a backslash followed by the text u0000: an ordinary value.
        as("admin").body("{\"name\":\"d-" + UUID.randomUUID() + "\",\"type\":\"log_triage\",\"text\":\"C:\\\\u0000\"}")
                .post("/api/directives").then().statusCode(201).body("text", equalTo("C:\\u0000"));
    }

    @Test
    void nulInParametersAndPathsIsRefused() {
        given().config(RAW_URLS).urlEncodingEnabled(false).header("Authorization", "Bearer " + io.cyberbrain.api.Tokens.ADMIN)
                .get("/api/llm-calls?model=%00").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("model"));
        given().config(RAW_URLS).urlEncodingEnabled(false).header("Authorization", "Bearer " + io.cyberbrain.api.Tokens.ADMIN)
                .get("/api/allowlist/containers/%00%0aFORGED").then().statusCode(400)
                .contentType("application/problem+json");
        given().config(RAW_URLS).urlEncodingEnabled(false).header("Authorization", "Bearer " + io.cyberbrain.api.Tokens.ADMIN)
                .get("/api/runs?status=%00").then().statusCode(400);
    }

    @Test
    void nulInAUiFormIsRefusedWithAPage() {
        var login = given().redirects().follow(false).formParam("token", io.cyberbrain.api.Tokens.ADMIN)
                .formParam("next", "/ui").post("/ui/login");
        String session = login.getCookie("cb_session");
        String html = given().cookie("cb_session", session).get("/ui/directives/new").then().statusCode(200)
                .extract().asString();
        var csrf = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"").matcher(html);
        assertTrue(csrf.find(), "the form carries its token");
        given().redirects().follow(false).cookie("cb_session", session).formParam("csrf", csrf.group(1))
                .formParam("name", "d" + NUL).formParam("type", "log_triage").formParam("text", "t")
                .post("/ui/directives").then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("NUL"));
    }

    @Test
    void pageOverflowIsRefusedOnEveryList() {
        List<String> lists = listPaths();
        assertTrue(lists.size() >= 10, "lists found in the OpenAPI document: " + lists);
        for (String path : lists) {
            as("admin").queryParam("page", Integer.MAX_VALUE).queryParam("size", 500).get(path)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("page"));
        }
        // The last page that still fits is an ordinary, empty page.
        as("admin").queryParam("page", Integer.MAX_VALUE / 500 - 1).queryParam("size", 500).get("/api/runs")
                .then().statusCode(200);
    }

    @Test
    void datesOutsideWhatCanBeStoredAreRefused() {
        for (Object when : List.of("+1000000000-12-31T23:59:59Z", 1e20, "-0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z")) {
            as("admin").body(Map.of("name", "once-" + UUID.randomUUID(), "job", "gpu_report", "schedule_type", "once",
                            "run_once_at", when, "timezone", "UTC"))
                    .post("/api/schedules").then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z"));
        }
        as("admin").body(Map.of("schedule_type", "once", "run_once_at", "+1000000000-12-31T23:59:59Z"))
                .post("/api/schedules/preview").then().statusCode(400);
        as("admin").queryParam("since", "+1000000000-12-31T23:59:59Z").get("/api/runs")
                .then().statusCode(400).body("errors[0].field", equalTo("since"));
        as("admin").queryParam("until", "+1000000000-12-31T23:59:59Z").get("/api/token-stats")
                .then().statusCode(400).body("errors[0].field", equalTo("until"));
    }

    @Test
    void unknownUiPagesAreNotFoundPages() {
        given().redirects().follow(false).get("/ui/no-such-page").then().statusCode(404)
                .contentType(containsString("text/html"));
        given().redirects().follow(false).get("/ui/runs/extra/segments/here").then().statusCode(404);
    }

    @Test
    void loggedValuesCannotForgeLogLines() throws IOException {
        String marker = "FORGED-" + UUID.randomUUID();
        Logger.getLogger(HostileInputTest.class).infof("no such container %s", "x\r\n" + marker + " INFO admin logged in");
        // The test log file is JSON, which escapes line breaks itself: the message it holds is what a plain console
        // line would print.
        List<String> messages = new ArrayList<>();
        try (var files = Files.list(Path.of("target"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("cyberbrain-api-test.log")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.contains(marker)) {
                        messages.add(JSON.readTree(line).path("message").asText());
                    }
                }
            }
        }
        assertEquals(List.of("no such container x\\r\\n" + marker + " INFO admin logged in"), messages);
    }

    /** Every GET operation of the OpenAPI document that takes {@code page}, path parameters filled with 1. */
    @SuppressWarnings("unchecked")
    private static List<String> listPaths() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().path("paths");
        List<String> lists = new ArrayList<>();
        paths.forEach((path, item) -> {
            Map<String, Object> get = (Map<String, Object>) item.get("get");
            if (get == null || !path.startsWith("/api/")) {
                return;
            }
            List<Map<String, Object>> parameters = (List<Map<String, Object>>) get.getOrDefault("parameters", List.of());
            if (parameters.stream().anyMatch(p -> "page".equals(p.get("name")))) {
                lists.add(path.replaceAll("\\{[^}]+}", "1"));
            }
        });
        return lists;
    }
}
