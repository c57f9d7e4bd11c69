package io.cyberbrain.worker.task.servicemap;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every Docker API fixture parses into nodes and networks and renders without an exception: the bundled
 * copies always, the project's whole shared fixture folder when it is present next to the repository.
 */
class FixtureParsingTest {

    static final List<String> SHARED_FOLDERS = List.of("container_inspect", "network_inspect", "api_list_responses");

    /** What one file produced. */
    record Parsed(Path file, int containers, int networks, int nodes, int edges, int policies) {
    }

    static Parsed parseAndRender(Path root, Path file) throws IOException {
        JsonNode document = TestSupport.MAPPER.readTree(file.toFile());
        Inventory inventory = InventoryReader.readDocument(document);
        ServiceGraph graph = GraphBuilder.build(inventory);
        List<PolicyRecommendation> policies = NetworkPolicyGenerator.generate(graph, null);
        String mermaid = MermaidRenderer.render(graph);
        String dot = DotRenderer.render(graph);
        String md = ServiceMapReport.markdown(graph, policies, mermaid, "all", "networkpolicies.yaml");
        assertTrue(mermaid.startsWith("graph LR\n") && dot.endsWith("}\n") && md.startsWith("## Service map"), file.toString());
        for (Node n : graph.nodes()) {
            assertNotNull(n.name(), file.toString());
        }
        for (PolicyRecommendation p : policies) {
            assertTrue(Dns1123.isLabel(p.service()), p.service());
        }
        return new Parsed(root.relativize(file), inventory.containers().size(), inventory.networks().size(),
                graph.nodes().size(), graph.edges().size(), policies.size());
    }

    /** The shape a file must yield, judged by the folder the fixture set filed it in and the API path in its name. */
    static void assertExpectedShape(Parsed p) {
        String path = p.file().toString().replace('\\', '/');
        String name = p.file().getFileName().toString();
        if (path.startsWith("container_inspect/")
                || path.startsWith("api_list_responses/") && (name.contains("containers__json") || name.startsWith("containers_json"))) {
            assertTrue(p.nodes() >= 1, "no container node from " + path);
        } else if (path.startsWith("network_inspect/") || name.contains("__networks")) {
            assertTrue(p.networks() >= 1, "no network from " + path);
            assertEquals(0, p.nodes(), "phantom nodes from " + path);
        } else {
            // swarm nodes/services/tasks are not containers and must not turn into phantom nodes
            assertEquals(0, p.nodes(), "phantom nodes from " + path);
        }
    }

    static List<Path> jsonFiles(Path root, List<String> folders) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : folders) {
            Path dir = root.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    static Path bundledRoot() throws URISyntaxException {
        return Path.of(FixtureParsingTest.class.getResource("/docker_inspect/SOURCE.txt").toURI()).getParent();
    }

    @Test
    void everyBundledFixtureParsesIntoTheShapeItsFolderPromises() throws Exception {
        Path root = bundledRoot();
        List<Path> files = jsonFiles(root, SHARED_FOLDERS);
        assertEquals(10, files.size(), files.toString());
        for (Path f : files) {
            assertExpectedShape(assertDoesNotThrow(() -> parseAndRender(root, f), f.toString()));
        }
    }

    @Test
    void sourceFileNamesEveryBundledFixture() throws Exception {
        Path root = bundledRoot();
        String source = Files.readString(root.resolve("SOURCE.txt"));
        for (Path f : jsonFiles(root, SHARED_FOLDERS)) {
            assertTrue(source.contains(root.relativize(f).toString().replace('\\', '/')), "SOURCE.txt misses " + f);
        }
        assertTrue(source.contains("Licence:    Apache-2.0") && source.contains("Licence:    MIT"));
    }

    @Test
    void bundledListAndNetworkResponsesGiveNamespaceSharingExposedPortsAndMemberships() throws Exception {
        Inventory inventory = InventoryReader.read(
                TestSupport.resourceAsInput("api_list_responses/prometheus_moby_sd/dockerprom__containers__json.json"),
                TestSupport.resourceAsInput("api_list_responses/prometheus_moby_sd/dockerprom__networks.json"));
        ServiceGraph g = GraphBuilder.build(inventory);
        assertEquals(6, g.nodes().size());
        // the exporter runs in mysql's network namespace (NetworkMode container:<mysql id>)
        assertTrue(g.edges().contains(new Edge("dockersd_mysql_exporter", "dockersd_mysql", EdgeKind.NETWORK_MODE, null,
                "network_mode container:dockersd_mysql")), g.edges().toString());
        assertEquals(List.of(new PortSpec(3306, "tcp"), new PortSpec(33060, "tcp")),
                g.node("dockersd_mysql").orElseThrow().exposedPorts());
        NetworkView host = g.networks().stream().filter(n -> n.name().equals("host")).findFirst().orElseThrow();
        assertFalse(host.userDefined());
        assertTrue(g.networks().stream().anyMatch(n -> n.name().equals("dockersd_default") && n.userDefined()
                && n.members().containsAll(List.of("dockersd_node_1", "dockersd_noport_1"))));
    }

    @Test
    void allBundledContainersTogetherBuildOneGraphWithDuplicatesCountedOnce() throws Exception {
        Path root = bundledRoot();
        List<Object> all = new ArrayList<>();
        for (Path f : jsonFiles(root, List.of("container_inspect"))) {
            all.add(TestSupport.MAPPER.readValue(f.toFile(), Object.class));
        }
        ServiceGraph g = GraphBuilder.build(InventoryReader.read(all, null));
        // consumer and orphan consumer are the same container (same id and name): one node
        assertEquals(4, g.nodes().size(), g.nodes().stream().map(Node::name).toList().toString());
        assertTrue(g.edges().contains(new Edge("wt-contnet-consumer-1", "wt-contnet-producer-1", EdgeKind.DEPENDS_ON, null,
                "compose depends_on producer (service_started)")), g.edges().toString());
    }

    /**
     * The project's shared fixtures live in {@code ../shared} beside the repository root. Found by walking up
     * from the working directory to the root (the folder with {@code mvnw}); absent on most machines.
     */
    static Path sharedFixtures() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null || dir.getParent() == null) {
            return null;
        }
        Path shared = dir.getParent().resolve("shared/data/fixtures/docker_inspect");
        return Files.isDirectory(shared) ? shared : null;
    }

    @Test
    void everySharedFixtureParsesWhenTheSharedFolderExists() throws Exception {
        Path root = sharedFixtures();
        assumeTrue(root != null, "../shared/data/fixtures/docker_inspect not present");
        List<Path> files = jsonFiles(root, SHARED_FOLDERS);
        assertFalse(files.isEmpty());
        int nodes = 0;
        int networks = 0;
        for (Path f : files) {
            Parsed p = assertDoesNotThrow(() -> parseAndRender(root, f), f.toString());
            assertExpectedShape(p);
            nodes += p.nodes();
            networks += p.networks();
        }
        System.out.printf("service map: %d shared fixture files parsed, %d nodes, %d networks%n", files.size(), nodes, networks);
    }
}
