package io.cyberbrain.api.edges;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.api.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Sends generated requests to every operation of the OpenAPI document, with an admin token: values that follow
 * the schema and hostile ones (NUL, CR/LF, huge and negative numbers, overflowing pages, long and odd Unicode
 * strings, wrong types, dates out of range). No input may produce a 5xx. Runs in an application and database of
 * its own, so the runs it launches never reach another test's queue.
 *
 * <p>Deterministic: the seed is printed and can be set with {@code -Dfuzz.seed=}; {@code -Dfuzz.cases=} sets the
 * cases per operation.
 */
@QuarkusTest
@TestProfile(OpenApiFuzzTest.OwnApplication.class)
class OpenApiFuzzTest {

    /** A profile of its own: a separate application with a fresh database. */
    public static class OwnApplication implements QuarkusTestProfile {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = Long.getLong("fuzz.seed", 20261206L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 10);

    @Test
    void noOperationAnswers5xxToAnyGeneratedInput() throws Exception {
        System.out.println("OpenApiFuzzTest seed=" + SEED + " cases per operation=" + CASES);
        JsonNode document = JSON.readTree(given().queryParam("format", "json").get("/q/openapi").asString());
        Set<Long> ownTokens = new TreeSet<>();
        for (JsonNode token : JSON.readTree(admin().get("/api/tokens").asString()).path("items")) {
            ownTokens.add(token.path("id").asLong());
        }
        Generator generator = new Generator(document, new Random(SEED));
        List<String> failures = new ArrayList<>();
        int operations = 0;
        int requests = 0;
        // DELETEs last, so the other operations meet the data the fuzzer created.
        for (String phase : List.of("other", "delete")) {
            for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                if (!path.getKey().startsWith("/api")) {
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                    if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)
                            || "DELETE".equals(method) != "delete".equals(phase)) {
                        continue;
                    }
                    operations++;
                    for (int i = 0; i < CASES; i++) {
                        Generator.Request request = generator.request(path.getKey(), path.getValue(), op.getValue(), i);
                        if (path.getKey().startsWith("/api/tokens/") && "DELETE".equals(method)
                                && request.pathParams().values().stream().anyMatch(v -> isOwnToken(v, ownTokens))) {
                            continue; // the fuzzer keeps its own credentials
                        }
                        requests++;
                        Response response = sendWithOneRetry(method, path.getKey(), request, failures);
                        if (response == null) {
                            continue;
                        }
                        if (response.statusCode() >= 500) {
                            failures.add(method + " " + path.getKey() + " " + request + " -> " + response.statusCode()
                                    + " " + abbreviate(response.asString()));
                        }
                    }
                }
            }
        }
        System.out.println("OpenApiFuzzTest sent " + requests + " requests to " + operations + " operations");
        assertTrue(operations >= 40, "operations found in the OpenAPI document: " + operations);
        assertTrue(failures.isEmpty(), failures.size() + " requests answered 5xx (seed " + SEED + "):\n"
                + String.join("\n", failures));
    }

    /**
     * A request that gets no answer in the client's time is sent once more: a first use may load something slow
     * (the search's embedding model) on a busy machine. No answer twice is a failure.
     */
    private static Response sendWithOneRetry(String method, String path, Generator.Request request, List<String> failures) {
        for (int attempt = 1; ; attempt++) {
            try {
                return send(method, path, request);
            } catch (java.io.IOException e) {
                if (attempt == 2) {
                    failures.add(method + " " + path + " " + request + " -> no answer: " + e);
                    return null;
                }
            }
        }
    }

    private static boolean isOwnToken(Object value, Set<Long> own) {
        try {
            return own.contains(Long.parseLong(String.valueOf(value)));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Response send(String method, String path, Generator.Request request) throws java.io.IOException {
        // The URL is encoded here, not by RestAssured, which reads braces in values as templates.
        String url = path;
        for (Map.Entry<String, Object> p : request.pathParams().entrySet()) {
            url = url.replace("{" + p.getKey() + "}", encode(p.getValue()));
        }
        StringBuilder query = new StringBuilder();
        request.query().forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&").append(encode(name))
                .append('=').append(encode(value)));
        RequestSpecification spec = admin().redirects().follow(false).urlEncodingEnabled(false);
        if (request.multipart() != null) {
            spec.multiPart("file", request.multipart(), "hello\u0000\r\nworld".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else if (request.body() != null) {
            spec.contentType("application/json").body(request.body());
        }
        return spec.request(method, url + query);
    }

    private static String encode(Object value) {
        return java.net.URLEncoder.encode(String.valueOf(value), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + Tokens.ADMIN);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** Values from the document's schemas, with a hostile one in most cases. */
    static final class Generator {

        record Request(Map<String, Object> pathParams, Map<String, Object> query, String body, String multipart) {

            @Override
            public String toString() {
                return "path=" + pathParams + " query=" + query + (body != null ? " body=" + abbreviate(body) : "")
                        + (multipart != null ? " file=" + multipart : "");
            }
        }

        static final List<Object> HOSTILE = List.of(
                "\u0000", "a\u0000b", "x\r\nFORGED log line", "\u202e\ud83d\ude00\u00fc\u0301", "\ud800", "%00",
                "", " ", "../../../etc/passwd", "' or 1=1 --", "x".repeat(70_000), "null",
                "+1000000000-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "0000-00-00T00:00:00Z",
                "99999999999999999999999", 0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
                Long.MIN_VALUE, 1e20, -1e20, 1e308, 1.5, new java.math.BigInteger("1" + "0".repeat(40)), true,
                List.of(), Map.of(), List.of("\u0000"), Map.of("\u0000", "\u0000"));

        private final JsonNode document;
        private final Random random;

        Generator(JsonNode document, Random random) {
            this.document = document;
            this.random = random;
        }

        Request request(String path, JsonNode pathItem, JsonNode operation, int index) throws Exception {
            // Case 0 follows the schemas; the others put hostile values in some places.
            boolean hostile = index > 0;
            Map<String, Object> pathParams = new LinkedHashMap<>();
            Map<String, Object> query = new LinkedHashMap<>();
            List<JsonNode> parameters = new ArrayList<>();
            pathItem.path("parameters").forEach(parameters::add);
            operation.path("parameters").forEach(parameters::add);
            for (JsonNode p : parameters) {
                JsonNode parameter = resolve(p);
                String in = parameter.path("in").asText();
                String name = parameter.path("name").asText();
                JsonNode schema = resolve(parameter.path("schema"));
                if ("path".equals(in)) {
                    Object value = hostile && random.nextInt(3) == 0 ? inUrl(scalar(pick())) : valid(schema, 0);
                    pathParams.put(name, value == null || String.valueOf(value).isEmpty() ? "1" : scalar(value));
                } else if ("query".equals(in) && (random.nextBoolean() || "page".equals(name))) {
                    Object value = hostile && random.nextInt(2) == 0 ? inUrl(scalar(pick())) : valid(schema, 0);
                    if ("page".equals(name) && hostile && random.nextInt(3) == 0) {
                        value = Integer.MAX_VALUE;
                    }
                    if (value != null) {
                        query.put(name, scalar(value));
                    }
                }
            }
            for (String name : templateNames(path)) {
                pathParams.putIfAbsent(name, "1");
            }
            String body = null;
            String multipart = null;
            JsonNode content = operation.path("requestBody").path("content");
            if (content.has("multipart/form-data")) {
                multipart = hostile ? "evil\u0000name.txt" : "notes.txt";
            } else if (content.size() > 0) {
                JsonNode media = content.has("application/json") ? content.get("application/json") : content.elements().next();
                Object value = valid(resolve(media.path("schema")), 0);
                if (hostile) {
                    value = mutate(value);
                }
                body = JSON.writeValueAsString(value);
            }
            return new Request(pathParams, query, body, multipart);
        }

        /**
         * A value placed in the URL, cut to 2,000 characters: a request line over the HTTP layer's limit (4 KiB) is
         * answered 414 and the connection closed before any endpoint sees it, which a client still writing sees as a
         * broken pipe, not as an answer (CI saw it once). Bodies keep the 70,000-character value.
         */
        private static Object inUrl(Object value) {
            return value instanceof String text && text.length() > 2_000 ? text.substring(0, 2_000) : value;
        }

        /** Replaces one value somewhere in the document with a hostile one (or the whole document). */
        @SuppressWarnings("unchecked")
        private Object mutate(Object value) {
            if (value instanceof Map<?, ?> map && !map.isEmpty() && random.nextInt(6) != 0) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
                List<String> keys = new ArrayList<>(copy.keySet());
                String key = keys.get(random.nextInt(keys.size()));
                copy.put(key, random.nextInt(3) == 0 ? mutate(copy.get(key)) : pick());
                return copy;
            }
            if (value instanceof List<?> list && !list.isEmpty() && random.nextBoolean()) {
                List<Object> copy = new ArrayList<>(list);
                copy.set(random.nextInt(copy.size()), pick());
                return copy;
            }
            return pick();
        }

        private Object pick() {
            return HOSTILE.get(random.nextInt(HOSTILE.size()));
        }

        private static Object scalar(Object value) {
            return value instanceof List<?> || value instanceof Map<?, ?> ? String.valueOf(value) : value;
        }

        /** A value that follows the schema, as far as the schema says. */
        Object valid(JsonNode schemaNode, int depth) {
            JsonNode schema = resolve(schemaNode);
            if (depth > 6 || schema.isMissingNode()) {
                return null;
            }
            for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
                if (schema.has(combinator)) {
                    JsonNode options = schema.get(combinator);
                    for (JsonNode option : options) {
                        if (!"null".equals(resolve(option).path("type").asText())) {
                            return valid(option, depth + 1);
                        }
                    }
                }
            }
            if (schema.has("enum")) {
                JsonNode values = schema.get("enum");
                return JSON.convertValue(values.get(random.nextInt(values.size())), Object.class);
            }
            String type = type(schema);
            switch (type) {
                case "object": {
                    Map<String, Object> object = new LinkedHashMap<>();
                    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> property = it.next();
                        if (random.nextInt(4) != 0) {
                            object.put(property.getKey(), valid(property.getValue(), depth + 1));
                        }
                    }
                    if (schema.path("additionalProperties").isObject() && object.isEmpty()) {
                        object.put("key", valid(schema.get("additionalProperties"), depth + 1));
                    }
                    return object;
                }
                case "array": {
                    List<Object> items = new ArrayList<>();
                    int n = 1 + random.nextInt(2);
                    for (int i = 0; i < n; i++) {
                        items.add(valid(schema.path("items"), depth + 1));
                    }
                    return items;
                }
                case "integer":
                    return schema.has("minimum") ? schema.get("minimum").asLong() + random.nextInt(5) : random.nextInt(60);
                case "number":
                    return random.nextDouble() * 100;
                case "boolean":
                    return random.nextBoolean();
                default:
                    return string(schema);
            }
        }

        private Object string(JsonNode schema) {
            String format = schema.path("format").asText();
            return switch (format) {
                case "date-time" -> "2027-0" + (1 + random.nextInt(9)) + "-15T03:00:00Z";
                case "date" -> "2027-01-15";
                case "uri", "url" -> "http://127.0.0.1:9/hook";
                case "binary" -> "x";
                default -> List.of("log_triage", "gpu_report", "service_map", "UTC", "interval", "cron", "once", "webhook",
                        "admin", "viewer", "*/5 * * * *", "nginx", "fuzz-" + random.nextInt(1000)).get(random.nextInt(13));
            };
        }

        private static String type(JsonNode schema) {
            JsonNode type = schema.path("type");
            if (type.isArray()) {
                for (JsonNode t : type) {
                    if (!"null".equals(t.asText())) {
                        return t.asText();
                    }
                }
            }
            if (type.isTextual()) {
                return type.asText();
            }
            return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
        }

        private JsonNode resolve(JsonNode node) {
            JsonNode current = node;
            for (int i = 0; i < 10 && current.has("$ref"); i++) {
                String ref = current.get("$ref").asText();
                current = document.at(ref.substring(1));
            }
            return current;
        }

        private static List<String> templateNames(String path) {
            List<String> names = new ArrayList<>();
            var m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }
    }
}
