package io.cyberbrain.launcher.job;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.launcher.TestRuns;
import io.cyberbrain.launcher.execution.DockerExecutor;
import io.cyberbrain.launcher.execution.TestEngine;
import io.cyberbrain.model.run.LaunchRequest;
import io.cyberbrain.model.run.RunDecisionService;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.RunTrigger;
import io.quarkus.vertx.VertxContextSupport;

/**
 * The whole path over a real container host: a run of gpu_report and service_map launched through the
 * launch path, approved, and executed by this launcher, over three containers on a user-defined network.
 * Each subclass runs it with one executor; both must end the same way.
 */
abstract class ContainerHostRunTest {

    static String engineHost() {
        String host = System.getenv("DOCKER_HOST");
        return host == null || host.isBlank() ? "unix://" + TestEngine.PODMAN_SOCKET : host;
    }

    @Inject
    RunLaunchService launches;
    @Inject
    RunDecisionService decisions;
    @Inject
    AgroalDataSource ds;
    @Inject
    io.cyberbrain.model.config.PathsConfig paths;

    private DockerClient client;
    private final List<String> containers = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private String network;
    private long unique;

    @BeforeEach
    void threeContainersOnAUserDefinedNetwork() throws Exception {
        client = TestEngine.require().client();
        unique = TestEngine.uniqueJobId();
        network = "cbe2e-net-" + unique;
        client.createNetworkCmd().withName(network).withDriver("bridge").exec();
        start("db", List.of("POSTGRES_DB=app", "POSTGRES_PASSWORD=Plain-Db-Pa55"), 5432, Map.of());
        start("api", List.of("DATABASE_URL=postgres://app:s3cr3t-pw@db:5432/app"), 8080, Map.of());
        start("web", List.of("TZ=UTC"), 80, Map.of("com.docker.compose.depends_on", "api:service_started:false"));
        TestRuns.execute(ds, "delete from container_allowlist");
        for (String id : containers) {
            TestRuns.execute(ds, "insert into container_allowlist (container_id, name, enabled, created_at, updated_at)"
                    + " values ('" + id + "', 'test', true, now(), now())");
        }
        allowImage(true);
    }

    @AfterEach
    void removeTestContainers() {
        if (client == null) {
            return;
        }
        for (String id : containers) {
            try {
                client.removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException gone) {
                // already removed
            }
        }
        try {
            client.removeNetworkCmd(network).exec();
        } catch (RuntimeException gone) {
            // already removed
        }
        for (Path dir : dirs) {
            try {
                TestEngine.deleteTree(dir);
            } catch (java.io.IOException leftover) {
                // a temp folder left behind is harmless
            }
        }
    }

