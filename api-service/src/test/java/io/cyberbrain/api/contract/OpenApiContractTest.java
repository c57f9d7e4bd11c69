package io.cyberbrain.api.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.api.Tokens;
import io.cyberbrain.model.config.PathsConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The OpenAPI document is the wire: every documented operation is called on prepared data, and its real status
 * and body are checked against the document's own schemas, where objects declare {@code additionalProperties:
 * false}, so an undeclared or misnamed property fails. An operation added without a call here fails the test.
 */
@QuarkusTest
class OpenApiContractTest {

    private static final String DOC_URI = "https://openapi.cyberbrain.test/openapi.json";
    /** Schemas of another product's protocol, in that product's names. */
    private static final Set<String> FOREIGN_PROTOCOL_SCHEMAS = Set.of("AlertmanagerNotification", "AlertmanagerAlert");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The first search loads the embedding model, which takes long on a busy machine. */
    private static final RestAssuredConfig SLOW_MACHINE = RestAssured.config().httpClient(
            HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 300_000));

    @Inject
    AgroalDataSource ds;
    @Inject
    PathsConfig paths;

    private JsonNode document;
    private SchemaRegistry registry;
    /** operationId -> {method, path template} */
    private final Map<String, String[]> operations = new TreeMap<>();
    private final Set<String> exercised = new TreeSet<>();
    private final List<String> failures = new ArrayList<>();

    private void load() throws Exception {
        String text = given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/openapi.json"), text);
        document = JSON.readTree(text);
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(DOC_URI, text)));
        document.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
            if (m.getValue().has("responses")) {
                JsonNode id = m.getValue().get("operationId");
                operations.put(id == null ? m.getKey().toUpperCase() + " " + p.getKey() : id.asText(),
                        new String[] { m.getKey(), p.getKey() });
            }
        }));
    }

    @Test
    void everyOperationAnswersWhatTheDocumentSays() throws Exception {
        load();
        String suffix = UUID.randomUUID().toString().substring(0, 8);

        // API tokens
        call("listTokens", "admin", null, Map.of(), 200);
        long token = id(call("createToken", "admin", Map.of("name", "contract-" + suffix, "role", "viewer"), Map.of(), 201)
                .path("token").path("id"));
        call("revokeToken", "admin", null, Map.of("id", token), 200);

        // Directives: one that needs approval, so runs can be approved and denied
        Map<String, Object> directive = new HashMap<>(Map.of("name", "contract-" + suffix, "type", "gpu_report",
                "text", "Report GPU headroom", "approval_required", true));
        long directiveId = id(call("createDirective", "admin", directive, Map.of(), 201).path("id"));
        call("listDirectives", "viewer", null, Map.of(), 200);
        call("getDirective", "viewer", null, Map.of("id", directiveId), 200);
        call("updateDirective", "admin", Map.of("description", "patched"), Map.of("id", directiveId), 200);
        call("replaceDirective", "admin", Map.of("name", "contract-" + suffix, "type", "gpu_report", "text", "Report again",
                "approval_required", true), Map.of("id", directiveId), 200);
        call("listDirectiveVersions", "viewer", null, Map.of("id", directiveId), 200);
        long unused = id(call("createDirective", "admin", Map.of("name", "contract-unused-" + suffix, "type", "log_triage",
                "text", "Not used by any run"), Map.of(), 201).path("id"));
        call("deleteDirective", "admin", null, Map.of("id", unused), 204);

        // Jobs
        call("listJobs", "viewer", null, Map.of(), 200);
        call("getJob", "viewer", null, Map.of("idOrKey", "gpu_report"), 200);
        call("updateJob", "admin", Map.of("description", "GPU usage and headroom"), Map.of("idOrKey", "gpu_report"), 200);

        // Runs
        long run = id(call("createRun", "operator", Map.of("tasks", List.of("gpu_report"), "directive_id", directiveId,
                "use_rag", false), Map.of(), 201).path("id"));
        long denied = id(call("createRunLegacy", "operator", Map.of("tasks", List.of("gpu_report"), "directive_id", directiveId),
                Map.of(), 201).path("id"));
        long cancelled = id(call("createRun", "operator", Map.of("tasks", List.of("log_triage")), Map.of(), 201).path("id"));
        call("listRuns", "viewer", null, Map.of(), 200);
        call("getRunsSinceLastSuccess", "viewer", null, Map.of(), 200);
        call("getRun", "viewer", null, Map.of("id", run), 200);
        call("getRunReport", "viewer", null, Map.of("id", run), 200);
        call("listRunJobs", "viewer", null, Map.of("id", run), 200);
        long artifact = artifact(run);
        call("listRunArtifacts", "viewer", null, Map.of("id", run), 200);
        call("downloadRunArtifact", "viewer", null, Map.of("id", run, "artifactId", artifact), 200);
        call("approveRun", "admin", Map.of("note", "contract"), Map.of("id", run), 200);
        call("denyRun", "admin", Map.of("note", "contract"), Map.of("id", denied), 200);
        call("cancelRun", "operator", null, Map.of("id", cancelled), 200);

        // Investigations (this application's engine is off: they stay as started, and cancelling only asks)
        long investigation = id(call("createInvestigation", "operator", Map.of("goal", "contract: errors in the logs",
                "directive_id", directiveId, "max_steps", 2, "labels", Map.of("container", "web")), Map.of(), 201).path("id"));
        call("listInvestigations", "viewer", null, Map.of(), 200);
        call("getInvestigation", "viewer", null, Map.of("id", investigation), 200);
        call("cancelInvestigation", "operator", null, Map.of("id", investigation), 200);

        // Schedules
        Map<String, Object> schedule = new HashMap<>(Map.of("name", "contract-" + suffix, "job", "gpu_report",
                "schedule_type", "interval", "interval_minutes", 60, "timezone", "UTC", "enabled", false));
        long scheduleId = id(call("createSchedule", "operator", schedule, Map.of(), 201).path("id"));
        call("listSchedules", "viewer", null, Map.of(), 200);
        call("previewSchedule", "viewer", Map.of("schedule_type", "cron", "cron_expr", "30 2 * * *", "timezone", "UTC"),
                Map.of(), 200);
        call("getSchedule", "viewer", null, Map.of("id", scheduleId), 200);
        call("updateSchedule", "operator", Map.of("interval_minutes", 30), Map.of("id", scheduleId), 200);
        call("enableSchedule", "operator", null, Map.of("id", scheduleId), 200);
        call("disableSchedule", "operator", null, Map.of("id", scheduleId), 200);
        call("runScheduleNow", "operator", null, Map.of("id", scheduleId), 200);
        call("listScheduleHistory", "viewer", null, Map.of("id", scheduleId), 200);
        call("deleteSchedule", "operator", null, Map.of("id", scheduleId), 204);

        // Allowlists
        String container = (UUID.randomUUID().toString().replace("-", "")).substring(0, 12);
        call("createAllowedContainer", "admin", Map.of("container_id", container, "name", "contract-" + suffix,
                "tags", List.of("web")), Map.of(), 201);
        call("listAllowedContainers", "viewer", null, Map.of(), 200);
        call("getAllowedContainer", "viewer", null, Map.of("containerId", container), 200);
        call("updateAllowedContainer", "admin", Map.of("description", "front"), Map.of("containerId", container), 200);
        call("disableAllowedContainer", "admin", null, Map.of("containerId", container), 200);
        call("enableAllowedContainer", "admin", null, Map.of("containerId", container), 200);
        call("deleteAllowedContainer", "admin", null, Map.of("containerId", container), 204);
        long image = id(call("createWorkerImage", "admin", Map.of("image_name", "ghcr.io/cyberbrain/contract-" + suffix,
                "image_tag", "0.1.0"), Map.of(), 201).path("id"));
        call("listWorkerImages", "viewer", null, Map.of(), 200);
        call("getWorkerImage", "viewer", null, Map.of("id", image), 200);
        call("updateWorkerImage", "admin", Map.of("description", "contract"), Map.of("id", image), 200);
        call("deleteWorkerImage", "admin", null, Map.of("id", image), 204);

        // Inventory, GPUs, usage
        call("listContainerInventory", "viewer", null, Map.of(), 200);
        call("getContainerInventoryHistory", "viewer", null, Map.of("containerId", container), 200);
        call("listGpuStates", "viewer", null, Map.of(), 200);

        // Worker hosts: one registered as its launcher would, heart-beating, then offline so that it can be removed
        long host = workerHost("contract-" + suffix);
        call("listWorkerHosts", "viewer", null, Map.of(), 200);
        call("getWorkerHost", "viewer", null, Map.of("id", host), 200);
        call("getWorkerHostHealth", "viewer", null, Map.of("id", host), 200);
        call("updateWorkerHost", "admin", Map.of("state", "draining", "labels", Map.of("gpu", "true")), Map.of("id", host), 200);
        call("deleteWorkerHost", "admin", null, Map.of("id", host), 409);
        sql("update worker_host set last_heartbeat_at = now() - interval '1 day' where id = " + host);
        call("deleteWorkerHost", "admin", null, Map.of("id", host), 204);
        call("listLlmCalls", "viewer", null, Map.of(), 200);
        call("getTokenStats", "viewer", null, Map.of(), 200);
        call("getCostReport", "viewer", null, Map.of(), 200);
        call("getUsageByDirective", "viewer", null, Map.of(), 200);

        // Notification targets: a webhook that cannot be reached, so the test call answers 502 with a problem
        Map<String, Object> target = new HashMap<>(Map.of("name", "contract-" + suffix, "kind", "discord",
                "config", Map.of("webhook_url", "https://discord.invalid/api/webhooks/1/contract"), "events", List.of("run_failed")));
        long targetId = id(call("createNotificationTarget", "admin", target, Map.of(), 201).path("id"));
        call("listNotificationTargets", "admin", null, Map.of(), 200);
        call("getNotificationTarget", "admin", null, Map.of("id", targetId), 200);
        call("updateNotificationTarget", "admin", Map.of("enabled", false), Map.of("id", targetId), 200);
        call("testNotificationTarget", "admin", null, Map.of("id", targetId), 502);
        call("listNotificationDeliveries", "admin", null, Map.of("id", targetId), 200);
        call("deleteNotificationTarget", "admin", null, Map.of("id", targetId), 204);

        // Document library
        byte[] file = ("Restart the exporter when GPU metrics stop. " + suffix).getBytes();
        long upload = id(upload("createUpload", "contract-" + suffix + ".txt", file, 201).path("id"));
        upload("createUploadLegacy", "contract-" + suffix + ".txt", file, 200);
        call("listUploads", "viewer", null, Map.of(), 200);
        call("getUpload", "viewer", null, Map.of("id", upload), 200);
        long document = document(upload);
        call("listDocuments", "viewer", null, Map.of(), 200);
        call("getDocument", "viewer", null, Map.of("id", document), 200);
        call("searchDocuments", "viewer", Map.of("query", "exporter GPU metrics", "top_k", 3), Map.of(), 200);
        call("deleteDocument", "operator", null, Map.of("id", document), 204);

        call("getApiRoot", "viewer", null, Map.of(), 200);

        // Alert rules and alerts: a rule that launches a GPU report, Alertmanager's notification and the generic alert
        long alertRule = id(call("createAlertRule", "admin", Map.of("name", "contract-" + suffix, "alert_name",
                "Contract" + suffix, "match_regex", Map.of("instance", "gpu-.*"), "action", "run", "tasks",
                List.of("gpu_report"), "directive_id", 2, "containers", List.of()), Map.of(), 201).path("id"));
        call("listAlertRules", "viewer", null, Map.of(), 200);
        call("getAlertRule", "viewer", null, Map.of("id", alertRule), 200);
        call("updateAlertRule", "admin", Map.of("priority", 5), Map.of("id", alertRule), 200);
        Map<String, Object> amAlert = new HashMap<>(Map.of("status", "firing", "labels", Map.of("alertname",
                "Contract" + suffix, "instance", "gpu-box"), "annotations", Map.of("summary", "hot"), "startsAt",
                "2026-12-07T03:00:00Z", "endsAt", "0001-01-01T00:00:00Z", "generatorURL", "http://prometheus:9090/graph",
                "fingerprint", "contract" + suffix));
        Map<String, Object> notification = new HashMap<>(Map.of("version", "4", "groupKey", "{}:{}", "truncatedAlerts", 0,
                "status", "firing", "receiver", "cyberbrain", "groupLabels", Map.of(), "commonLabels", Map.of(),
                "commonAnnotations", Map.of(), "externalURL", "http://alertmanager:9093", "alerts", List.of(amAlert)));
        long alertId = id(call("receiveAlertmanagerNotification", "alerts", notification, Map.of(), 200)
                .path("alerts").path(0).path("id"));
        call("receiveWebhookAlert", "alerts", Map.of("name", "Contract" + suffix, "status", "resolved",
                "labels", Map.of("instance", "gpu-box"), "fingerprint", "contract" + suffix), Map.of(), 201);
        call("listAlerts", "viewer", null, Map.of(), 200);
        call("getAlert", "viewer", null, Map.of("id", alertId), 200);
        call("deleteAlertRule", "admin", null, Map.of("id", alertRule), 204);

        // Errors are documented problems too
        call("getRun", "viewer", null, Map.of("id", 987654321L), 404);
        call("createRun", "operator", Map.of("tasks", List.of("gpu_report"), "directiveId", directiveId), Map.of(), 400);
        call("createRun", "viewer", Map.of("tasks", List.of("gpu_report")), Map.of(), 403);
        call("createRun", null, Map.of("tasks", List.of("gpu_report")), Map.of(), 401);
        Response unsupported = request("admin", null).contentType("text/plain").body("name: x")
                .request("POST", "/api/directives");
        check("createDirective", unsupported, 415);

        Set<String> missing = new TreeSet<>(operations.keySet());
        missing.removeAll(exercised);
        missing.removeIf(op -> !operations.get(op)[1].startsWith("/api/"));
        assertTrue(missing.isEmpty() && failures.isEmpty(), "operations of the document that this test does not call: "
                + missing + "\nanswers that differ from the document:\n" + String.join("\n", failures));
    }

    @Test
    void theDocumentDescribesOperationsAndSchemasCompletely() throws Exception {
        load();
        Set<String> ids = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
            JsonNode op = m.getValue();
            if (!op.has("responses")) {
                return;
            }
            String where = m.getKey().toUpperCase() + " " + p.getKey();
            assertTrue(op.hasNonNull("operationId"), where + " has an operationId");
            String id = op.get("operationId").asText();
            assertTrue(id.matches("[a-z]+[A-Za-z0-9]*"), where + ": operationId " + id + " is camelCase");
            assertTrue(ids.add(id), "operationId " + id + " is unique");
            JsonNode json = op.path("requestBody").path("content").path("application/json");
            if (!json.isMissingNode()) {
                assertTrue(json.has("schema"), where + " documents the schema of its body");
                assertTrue(json.has("examples"), where + " has an example body for Swagger UI's Try it out");
                Schema schema = registry.getSchema(SchemaLocation.of(DOC_URI + "#/paths/" + escape(p.getKey()) + "/"
                        + m.getKey() + "/requestBody/content/application~1json/schema"));
                json.get("examples").fields().forEachRemaining(e -> assertEquals(List.of(),
                        schema.validate(e.getValue().get("value")).stream().map(Error::toString).toList(),
                        where + " example " + e.getKey() + " is a valid body"));
            }
            op.get("responses").fields().forEachRemaining(r -> {
                if (!r.getKey().startsWith("2")) {
                    assertEquals("#/components/schemas/Problem",
                            r.getValue().path("content").path("application/problem+json").path("schema").path("$ref").asText(),
                            where + " " + r.getKey() + " is a problem+json document");
                }
            });
        }));
        document.path("components").path("schemas").fields().forEachRemaining(s -> {
            if (s.getValue().has("properties")) {
                assertTrue(s.getValue().has("additionalProperties"), s.getKey() + " says whether it takes other properties");
                // Alertmanager's payload keeps Alertmanager's own names (startsAt, generatorURL): a protocol we read
                if (!FOREIGN_PROTOCOL_SCHEMAS.contains(s.getKey())) {
                    s.getValue().get("properties").fieldNames().forEachRemaining(name ->
                            assertEquals(name.toLowerCase(), name, s.getKey() + "." + name + " is a wire (snake_case) name"));
                }
            }
        });
        assertFalse(document.path("servers").isEmpty(), "servers is filled");
        JsonNode bearer = document.path("components").path("securitySchemes").path("bearer");
        assertEquals("bearer", bearer.path("scheme").asText());
        assertFalse(bearer.has("bearerFormat"), "the API token is opaque, not a JWT");
    }

    @Test
    void namesTheDocumentDoesNotDeclareAreRefusedNotIgnored() {
        // The camelCase names an old document showed: refused with the field named, never launched with defaults
        Tokens.as("operator").body(Map.of("tasks", List.of("gpu_report"), "useRag", true)).post("/api/runs").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.equalTo("unknown field 'useRag'"));
        Tokens.as("admin").body(Map.of("name", "x", "role", "viewer", "expires", "never")).post("/api/tokens").then()
                .statusCode(400).body("detail", org.hamcrest.Matchers.equalTo("unknown field 'expires'"));
        Tokens.as("operator").body(Map.of("schedule_type", "interval", "interval_minutes", 5, "intervalMinutes", 5))
                .post("/api/schedules/preview").then()
                .statusCode(400).body("detail", org.hamcrest.Matchers.equalTo("unknown field 'intervalMinutes'"));
    }

    private JsonNode call(String operationId, String role, Object body, Map<String, Object> pathParams, int status) {
        String[] op = operation(operationId);
        String path = op[1];
        for (var p : pathParams.entrySet()) {
            path = path.replace("{" + p.getKey() + "}", String.valueOf(p.getValue()));
        }
        RequestSpecification spec = request(role, body);
        return check(operationId, spec.request(op[0].toUpperCase(), path), status);
    }

    private JsonNode upload(String operationId, String name, byte[] content, int status) {
        String[] op = operation(operationId);
        Response response = given().config(SLOW_MACHINE).header("Authorization", "Bearer " + Tokens.of("operator"))
                .multiPart("file", name, content, "text/plain").request(op[0].toUpperCase(), op[1]);
        return check(operationId, response, status);
    }

    private RequestSpecification request(String role, Object body) {
        RequestSpecification spec = given().config(SLOW_MACHINE);
        if (role != null) {
            spec = spec.header("Authorization", "Bearer " + Tokens.of(role));
        }
        if (body != null) {
            spec = spec.contentType(ContentType.JSON).body(body);
        }
        return spec;
    }

    private String[] operation(String operationId) {
        String[] op = operations.get(operationId);
        assertNotNull(op, "the document has an operation " + operationId);
        exercised.add(operationId);
        return op;
    }

    private JsonNode check(String operationId, Response response, int expected) {
        String[] op = operations.get(operationId);
        String where = operationId + " (" + op[0].toUpperCase() + " " + op[1] + ") answered " + response.statusCode();
        if (response.statusCode() != expected) {
            failures.add(where + ", expected " + expected + ": " + response.asString());
            return JSON.missingNode();
        }
        JsonNode declared = document.path("paths").path(op[1]).path(op[0]).path("responses").path(Integer.toString(expected));
        if (declared.isMissingNode()) {
            failures.add(where + ", a status the document does not declare");
            return JSON.nullNode();
        }
        String mediaType = response.contentType() == null ? "" : response.contentType().split(";")[0].trim();
        if (!declared.has("content")) {
            if (!response.asString().isEmpty()) {
                failures.add(where + " with a body the document does not declare");
            }
            return JSON.nullNode();
        }
        String documentedType = declared.get("content").has(mediaType) ? mediaType
                : declared.get("content").has("*/*") ? "*/*" : null;
        if (documentedType == null) {
            failures.add(where + " as " + mediaType + ", not one of " + iterable(declared.get("content").fieldNames()));
            return JSON.nullNode();
        }
        if (!mediaType.endsWith("json")) {
            return JSON.nullNode();
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.asString());
        } catch (Exception e) {
            failures.add(where + " with a body that is not JSON");
            return JSON.nullNode();
        }
        String pointer = "/paths/" + escape(op[1]) + "/" + op[0] + "/responses/" + expected + "/content/" + escape(documentedType)
                + "/schema";
        Schema schema = registry.getSchema(SchemaLocation.of(DOC_URI + "#" + pointer));
        List<Error> errors = schema.validate(body);
        if (!errors.isEmpty()) {
            failures.add(where + ": " + errors.stream().map(Error::toString).limit(5).toList());
        }
        return body;
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    private long id(JsonNode node) {
        if (!node.canConvertToLong()) {
            fail("no id in the answer; so far:\n" + String.join("\n", failures));
        }
        return node.asLong();
    }

    /** A report file of the run, recorded as the worker records one. */
    private long artifact(long run) throws Exception {
        Path folder = paths.logs().resolve("runs").resolve(Long.toString(run));
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("report.md"), "# Contract run");
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "insert into run_artifact (run_id, path, artifact_type, size_bytes, mime_type, created_at) values ("
                        + run + ", 'runs/" + run + "/report.md', 'report', 14, 'text/markdown', now()) returning id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A document of the upload, as the ingester stores one. */
    private long document(long upload) throws Exception {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "insert into document (upload_id, title, mime_type, chunk_count, created_at) values ("
                        + upload + ", 'Contract', 'text/plain', 0, now()) returning id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A worker host as its launcher registers one, heart-beating now, with a GPU and an engine. */
    private long workerHost(String name) throws Exception {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("""
                insert into worker_host (name, labels, configured_labels, executor, engine, engine_version, gpus, cpu_count,
                                         max_concurrent_jobs, version, registered_at, last_heartbeat_at, created_at, updated_at)
                values ('%s', '{"site": "lab"}', '{"site": "lab"}', 'process', 'docker', '27.3.1',
                        '{"0": {"uuid": "GPU-0c1d", "model": "NVIDIA L40S", "memory_total_mb": 46068}}', 4, 2, '0.1.0', now(),
                        now(), now(), now()) returning id""".formatted(name))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute(statement);
        }
    }
}
