package io.cyberbrain.api.mcp;

import static io.cyberbrain.api.Tokens.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.cyberbrain.api.Tokens;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

@QuarkusTest
class McpToolsTest {

    static final Set<String> PRODUCT_TOOLS = Set.of("launch_run", "list_runs", "get_run", "get_run_report", "cancel_run",
            "approve_run", "deny_run", "list_directives", "get_directive", "get_allowlist", "set_allowlist",
            "list_schedules", "create_schedule", "set_schedule_enabled", "run_schedule_now", "rag_search",
            "rag_list_documents", "rag_upload_status", "token_stats", "list_alerts", "get_alert", "list_alert_rules",
            "list_hosts", "get_host", "start_investigation", "get_investigation");

    @TestHTTPResource
    URI base;

    private McpStreamableTestClient client(String role) {
        String token = Tokens.of(role);
        return McpAssured.newStreamableClient().setBaseUri(base)
                .setAdditionalHeaders(m -> MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token))
                .build().connect();
    }

    private static String text(ToolResponse r) {
        return ((TextContent) r.content().get(0)).text();
    }

    private static JsonObject structured(ToolResponse r) {
        return (JsonObject) r.structuredContent();
    }

    @Test
    void everyProductToolIsListedWithDescriptionAndBothSchemas() {
        client("admin").when().toolsList(page -> {
            for (String name : PRODUCT_TOOLS) {
                var tool = page.findByName(name);
                assertNotNull(tool, name + " is listed");
                assertTrue(tool.description().length() > 30, name + " has a description an agent can act on");
                assertEquals("object", tool.inputSchema().getString("type"), name + " input schema");
                assertNotNull(tool.outputSchema(), name + " has an output schema");
            }
            assertNull(page.nextCursor(), "one page holds every tool");
        }).thenAssertResults();
    }

    /**
     * Type arrays ({@code "type": ["string", "null"]}) are legal JSON Schema, but several MCP clients read
     * {@code type} as one string and reject the tool; the MCP Inspector flags them as not portable.
     */
    @Test
    void toolSchemasNeverSpellATypeAsAnArray() {
        List<String> found = new java.util.ArrayList<>();
        client("admin").when().toolsList(page -> page.tools().forEach(tool -> {
            typeArrays(tool.inputSchema(), tool.name() + ".inputSchema", found);
            if (tool.outputSchema() != null) {
                typeArrays(tool.outputSchema(), tool.name() + ".outputSchema", found);
            }
        })).thenAssertResults();
        assertEquals(List.of(), found, "schemas with a type array");
    }

    private static void typeArrays(Object node, String where, List<String> found) {
        if (node instanceof JsonObject object) {
            if (object.getValue("type") instanceof io.vertx.core.json.JsonArray || object.getValue("type") instanceof List) {
                found.add(where + ": " + object.getValue("type"));
            }
            object.forEach(e -> typeArrays(e.getValue(), where + "." + e.getKey(), found));
        } else if (node instanceof io.vertx.core.json.JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                typeArrays(array.getValue(i), where + "[" + i + "]", found);
            }
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> typeArrays(value, where + "." + key, found));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                typeArrays(list.get(i), where + "[" + i + "]", found);
            }
        }
    }

    private static void assertNull(Object value, String message) {
        org.junit.jupiter.api.Assertions.assertNull(value, message);
    }

    @Test
    void requestsWithoutATokenAreRefusedWith401OnBothTransports() {
        McpAssured.newStreamableClient().setBaseUri(base)
                .setExpectConnectFailure(failure -> assertEquals(401, failure.statusCode())).build().connect();
        given().accept("text/event-stream").get("/mcp/sse").then().statusCode(401);
        given().header("Authorization", "Bearer cb_not_a_real_token_0000000000000000000000000000")
                .contentType("application/json").accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post("/mcp").then().statusCode(401);
    }

    @Test
    void anUnauthenticatedRequestGetsABearerChallengeAndNoServerClassNames() {
        for (String auth : new String[] {null, "Bearer cb_not_a_real_token_0000000000000000000000000000"}) {
            var request = given().contentType("application/json").accept("application/json, text/event-stream")
                    .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            if (auth != null) {
                request.header("Authorization", auth);
            }
            var response = request.post("/mcp").then().statusCode(401).extract();
            assertTrue(response.header("WWW-Authenticate").startsWith("Bearer"), response.headers().toString());
            String everything = response.headers().toString() + response.asString();
            assertFalse(everything.contains("io.quarkus") || everything.contains("Exception"), everything);
            if (!response.asString().isEmpty()) {
                assertEquals(-32001, (int) response.jsonPath().getInt("error.code"), response.asString());
            }
        }
    }

    private static io.restassured.response.ExtractableResponse<io.restassured.response.Response> post(String token,
            String session, String body) {
        var request = given().header("Authorization", "Bearer " + token).contentType("application/json")
                .accept("application/json, text/event-stream").body(body);
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return request.post("/mcp").then().extract();
    }

    @Test
    void aSessionAnswersOnlyTheTokenThatOpenedIt() {
        String opener = Tokens.create("operator", "mcp-session-opener");
        String other = Tokens.create("operator", "mcp-session-other");
        var init = post(opener, null, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                 "capabilities":{},"clientInfo":{"name":"session-test","version":"1"}}}""");
        assertEquals(200, init.statusCode(), init.asString());
        String session = init.header("Mcp-Session-Id");
        assertNotNull(session);
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
        var foreign = post(other, session, ping);
        assertEquals(404, foreign.statusCode(), foreign.asString());
        assertFalse(foreign.asString().contains("Exception"), foreign.asString());
        assertEquals(404, post(Tokens.ADMIN, session, ping).statusCode(), "not even an admin's token");
        assertEquals(200, post(opener, session, ping).statusCode(), "the opener's token still works");
    }

    @Test
    void toolsListOffersOnlyTheToolsTheRoleMayCall() {
        Map<String, Set<String>> listed = new HashMap<>();
        for (String role : List.of("viewer", "operator", "admin")) {
            client(role).when().toolsList(page -> listed.put(role,
                    page.tools().stream().map(t -> t.name()).collect(java.util.stream.Collectors.toSet())))
                    .thenAssertResults();
        }
        assertTrue(listed.get("viewer").containsAll(Set.of("list_runs", "get_run", "rag_search", "token_stats")));
        assertFalse(listed.get("viewer").contains("launch_run"), listed.get("viewer").toString());
        assertFalse(listed.get("viewer").contains("set_allowlist"));
        assertTrue(listed.get("operator").containsAll(Set.of("launch_run", "cancel_run", "create_schedule", "list_runs")));
        assertFalse(listed.get("operator").contains("approve_run"), listed.get("operator").toString());
        assertFalse(listed.get("operator").contains("set_allowlist"));
        assertTrue(listed.get("admin").containsAll(PRODUCT_TOOLS), listed.get("admin").toString());
    }

    @Test
    void aForeignOriginIsRefusedBeforeAuthentication() {
        given().header("Origin", "http://evil.example.com").contentType("application/json")
                .accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post("/mcp")
                .then().statusCode(403);
        given().header("Host", "evil.example.com").header("Authorization", "Bearer " + Tokens.ADMIN)
                .contentType("application/json").accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post("/mcp")
                .then().statusCode(403);
    }

    @Test
    void launchRunGoesThroughTheLaunchPathWithTriggerMcp() {
        AtomicLong runId = new AtomicLong();
        client("operator").when().toolsCall("launch_run", Map.of("tasks", List.of("gpu_report")), r -> {
            assertFalse(r.isError(), () -> text(r));
            JsonObject run = structured(r).getJsonObject("run");
            runId.set(run.getLong("id"));
            assertEquals("mcp", run.getString("trigger"));
            assertEquals("pending", run.getString("status"));
            assertFalse(structured(r).getBoolean("finished"));
            assertTrue(text(r).contains("poll get_run"), text(r));
        }).thenAssertResults();
        as("viewer").get("/api/runs/" + runId.get()).then().statusCode(200)
                .body("trigger", equalTo("mcp"))
                .body("jobs[0].task_key", equalTo("gpu_report"));
        client("viewer").when()
                .toolsCall("get_run", Map.of("run_id", runId.get()), r -> {
                    assertFalse(r.isError());
                    assertEquals(runId.get(), structured(r).getLong("id"));
                })
                .toolsCall("get_run_report", Map.of("run_id", runId.get()), r -> {
                    assertFalse(r.isError());
                    assertTrue(text(r).contains("has no report yet"), text(r));
                })
                .toolsCall("list_runs", Map.of("trigger", "mcp"), r -> assertTrue(structured(r).getJsonArray("items")
                        .stream().anyMatch(item -> ((JsonObject) item).getLong("id") == runId.get())))
                .thenAssertResults();
    }

    @Test
    void launchRunCarriesALogScopeAndRefusesOneLeavingTheLogsFolder() {
        AtomicLong runId = new AtomicLong();
        client("operator").when()
                .toolsCall("launch_run", Map.of("tasks", List.of("log_triage"), "directive_id", 1,
                        "log_files", List.of("app.log", "nginx/*.log")), r -> {
                    assertFalse(r.isError(), () -> text(r));
                    runId.set(structured(r).getJsonObject("run").getLong("id"));
                })
                .toolsCall("launch_run", Map.of("tasks", List.of("log_triage"), "directive_id", 1,
                        "log_files", List.of("../../etc/shadow")), r -> {
                    assertTrue(r.isError());
                    assertTrue(text(r).contains("leaves the logs folder"), text(r));
                })
                .thenAssertResults();
        as("viewer").get("/api/runs/" + runId.get()).then().statusCode(200)
                .body("jobs[0].config.log_scope.files", org.hamcrest.Matchers.contains("app.log", "nginx/*.log"))
                .body("jobs[0].config.log_scope.containers", org.hamcrest.Matchers.empty());
    }

    @Test
    void badArgumentsAreToolErrorsThatSayWhatToFix() {
        client("operator").when()
                .toolsCall("launch_run", Map.of("tasks", List.of("mine_bitcoin")), r -> {
                    assertTrue(r.isError());
                    assertTrue(text(r).contains("unknown task 'mine_bitcoin'"), text(r));
                })
                .toolsCall("launch_run", Map.of("tasks", List.of("log_triage"), "directive_id", 1,
                        "custom_directive_text", "both"), r -> {
                    assertTrue(r.isError());
                    assertTrue(text(r).contains("either directive_id or custom_directive_text"), text(r));
                })
                .toolsCall("launch_run", Map.of(), r -> {
                    assertTrue(r.isError());
                    assertTrue(text(r).contains("tasks"), text(r));
                })
                .toolsCall("get_run", Map.of("run_id", 987654321), r -> {
                    assertTrue(r.isError());
                    assertTrue(text(r).contains("987654321 does not exist"), text(r));
                })
                .toolsCall("list_runs", Map.of("status", "exploded"), r -> {
                    assertTrue(r.isError());
                    assertTrue(text(r).startsWith("status: must be one of"), text(r));
                })
                .toolsCall("create_schedule", Map.of("name", "bad-cron", "job", "gpu_report", "schedule_type", "cron",
                        "cron_expr", "61 * * * *"), r -> {
                    assertTrue(r.isError());
                    assertTrue(text(r).startsWith("cron_expr:"), text(r));
                })
                .toolsCall("rag_search", Map.of("query", ""), r -> {
                    assertTrue(r.isError());
                    assertTrue(text(r).contains("query"), text(r));
                })
                .thenAssertResults();
    }

    @Test
    void toolsKeepTheRestRoles() {
        AtomicReference<String> error = new AtomicReference<>();
        client("operator").when().toolsCall("set_allowlist")
                .withArguments(Map.of("container_id", "0123456789ab", "name", "nope"))
                .withErrorAssert(e -> {
                    assertEquals(-32001, e.code());
                    error.set(e.message());
                }).send().thenAssertResults();
        assertTrue(error.get().contains("Forbidden (403): set_allowlist needs the admin role"), error.get());
        client("viewer").when().toolsCall("launch_run").withArguments(Map.of("tasks", List.of("gpu_report")))
                .withErrorAssert(e -> assertEquals(-32001, e.code())).send().thenAssertResults();
        as("admin").get("/api/allowlist/containers/0123456789ab").then().statusCode(404);
    }

    @Test
    void anAdminSetsTheAllowlistAndEveryoneReadsIt() {
        Map<String, Object> entry = new HashMap<>(Map.of("container_id", "fedcba9876543210", "name", "grafana",
                "tags", List.of("monitoring")));
        client("admin").when()
                .toolsCall("set_allowlist", entry, r -> {
                    assertFalse(r.isError(), () -> text(r));
                    assertTrue(structured(r).getBoolean("created"));
                })
                .thenAssertResults();
        // Calls in one when() block are pipelined; the update must follow the creation.
        client("admin").when()
                .toolsCall("set_allowlist", Map.of("container_id", "fedcba9876543210", "enabled", false), r -> {
                    assertFalse(r.isError(), () -> text(r));
                    assertFalse(structured(r).getBoolean("created"));
                    assertFalse(structured(r).getJsonObject("container").getBoolean("enabled"));
                })
                .toolsCall("set_allowlist", Map.of("container_id", "NOT-HEX"), r -> {
                    assertTrue(r.isError());
                    assertTrue(text(r).startsWith("container_id: must be a Docker container id"), text(r));
                })
                .thenAssertResults();
        client("viewer").when().toolsCall("get_allowlist", Map.of(), r -> assertTrue(structured(r).getJsonArray("containers")
                .stream().anyMatch(c -> ((JsonObject) c).getString("name").equals("grafana")
                        && !((JsonObject) c).getBoolean("enabled")))).thenAssertResults();
    }

    @Test
    void anAdminApprovesAndDeniesRunsThatAwaitApproval() {
        AtomicLong approved = new AtomicLong();
        AtomicLong denied = new AtomicLong();
        var operator = client("operator");
        operator.when()
                .toolsCall("launch_run", Map.of("tasks", List.of("service_map"), "directive_id", 3), r -> {
                    assertTrue(structured(r).getBoolean("awaiting_approval"));
                    assertTrue(text(r).contains("approve_run"), text(r));
                    approved.set(structured(r).getJsonObject("run").getLong("id"));
                })
                .toolsCall("launch_run", Map.of("tasks", List.of("service_map"), "directive_id", 3),
                        r -> denied.set(structured(r).getJsonObject("run").getLong("id")))
                .thenAssertResults();
        client("admin").when()
                .toolsCall("approve_run", Map.of("run_id", approved.get(), "note", "scope checked"), r -> {
                    assertFalse(r.isError(), () -> text(r));
                    assertEquals("pending", structured(r).getString("status"));
                    assertEquals("scope checked", structured(r).getJsonObject("approval").getString("note"));
                })
                .toolsCall("deny_run", Map.of("run_id", denied.get()),
                        r -> assertEquals("cancelled", structured(r).getString("status")))
                .thenAssertResults();
        client("admin").when().toolsCall("approve_run", Map.of("run_id", approved.get()), r -> {
            assertTrue(r.isError());
            assertTrue(text(r).contains("not awaiting approval"), text(r));
        }).thenAssertResults();
        operator.when().toolsCall("cancel_run", Map.of("run_id", approved.get()),
                r -> assertEquals("cancelled", structured(r).getString("status"))).thenAssertResults();
    }

    @Test
    void waitingForARunEndsAtTheTimeoutWithTheRunAsItStands() {
        client("operator").when().toolsCall("launch_run", Map.of("tasks", List.of("gpu_report"), "wait", true,
                "wait_timeout_seconds", 1), r -> {
                    assertFalse(r.isError(), () -> text(r));
                    assertFalse(structured(r).getBoolean("finished"), "no launcher runs in this test");
                    assertEquals("pending", structured(r).getJsonObject("run").getString("status"));
                })
                .toolsCall("launch_run", Map.of("tasks", List.of("gpu_report"), "wait", true, "wait_timeout_seconds", 0),
                        r -> {
                            assertTrue(r.isError());
                            assertTrue(text(r).startsWith("wait_timeout_seconds:"), text(r));
                        })
                .thenAssertResults();
    }

    @Test
    void schedulesAreCreatedEnabledAndFiredOverMcp() {
        AtomicLong id = new AtomicLong();
        var operator = client("operator");
        operator.when().toolsCall("create_schedule", Map.of("name", "mcp-nightly-gpu", "job", "gpu_report",
                "schedule_type", "cron", "cron_expr", "30 2 * * *", "timezone", "Europe/Berlin"), r -> {
                    assertFalse(r.isError(), () -> text(r));
                    id.set(structured(r).getLong("id"));
                    assertNotNull(structured(r).getString("next_run_at"));
                    assertTrue(structured(r).getString("description").toLowerCase().contains("02:30"),
                            structured(r).getString("description"));
                }).thenAssertResults();
        operator.when()
                .toolsCall("set_schedule_enabled", Map.of("schedule_id", id.get(), "enabled", false),
                        r -> assertFalse(structured(r).getBoolean("enabled")))
                .thenAssertResults();
        operator.when()
                .toolsCall("run_schedule_now", Map.of("schedule_id", id.get()), r -> {
                    assertFalse(r.isError(), () -> text(r));
                    assertEquals("launched", structured(r).getString("status"));
                    assertNotNull(structured(r).getLong("run_id"));
                })
                .toolsCall("list_schedules", Map.of(), r -> assertTrue(text(r).contains("mcp-nightly-gpu")))
                .thenAssertResults();
    }

    @Test
    void alertToolsListRulesAndTheAlertsTheyRouted() {
        String name = "McpAlert" + System.nanoTime();
        long rule = as("admin").body(Map.of("name", name, "alert_name", name, "action", "run", "tasks", List.of("gpu_report"),
                "directive_id", 2)).post("/api/alert-rules").then().statusCode(201).extract().jsonPath().getLong("id");
        long alert = as("alerts").body(Map.of("name", name, "status", "firing", "fingerprint", name))
                .post("/api/alerts/webhook").then().statusCode(201).extract().jsonPath().getLong("id");
        client("viewer").when()
                .toolsCall("list_alert_rules", Map.of("size", 500), r -> {
                    assertFalse(r.isError(), () -> text(r));
                    assertTrue(text(r).contains("#" + rule + " " + name), text(r));
                })
                .toolsCall("list_alerts", Map.of("fingerprint", name), r -> {
                    assertFalse(r.isError(), () -> text(r));
                    assertEquals(1, structured(r).getLong("total"));
                    assertEquals("run_launched", structured(r).getJsonArray("items").getJsonObject(0).getString("decision"));
                })
                .toolsCall("get_alert", Map.of("id", alert), r -> {
                    assertFalse(r.isError(), () -> text(r));
                    assertEquals(rule, structured(r).getLong("rule_id"));
                })
                .toolsCall("list_alerts", Map.of("status", "burning"), r -> {
                    assertTrue(r.isError());
                    assertTrue(text(r).contains("status"), text(r));
                })
                .thenAssertResults();
    }

    @Test
    void libraryAndUsageToolsAnswerWithStructuredResults() {
        client("viewer").when()
                .toolsCall("rag_list_documents", Map.of(), r -> {
                    assertFalse(r.isError(), () -> text(r));
                    assertNotNull(structured(r).getJsonArray("items"));
                })
                .toolsCall("rag_upload_status", Map.of("status", "queued"), r -> assertFalse(r.isError(), () -> text(r)))
                .toolsCall("rag_upload_status", Map.of("upload_id", 99999999), r -> {
                    assertTrue(r.isError());
                    assertTrue(text(r).contains("does not exist"), text(r));
                })
                .toolsCall("rag_search", Map.of("query", "how do I restart the GPU exporter", "top_k", 3),
                        r -> assertFalse(r.isError(), () -> text(r)))
                .toolsCall("rag_search", Map.of("query", "zqxj vkwp bnqz rtxq pfjd"), r -> {
                    assertFalse(r.isError(), () -> text(r));
                    assertTrue(text(r).startsWith("No relevant passage"), text(r));
                    assertTrue(structured(r).getBoolean("no_relevant_passage"));
                    assertTrue(structured(r).getJsonArray("hits").isEmpty());
                })
                .toolsCall("token_stats", Map.of(), r -> {
                    assertFalse(r.isError(), () -> text(r));
                    assertNotNull(structured(r).getValue("total_tokens"));
                })
                .toolsCall("list_directives", Map.of(), r -> assertTrue(text(r).contains("D1")))
                .toolsCall("get_directive", Map.of("id", 1), r -> assertEquals("D1", structured(r).getString("code")))
                .thenAssertResults();
    }

    @Test
    void runReportsAndDirectivesAreResources() {
        AtomicLong runId = new AtomicLong();
        client("operator").when().toolsCall("launch_run", Map.of("tasks", List.of("gpu_report")),
                r -> runId.set(structured(r).getJsonObject("run").getLong("id"))).thenAssertResults();
        client("viewer").when()
                .resourcesTemplatesList(page -> {
                    assertNotNull(page.findByUriTemplate("cyberbrain://runs/{id}/report"));
                    assertNotNull(page.findByUriTemplate("cyberbrain://directives/{id}"));
                })
                .resourcesRead("cyberbrain://runs/" + runId.get() + "/report", r -> assertTrue(
                        r.contents().get(0).asText().text().contains("Status: pending")))
                .resourcesRead("cyberbrain://directives/1", r -> {
                    assertEquals("text/markdown", r.contents().get(0).asText().mimeType());
                    assertTrue(r.contents().get(0).asText().text().startsWith("# D1 "));
                })
                .resourcesRead("cyberbrain://directives", r -> assertTrue(r.contents().get(0).asText().text().contains("\"code\":\"D1\"")))
                .thenAssertResults();
        client("viewer").when().resourcesRead("cyberbrain://runs/987654321/report")
                .withErrorAssert(e -> assertEquals(-32002, e.code())).send().thenAssertResults();
    }
}