    @Test
    void aRunOfGpuReportAndServiceMapEndsSuccessWithTheExpectedGraph() throws Throwable {
        long run = launchApproved("gpu_report", "service_map");
        assertEquals("success", awaitEnd(run), () -> errors(run));

        assertEquals("false", TestRuns.string(ds,
                "select result_json ->> 'gpu_available' from run_job where task_key = 'gpu_report' and run_id = " + run));
        String edges = TestRuns.string(ds, "select string_agg(e ->> 'kind', ',' order by e ->> 'kind') from run_job,"
                + " jsonb_array_elements(result_json -> 'edges') e where task_key = 'service_map' and run_id = " + run);
        assertEquals("depends_on,env", edges, "api->db by its DATABASE_URL, web->api by depends_on, nothing else");
        assertEquals("3", TestRuns.string(ds, "select count(*) from network_policy_recommendation where run_id = " + run));
        assertTrue(TestRuns.string(ds, "select array_to_string(allowed_from, ',') from network_policy_recommendation"
                + " where run_id = " + run + " and service_name = 'db'").contains("api"));
        assertTrue(TestRuns.string(ds, "select array_to_string(allowed_from, ',') from network_policy_recommendation"
                + " where run_id = " + run + " and service_name = 'api'").contains("web"));
        assertEquals("", TestRuns.string(ds, "select array_to_string(allowed_from, ',') from network_policy_recommendation"
                + " where run_id = " + run + " and service_name = 'web'"));
        assertEquals("3", TestRuns.string(ds, "select count(*) from container_inventory c join run_job j on j.id = c.run_job_id"
                + " where j.run_id = " + run));
        assertTrue(!TestRuns.string(ds, "select report_markdown from run where id = " + run).contains("s3cr3t-pw"));
        String serviceMapJob = TestRuns.string(ds, "select id from run_job where task_key = 'service_map' and run_id = " + run);
        String jobJson = Files.readString(paths.logs().resolve("runs").resolve(Long.toString(run)).resolve(serviceMapJob).resolve("job.json"));
        assertTrue(jobJson.contains("POSTGRES_PASSWORD=********"), "the inventory in job.json keeps the name only");
        assertTrue(!jobJson.contains("Plain-Db-Pa55") && !jobJson.contains("s3cr3t-pw"), "no container secret reaches the disk");
        for (String task : List.of("gpu_report", "service_map")) {
            assertEquals("spawn,start,stop,remove", TestRuns.string(ds, "select string_agg(a.event, ',' order by a.id) from worker_audit a"
                    + " join run_job j on j.id = a.run_job_id where j.run_id = " + run + " and j.task_key = '" + task + "'"));
            assertEquals("runs/" + run + "/" + TestRuns.string(ds, "select id from run_job where run_id = " + run + " and task_key = '"
                    + task + "'") + "/worker.log", TestRuns.string(ds, "select a.path from run_artifact a join run_job j on j.id = a.run_job_id"
                    + " where a.artifact_type = 'worker_log' and j.run_id = " + run + " and j.task_key = '" + task + "'"),
                    "the worker's own log is kept with the job's artifacts");
        }
        assertWorkersGone(run);
    }

    void assertWorkersGone(long run) {
        assertEquals(0, client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerExecutor.LABEL_RUN, Long.toString(run))).exec().size(), "no worker left behind");
    }

    void allowImage(boolean enabled) throws Exception {
        TestRuns.execute(ds, "delete from worker_image_allowlist where image_name = 'cyberbrain/worker' and image_tag = 'dev'");
        TestRuns.execute(ds, "insert into worker_image_allowlist (image_name, image_tag, enabled, created_at, updated_at)"
                + " values ('cyberbrain/worker', 'dev', " + enabled + ", now(), now())");
    }

    long launchApproved(String... tasks) throws Throwable {
        long run = VertxContextSupport.subscribeAndAwait(() -> launches.launch(new LaunchRequest(List.of(tasks), null,
                "end-to-end " + String.join(" ", tasks), false, null, RunTrigger.API, "test", null))).run().id;
        VertxContextSupport.subscribeAndAwait(() -> decisions.approve(run, "test-admin", null));
        return run;
    }

    String awaitEnd(long run) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String s = TestRuns.string(ds, "select status from run where id = " + run);
            return !s.equals("pending") && !s.equals("running") && !s.equals("awaiting_approval");
        });
        try {
            return TestRuns.string(ds, "select status from run where id = " + run);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String errors(long run) {
        try {
            return TestRuns.string(ds, "select string_agg(task_key || ': ' || coalesce(error_summary, status), '; ') from run_job where run_id = " + run);
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private void start(String service, List<String> env, int port, Map<String, String> extraLabels) throws Exception {
        Path jobDir = TestEngine.jobDir("cbe2e-" + service);
        dirs.add(jobDir);
        TestEngine.fifoJob(jobDir);
        Files.setPosixFilePermissions(jobDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> labels = new HashMap<>(extraLabels);
        labels.put("com.docker.compose.project", "cbe2e");
        labels.put("com.docker.compose.service", service);
        String id = client.createContainerCmd(TestEngine.IMAGE).withName("cbe2e-" + service + "-" + unique)
                .withEnv(env).withLabels(labels).withExposedPorts(ExposedPort.tcp(port)).withAliases(service)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network)
                        .withBinds(new Bind(jobDir.toString(), new Volume("/job"), AccessMode.rw)))
                .exec().getId();
        containers.add(id);
        client.startContainerCmd(id).exec();
    }
}
