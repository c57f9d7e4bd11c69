package io.cyberbrain.api.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cyberbrain.api.Tokens;
import io.cyberbrain.api.allowlist.AllowlistTools;
import io.cyberbrain.api.directive.DirectiveTools;
import io.cyberbrain.api.rag.RagTools;
import io.cyberbrain.api.run.RunTools;
import io.cyberbrain.api.schedule.ScheduleTools;
import io.cyberbrain.api.usage.UsageTools;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/** A NUL character in any argument of any tool is a tool error naming the argument (the REST API's rule), never an internal error. */
@QuarkusTest
class McpNulArgumentsTest {

    @TestHTTPResource
    URI base;

    private McpStreamableTestClient admin() {
        return McpAssured.newStreamableClient().setBaseUri(base)
                .setAdditionalHeaders(m -> MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + Tokens.ADMIN))
                .build().connect();
    }

    private static String text(ToolResponse r) {
        return ((TextContent) r.content().get(0)).text();
    }

    @Test
    void aNulInAToolArgumentIsAToolErrorAndNothingIsStored() {
        String name = "nul-" + System.nanoTime();
        admin().when()
                .toolsCall("create_schedule", Map.of("name", name + "\u0000x", "job", "gpu_report", "schedule_type", "interval",
                        "interval_minutes", 60), r -> {
                    assertTrue(r.isError());
                    assertEquals("name: must not contain the NUL character (\\u0000)", text(r));
                })
                .toolsCall("launch_run", Map.of("tasks", List.of("log_triage"), "log_files", List.of("app.log", "a\u0000.log")),
                        r -> {
                            assertTrue(r.isError());
                            assertTrue(text(r).startsWith("log_files[1]: must not contain the NUL character"), text(r));
                        })
                .toolsCall("list_schedules", Map.of(), r -> {
                    assertFalse(r.isError());
                    assertFalse(text(r).contains(name), "nothing was stored: " + text(r));
                })
                .thenAssertResults();
    }

    @Test
    void everyArgumentOfEveryToolRefusesANul() {
        Map<String, JsonObject> arguments = new HashMap<>();
        Map<String, List<Object>> required = new HashMap<>();
        admin().when().toolsList(page -> page.tools().stream().filter(tool -> McpToolsTest.PRODUCT_TOOLS.contains(tool.name()))
                .forEach(tool -> {
                    arguments.put(tool.name(), tool.inputSchema().getJsonObject("properties", new JsonObject()));
                    required.put(tool.name(), tool.inputSchema().getJsonArray("required", new io.vertx.core.json.JsonArray()).getList());
                }))
                .thenAssertResults();
        assertEquals(McpToolsTest.PRODUCT_TOOLS, arguments.keySet());

        List<String> wrong = new ArrayList<>();
        var calls = admin().when();
        arguments.forEach((tool, properties) -> properties.forEach(property -> {
            String argument = property.getKey();
            JsonObject schema = (JsonObject) property.getValue();
            String type = schema.getString("type");
            boolean text = "string".equals(type)
                    || "array".equals(type) && "string".equals(schema.getJsonObject("items", new JsonObject()).getString("type"));
            Object value = "array".equals(type) ? List.of("ok", "x\u0000y") : "x\u0000y";
            String expected = ("array".equals(type) ? argument + "[1]" : argument) + ": must not contain the NUL character (\\u0000)";
            // The other required arguments get a value of their type (the check comes before the tool reads them).
            Map<String, Object> call = new HashMap<>();
            for (Object other : required.get(tool)) {
                call.put((String) other, placeholder(properties.getJsonObject((String) other).getString("type")));
            }
            call.put(argument, value);
            calls.toolsCall(tool, call, r -> {
                // A text argument names itself; a number or a flag given text is refused as not a number or flag.
                boolean right = r.isError() && (text ? text(r).equals(expected) : !text(r).contains("internal error"));
                if (!right) {
                    wrong.add(tool + "." + argument + " (" + type + ") -> " + (r.isError() ? text(r) : "accepted"));
                }
            });
        }));
        calls.thenAssertResults();
        assertEquals(List.of(), wrong);
    }

    private static Object placeholder(String type) {
        return switch (type) {
            case "integer", "number" -> 1;
            case "boolean" -> false;
            case "array" -> List.of("x");
            default -> "x";
        };
    }

    @Test
    void everyToolsClassHasItsArgumentsChecked() {
        for (Class<?> tools : List.of(RunTools.class, DirectiveTools.class, ScheduleTools.class, AllowlistTools.class,
                RagTools.class, UsageTools.class)) {
            assertTrue(tools.isAnnotationPresent(CheckedToolArguments.class), tools.getSimpleName());
        }
    }
}
