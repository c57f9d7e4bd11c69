package io.cyberbrain.launcher.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;

import io.cyberbrain.launcher.execution.TestEngine;
import io.cyberbrain.launcher.execution.docker.DockerClients;

/**
 * Container logs for log triage, from a real engine: a container of the worker image prints the JVM's settings
 * (stderr) and version (stdout); the collected file holds both streams, demultiplexed, with timestamps.
 */
class ContainerLogCollectionTest {

    private DockerClient client;
    private String container;
    private Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        if (container != null) {
            client.removeContainerCmd(container).withForce(true).exec();
        }
        if (dir != null) {
            TestEngine.deleteTree(dir);
        }
    }

    @Test
    void logsOfAnAllowlistedContainerAreWrittenAsAPlainLogFile() throws Exception {
        DockerClients.Connection connection = TestEngine.require();
        client = connection.client();
        String name = "cb-logs-" + TestEngine.uniqueJobId();
        container = client.createContainerCmd(TestEngine.IMAGE).withName(name)
                .withEntrypoint(List.of("java", "-XshowSettings:properties", "-version"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        client.startContainerCmd(container).exec();
        client.waitContainerCmd(container).start().awaitStatusCode();
        dir = Files.createTempDirectory("cb-container-logs-");

        var logs = new DockerInventorySource(connection).collectLogs(Set.of(container), null, 1000, dir.resolve("container-logs"));

        assertNull(logs.unavailable());
        assertEquals(List.of(), logs.problems());
        assertEquals("container-logs/" + name + ".log", logs.files().get(name));
        List<String> lines = Files.readAllLines(dir.resolve(logs.files().get(name)));
        assertTrue(lines.stream().anyMatch(l -> l.contains("java.version")), "stderr is collected");
        assertTrue(lines.stream().allMatch(l -> l.matches("^\\d{4}-\\d{2}-\\d{2}T\\S+Z .*|^\\d{4}-\\d{2}-\\d{2}T\\S+Z$")),
                "every line starts with the engine's timestamp: " + lines.get(0));
        assertTrue(lines.stream().noneMatch(l -> l.chars().anyMatch(c -> c < 9)), "no multiplexing headers left");

        var none = new DockerInventorySource(connection).collectLogs(Set.of(container), Instant.now().plusSeconds(3600), 1000,
                dir.resolve("later"));
        assertTrue(Files.readAllLines(dir.resolve(none.files().get(name))).isEmpty(), "nothing since a later window start");
    }

    @Test
    void anUnreachableEngineIsReportedNotThrown() throws Exception {
        dir = Files.createTempDirectory("cb-container-logs-");
        var logs = new DockerInventorySource(DockerClients.connect("unix://" + dir.resolve("no.sock")))
                .collectLogs(Set.of("abc"), null, 10, dir.resolve("container-logs"));
        assertTrue(logs.unavailable().contains("could not be reached"), logs.unavailable());
    }
}
