package io.cyberbrain.api.investigation;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cyberbrain.embeddeddb.EmbeddedPostgresServer;
import io.cyberbrain.embeddeddb.ServiceProcesses;

/**
 * The engine survives kill -9: a packaged API service is killed with SIGKILL while it holds an investigation's lease in
 * the middle of a step; a second API service (the restart) takes the investigation over once the lease expires and
 * finishes it from the steps recorded. The runs are real runs of a packaged worker-launcher (process executor).
 */
class InvestigationProcessesIT {

    private static final String ADMIN = "cb_itadmin0000000000000000000000000000000000000000";

    private Path work;
    private EmbeddedPostgresServer db;
    private String jdbc;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void database() throws Exception {
        work = Files.createTempDirectory("cb-investigation-kill-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        db = EmbeddedPostgresServer.start(work.resolve("db"), 0, work.resolve("postgres.log"));
        db.createDatabase("cyberbrain");
        jdbc = db.jdbcUrl("cyberbrain");
    }

    @AfterEach
    void stopEverything() {
        processes.forEach(Process::destroyForcibly);
        if (db != null) {
            db.close();
        }
    }

    private int api(String name) throws IOException {
        int port = ServiceProcesses.freePort();
        ProcessBuilder pb = ServiceProcesses.packagedService(name, work, "512m", db, "cyberbrain");
        Map<String, String> env = pb.environment();
        env.put("CYBERBRAIN_API_PORT", Integer.toString(port));
        env.put("CYBERBRAIN_ADMIN_TOKEN", ADMIN);
        env.put("CYBERBRAIN_INVESTIGATION_INSTANCE_ID", name);
        env.put("CYBERBRAIN_INVESTIGATION_LEASE", "4s");
        env.put("CYBERBRAIN_INVESTIGATION_HEARTBEAT_INTERVAL", "1s");
        env.put("CYBERBRAIN_INVESTIGATION_POLL_INTERVAL", "1s");
        processes.add(pb.start());
        return port;
    }

    private void launcher() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path worker = root.resolve("worker/target/worker");
        int port = ServiceProcesses.freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", root.resolve("worker-launcher/target/quarkus-app/quarkus-run.jar").toString());
        Map<String, String> env = pb.environment();
        env.put("POSTGRES_HOST", "127.0.0.1");
        env.put("POSTGRES_PORT", Integer.toString(db.port()));
        env.put("POSTGRES_DB", "cyberbrain");
        env.put("POSTGRES_USER", EmbeddedPostgresServer.SUPERUSER);
        env.put("POSTGRES_PASSWORD", "trust");
        env.put("CYBERBRAIN_BIND", "127.0.0.1");
        env.put("CYBERBRAIN_LAUNCHER_PORT", Integer.toString(port));
        env.put("CYBERBRAIN_LAUNCHER_POLL_INTERVAL", "1s");
        env.put("CYBER_BRAIN_LOGS", work.resolve("logs").toString());
        env.put("CYBER_BRAIN_UPLOADS", work.resolve("uploads").toString());
        env.put("CYBERBRAIN_WORKER_CLASSPATH", worker + "/*:" + worker.resolve("lib") + "/*");
        env.remove("DOCKER_HOST");
        processes.add(pb.redirectErrorStream(true).redirectOutput(work.resolve("launcher.log").toFile()).start());
        await().atMost(Duration.ofMinutes(3)).until(() -> ServiceProcesses.ready(port));
    }

    @Test
    void anInvestigationWhoseServiceIsKilledMidStepIsFinishedByTheRestartedService() throws Exception {
        int portA = api("api-a");
        await().atMost(Duration.ofMinutes(3)).until(() -> ServiceProcesses.ready(portA));
        launcher();
        Process a = processes.get(0);

        // GPU words under D2: a GPU report run, the GPU history, then a library search (whose first use loads the
        // embedding model: the engine holds the lease meanwhile).
        String created = post(portA, "/api/investigations",
                "{\"goal\": \"GPU memory of the box\", \"directive_id\": " + value("select id from directive where code = 'D2'")
                        + ", \"max_steps\": 4}");
        long id = Long.parseLong(created.replaceAll("(?s)^\\{\"id\":(\\d+),.*", "$1"));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> "1".equals(value(
                "select count(*) from investigation_step where investigation_id = " + id
                        + " and tool = 'library_search' and status = 'running'")));
        assertEquals("api-a", value("select lease_owner from investigation where id = " + id));
        a.destroyForcibly().waitFor();

        int portB = api("api-b");
        await().atMost(Duration.ofMinutes(3)).until(() -> ServiceProcesses.ready(portB));
        await().atMost(Duration.ofMinutes(2)).until(() -> List.of("completed", "budget_exhausted")
                .contains(value("select status from investigation where id = " + id)));

        assertEquals("completed", value("select status from investigation where id = " + id));
        assertTrue(value("select note from investigation_step where investigation_id = " + id
                + " and tool = 'library_search'").startsWith("interrupted"));
        assertEquals("done", value("select status from investigation_step where investigation_id = " + id
                + " and tool = 'gpu_report'"));
        assertEquals("1", value("select attempts from investigation where id = " + id), "the killed engine's attempt");
        assertTrue(value("select report_markdown from investigation where id = " + id).contains("# Investigation " + id));
    }

    private String post(int port, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return r.body();
    }

    private String value(String sql) throws SQLException {
        return ServiceProcesses.value(jdbc, sql);
    }
}
