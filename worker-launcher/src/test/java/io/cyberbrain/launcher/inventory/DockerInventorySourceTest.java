package io.cyberbrain.launcher.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;

import io.cyberbrain.launcher.execution.DockerExecutor;
import io.cyberbrain.launcher.execution.TestEngine;
import io.cyberbrain.launcher.execution.docker.DockerClients;

/**
 * The inventory against a real engine: two containers of the worker image on a user-defined network, kept
 * running by a job.json pipe nobody writes, and one product worker container that must not be listed.
 */
class DockerInventorySourceTest {

    private final List<String> containers = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private String network;
    private DockerClient client;

    @AfterEach
    void cleanUp() throws IOException {
        if (client != null) {
            for (String id : containers) {
                try {
                    client.removeContainerCmd(id).withForce(true).exec();
                } catch (RuntimeException alreadyGone) {
                    // nothing to clean
                }
            }
            if (network != null) {
                try {
                    client.removeNetworkCmd(network).exec();
                } catch (RuntimeException alreadyGone) {
                    // nothing to clean
                }
            }
        }
        for (Path dir : dirs) {
            TestEngine.deleteTree(dir);
        }
    }

    @Test
    void collectsInspectObjectsAndNetworksAsTheEngineReturnsThem() throws Exception {
        DockerClients.Connection connection = TestEngine.require();
        client = connection.client();
        long unique = TestEngine.uniqueJobId();
        network = "cb-inventory-test-" + unique;
        client.createNetworkCmd().withName(network).withDriver("bridge").exec();

        String web = start("cb-inv-web-" + unique, "web", List.of("UPSTREAM=http://api:8080", "TZ=UTC"), 8080, Map.of());
        String api = start("cb-inv-api-" + unique, "api", List.of("PORT=8080"), 9090, Map.of());
        String worker = client.createContainerCmd(TestEngine.IMAGE).withName("cb-inv-worker-" + unique)
                .withLabels(Map.of(DockerExecutor.LABEL_WORKER, "true", DockerExecutor.LABEL_JOB, Long.toString(unique)))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        containers.add(worker);

        DockerInventorySource source = new DockerInventorySource(connection);
        ContainerInventorySource.Inventory all = source.collect(null);

        assertNull(all.unavailable());
        Map<String, Object> webInspect = byId(all.containers(), web);
        Map<String, Object> apiInspect = byId(all.containers(), api);
        assertNotNull(webInspect, "web is listed");
        assertNotNull(apiInspect, "api is listed");
        assertNull(byId(all.containers(), worker), "the product's own workers are left out");

        assertEquals("/cb-inv-web-" + unique, webInspect.get("Name"));
        Map<String, Object> config = map(webInspect.get("Config"));
        assertTrue(strings(config.get("Env")).contains("UPSTREAM=http://api:8080"), "Config.Env: " + config.get("Env"));
        assertEquals("web", map(config.get("Labels")).get("app"));
        assertTrue(map(config.get("ExposedPorts")).containsKey("8080/tcp"), "Config.ExposedPorts: " + config.get("ExposedPorts"));
        // Docker names the network here; podman 4 says "bridge" for any bridge network: the service map reads
        // NetworkSettings.Networks, which both fill.
        assertTrue(Set.of(network, "bridge").contains(map(webInspect.get("HostConfig")).get("NetworkMode")),
                "HostConfig.NetworkMode: " + map(webInspect.get("HostConfig")).get("NetworkMode"));
        Map<String, Object> endpoint = map(map(map(webInspect.get("NetworkSettings")).get("Networks")).get(network));
        assertTrue(strings(endpoint.get("Aliases")).contains("web"), "Aliases: " + endpoint.get("Aliases"));
        assertEquals("running", map(webInspect.get("State")).get("Status"));
        assertTrue(map(map(apiInspect.get("NetworkSettings")).get("Networks")).containsKey(network));

        Map<String, Object> net = all.networks().stream().filter(n -> network.equals(n.get("Name"))).findFirst().orElse(null);
        assertNotNull(net, "the user-defined network is listed: " + all.networks().stream().map(n -> n.get("Name")).toList());
        assertNotNull(net.get("Id"));
        assertEquals("bridge", net.get("Driver"));

        ContainerInventorySource.Inventory some = source.collect(Set.of(web, worker, "cb-no-such-container-" + unique));
        assertNull(some.unavailable());
        assertEquals(1, some.containers().size(), "only web: the worker is left out, the unknown id skipped");
        assertEquals(web, some.containers().get(0).get("Id"));
        assertFalse(some.networks().isEmpty());
    }

    @Test
    void anUnreachableEngineIsUnavailableNotAnException() throws IOException {
        try (DockerClients.Connection nowhere = DockerClients.connect("unix:///nonexistent/cyberbrain-test.sock")) {
            ContainerInventorySource.Inventory inventory = new DockerInventorySource(nowhere).collect(null);
            assertNotNull(inventory.unavailable());
            assertTrue(inventory.unavailable().startsWith("the Docker engine at unix:///nonexistent/cyberbrain-test.sock could not be reached"),
                    inventory.unavailable());
            assertTrue(inventory.containers().isEmpty());
            assertTrue(inventory.networks().isEmpty());
        }
    }

    private String start(String name, String alias, List<String> env, int port, Map<String, String> extraLabels) throws Exception {
        Path jobDir = TestEngine.jobDir("cb-inventory-job");
        dirs.add(jobDir);
        TestEngine.fifoJob(jobDir); // never fed: the worker waits on it until removed
        java.nio.file.Files.setPosixFilePermissions(jobDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        java.util.HashMap<String, String> labels = new java.util.HashMap<>(extraLabels);
        labels.put("app", alias);
        String id = client.createContainerCmd(TestEngine.IMAGE).withName(name)
                .withEnv(env)
                .withLabels(labels)
                .withExposedPorts(ExposedPort.tcp(port))
                .withAliases(alias)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network)
                        .withBinds(new Bind(jobDir.toString(), new Volume("/job"), AccessMode.rw)))
                .exec().getId();
        containers.add(id);
        client.startContainerCmd(id).exec();
        awaitRunning(id);
        return id;
    }

    private void awaitRunning(String id) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> Boolean.TRUE.equals(client.inspectContainerCmd(id).exec().getState().getRunning()));
    }

    private static Map<String, Object> byId(List<Map<String, Object>> containers, String id) {
        return containers.stream().filter(c -> id.equals(c.get("Id"))).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }
}
