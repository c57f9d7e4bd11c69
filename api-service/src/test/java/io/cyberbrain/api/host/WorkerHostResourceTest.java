package io.cyberbrain.api.host;

import static io.cyberbrain.api.Tokens.as;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** {@code /api/worker-hosts}: what the launchers registered, their status from heartbeats, an admin's labels and state. */
@QuarkusTest
class WorkerHostResourceTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    String dbPassword;

    /** A host as its launcher registers it; {@code beatAgo} is a PostgreSQL interval since its last heartbeat. */
    long host(String name, String labels, String beatAgo) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword); Statement s = c.createStatement()) {
            s.execute("delete from worker_host where name = '" + name + "'");
            var rs = s.executeQuery("""
                    insert into worker_host (name, labels, configured_labels, executor, engine, engine_version, gpus, cpu_count,
                                             max_concurrent_jobs, version, registered_at, last_heartbeat_at, created_at, updated_at)
                    values ('%s', '%s', '%s', 'docker', 'podman', '5.4.2',
                            '{"0": {"uuid": "GPU-1b2c", "model": "NVIDIA GeForce RTX 3090", "memory_total_mb": 24576}}',
                            8, 2, '0.1.0', now(), now() - interval '%s', now(), now()) returning id"""
                    .formatted(name, labels, labels, beatAgo));
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aHostShowsWhatItsLauncherRegisteredAndItsStatusFromTheHeartbeat() throws Exception {
        long id = host("wh-online", "{\"gpu\": \"true\"}", "1 second");
        host("wh-stale", "{}", "2 minutes");
        host("wh-offline", "{}", "1 hour");
        as("viewer").get("/api/worker-hosts/" + id).then().statusCode(200)
                .body("name", equalTo("wh-online")).body("status", equalTo("online")).body("state", equalTo("enabled"))
                .body("labels.gpu", equalTo("true")).body("executor", equalTo("docker"))
                .body("engine.name", equalTo("podman")).body("engine.version", equalTo("5.4.2"))
                .body("gpus[0].index", equalTo(0)).body("gpus[0].uuid", equalTo("GPU-1b2c"))
                .body("gpus[0].model", equalTo("NVIDIA GeForce RTX 3090")).body("gpus[0].memory_total_mb", equalTo(24576))
                .body("max_concurrent_jobs", equalTo(2)).body("running_jobs", equalTo(0)).body("version", equalTo("0.1.0"));
        as("viewer").queryParam("size", 500).get("/api/worker-hosts/").then().statusCode(200)
                .body("items.findAll { it.name.startsWith('wh-') }.status", hasItem("stale"))
                .body("items.find { it.name == 'wh-offline' }.status", equalTo("offline"))
                .body("items.find { it.name == 'wh-stale' }.status", equalTo("stale"));
        as("viewer").get("/api/worker-hosts/" + id + "/health").then().statusCode(200)
                .body("healthy", equalTo(true)).body("claiming", equalTo(true)).body("stale_after_seconds", equalTo(45));
    }

    @Test
    void anAdminDrainsAHostAndChangesItsLabels() throws Exception {
        long id = host("wh-drain", "{}", "1 second");
        as("operator").body(Map.of("state", "draining")).patch("/api/worker-hosts/" + id).then().statusCode(403);
        as("admin").body(Map.of("state", "draining", "labels", Map.of("site", "basement", "gpu", "true")))
                .patch("/api/worker-hosts/" + id).then().statusCode(200)
                .body("state", equalTo("draining")).body("labels.site", equalTo("basement"));
        as("viewer").get("/api/worker-hosts/" + id + "/health").then().statusCode(200)
                .body("claiming", equalTo(false)).body("problems", hasItem("state draining: claims no new jobs"));
        as("admin").body(Map.of("state", "sleeping")).patch("/api/worker-hosts/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("state"));
        as("admin").body(Map.of("labels", Map.of("bad key", "x"))).patch("/api/worker-hosts/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("labels"));
        as("admin").body(Map.of("colour", "blue")).patch("/api/worker-hosts/" + id).then().statusCode(400);
    }

    @Test
    void onlyAnOfflineHostCanBeRemoved() throws Exception {
        long online = host("wh-keep", "{}", "1 second");
        long stale = host("wh-late", "{}", "2 minutes");
        long offline = host("wh-gone", "{}", "1 hour");
        as("admin").delete("/api/worker-hosts/" + online).then().statusCode(409)
                .body("detail", containsString("only an offline host can be removed"));
        as("admin").delete("/api/worker-hosts/" + stale).then().statusCode(409);
        as("admin").delete("/api/worker-hosts/" + offline).then().statusCode(204);
        as("viewer").get("/api/worker-hosts/" + offline).then().statusCode(404);
    }

    @Test
    void aRunTargetedAtAllGpuHostsHasOneJobPerOnlineMatchingHost() throws Exception {
        host("wh-gpu-1", "{\"gpu\": \"true\", \"site\": \"attic\"}", "1 second");
        host("wh-gpu-2", "{\"gpu\": \"true\", \"site\": \"basement\"}", "1 second");
        host("wh-gpu-stale", "{\"gpu\": \"true\"}", "2 minutes");
        host("wh-cpu", "{\"gpu\": \"false\"}", "1 second");
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword); Statement s = c.createStatement()) {
            s.execute("update worker_host set state = 'disabled' where name like 'wh-%' and name not in ('wh-gpu-1', 'wh-gpu-2', 'wh-cpu')"
                    + " and labels @> '{\"gpu\": \"true\"}'");
        }
        as("operator").body(Map.of("tasks", List.of("gpu_report"), "target", Map.of("all", true, "labels", Map.of("gpu", "true"))))
                .post("/api/runs").then().statusCode(201)
                .body("target.all", equalTo(true)).body("tasks", equalTo(List.of("gpu_report")))
                .body("jobs.target_host", containsInAnyOrder("wh-gpu-1", "wh-gpu-2"));
    }

    @Test
    void aRunTargetedAtAHostOrLabelsHasOneJobCarryingTheTarget() throws Exception {
        host("wh-named", "{}", "1 second");
        as("operator").body(Map.of("tasks", List.of("gpu_report"), "target", Map.of("host", "wh-named")))
                .post("/api/runs").then().statusCode(201).body("jobs.target_host", equalTo(List.of("wh-named")));
        as("operator").body(Map.of("tasks", List.of("gpu_report"), "target", Map.of("labels", Map.of("site", "moon"))))
                .post("/api/runs").then().statusCode(201)
                .body("jobs[0].target_host", nullValue()).body("jobs[0].target_labels.site", equalTo("moon"));
    }

    @Test
    void aBadTargetIsRefusedWithItsField() {
        as("operator").body(Map.of("tasks", List.of("gpu_report"), "target", Map.of())).post("/api/runs")
                .then().statusCode(400).body("errors[0].field", equalTo("target"));
        as("operator").body(Map.of("tasks", List.of("gpu_report"), "target", Map.of("host", "a", "all", true))).post("/api/runs")
                .then().statusCode(400).body("errors[0].field", equalTo("target"));
        as("operator").body(Map.of("tasks", List.of("gpu_report"), "target", Map.of("host", "never-registered"))).post("/api/runs")
                .then().statusCode(400).body("errors[0].field", equalTo("target.host"));
        as("operator").body(Map.of("tasks", List.of("gpu_report"), "target", Map.of("all", true, "labels",
                        Map.of("planet", "mars")))).post("/api/runs")
                .then().statusCode(400).body("detail", containsString("no online, enabled worker host matches"));
        as("operator").body(Map.of("tasks", List.of("gpu_report"), "target", Map.of("hostname", "x"))).post("/api/runs")
                .then().statusCode(400);
    }

    @Test
    void aScheduleKeepsItsTarget() {
        int id = as("operator").body(Map.of("name", "wh-schedule", "job", "gpu_report", "schedule_type", "interval",
                        "interval_minutes", 60, "enabled", false, "target", Map.of("all", true, "labels", Map.of("gpu", "true"))))
                .post("/api/schedules").then().statusCode(201).body("target.all", equalTo(true))
                .body("target.labels.gpu", equalTo("true")).extract().path("id");
        as("operator").body(Map.of("target", Map.of("all", false))).patch("/api/schedules/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("target"));
        as("operator").body(Map.of("target", Map.of())).patch("/api/schedules/" + id).then().statusCode(200)
                .body("target", nullValue());
        as("operator").delete("/api/schedules/" + id).then().statusCode(204);
    }
}
