package io.cyberbrain.worker.task.servicemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.cyberbrain.worker.TaskOutcome;

/**
 * {@code network_mode: container:} with watchtower's fixtures: an nginx consumer in a gluetun VPN supplier's
 * network namespace (compose project wt-contnet), and the same consumer whose supplier id exists nowhere.
 */
class NetworkModeContainerTest {

    static final String SUPPLIER = "container_inspect/watchtower/container_net_supplier.json";
    static final String CONSUMER = "container_inspect/watchtower/container_net_consumer.json";
    static final String ORPHAN = "container_inspect/watchtower/container_net_consumer-missing_supplier.json";

    @TempDir
    Path jobDir;

    static ServiceGraph graph(String... resources) {
        List<Object> objects = new ArrayList<>();
        for (String r : resources) {
            objects.add(TestSupport.resourceAsInput(r));
        }
        return GraphBuilder.build(InventoryReader.read(objects, null));
    }

    @Test
    void consumerPointsAtTheSupplierWhoseNetworkNamespaceItShares() {
        ServiceGraph g = graph(SUPPLIER, CONSUMER);
        assertEquals(List.of("wt-contnet-consumer-1", "wt-contnet-producer-1"), g.nodes().stream().map(Node::name).toList());
        assertTrue(g.edges().contains(new Edge("wt-contnet-consumer-1", "wt-contnet-producer-1", EdgeKind.NETWORK_MODE, null,
                "network_mode container:wt-contnet-producer-1")), g.edges().toString());
        assertEquals("container:25e75393800b", g.node("wt-contnet-consumer-1").orElseThrow().networkMode());
        assertEquals(List.of(), g.node("wt-contnet-consumer-1").orElseThrow().networks());
        assertEquals(List.of("wt-contnet_default"), g.node("wt-contnet-producer-1").orElseThrow().networks());
        assertTrue(g.unresolved().isEmpty(), g.unresolved().toString());
    }

    @Test
    void composeDependsOnLabelOfTheConsumerAlsoPointsAtTheSupplier() {
        ServiceGraph g = graph(SUPPLIER, CONSUMER);
        // the supplier exposes several ports, so the dependency's port stays unknown rather than guessed
        assertTrue(g.edges().contains(new Edge("wt-contnet-consumer-1", "wt-contnet-producer-1", EdgeKind.DEPENDS_ON, null,
                "compose depends_on producer (service_started)")), g.edges().toString());
        assertEquals(2, g.edges().size());
    }

    @Test
    void sharedNamespaceEarnsNoIngressRuleButTheDependencyDoesOnEveryExposedPort() {
        ServiceGraph g = graph(SUPPLIER, CONSUMER);
        List<PolicyRecommendation> policies = NetworkPolicyGenerator.generate(g, null);
        PolicyRecommendation producer = policies.stream().filter(p -> p.service().equals("producer")).findFirst().orElseThrow();
        assertEquals(List.of("consumer"), producer.allowedFrom());
        assertEquals(List.of(8000, 8388, 8888), producer.ports());
        assertTrue(producer.yaml().contains("- protocol: UDP\n          port: 8388\n"), producer.yaml());
        assertTrue(producer.yaml().contains("- protocol: TCP\n          port: 8388\n"), producer.yaml());
        PolicyRecommendation consumer = policies.stream().filter(p -> p.service().equals("consumer")).findFirst().orElseThrow();
        assertTrue(consumer.denyAll());
    }

    @Test
    void consumerWhoseSupplierIsMissingKeepsItsNodeAndReportsTheDanglingReference() {
        ServiceGraph g = graph(ORPHAN);
        assertEquals(1, g.nodes().size());
        assertEquals("container:badc1dbadc1d", g.nodes().get(0).networkMode());
        assertTrue(g.edges().isEmpty(), g.edges().toString());
        assertEquals(List.of(
                new Unresolved("wt-contnet-consumer-1", EdgeKind.NETWORK_MODE, "badc1dbadc1d", "not in the inventory"),
                new Unresolved("wt-contnet-consumer-1", EdgeKind.DEPENDS_ON, "producer", "compose service not in the inventory")),
                g.unresolved());
    }

    @Test
    void taskSucceedsForAnOrphanConsumerAndListsTheUnresolvedReference() throws Exception {
        Map<String, Object> inputs = Map.of("containers", List.of(TestSupport.resourceAsInput(ORPHAN)), "scope", "all");
        TaskOutcome outcome = new ServiceMapTask().run(TestSupport.job(inputs, Map.of()), new TestSupport.FolderContext(jobDir));
        assertEquals(TaskOutcome.SUCCESS, outcome.status());
        assertEquals("1 container, 0 edges, 1 policy", outcome.summary());
        assertTrue(outcome.reportMarkdown().contains("### Unresolved references"), outcome.reportMarkdown());
        assertTrue(outcome.reportMarkdown().contains("- wt-contnet-consumer-1: network_mode -> badc1dbadc1d (not in the inventory)"));
    }

    @Test
    void missingInventoryFailsWithTheLaunchersReasonInsteadOfAnEmptyMap() throws Exception {
        Map<String, Object> inputs = Map.of("containers", List.of(), "networks", List.of(),
                "inventory_unavailable", "no container engine is configured (set DOCKER_HOST or use the docker executor)");
        TaskOutcome outcome = new ServiceMapTask().run(TestSupport.job(inputs, Map.of()), new TestSupport.FolderContext(jobDir));
        assertEquals(TaskOutcome.FAILED, outcome.status());
        assertEquals("container inventory unavailable: no container engine is configured (set DOCKER_HOST or use the docker "
                + "executor)", outcome.errorSummary());
        assertTrue(outcome.reportMarkdown().startsWith("## Service map\n"), outcome.reportMarkdown());
    }

    @Test
    void emptyInventoryWithoutAReasonIsAnEmptyMap() throws Exception {
        TaskOutcome outcome = new ServiceMapTask().run(TestSupport.job(Map.of(), Map.of()), new TestSupport.FolderContext(jobDir));
        assertEquals(TaskOutcome.SUCCESS, outcome.status());
        assertEquals("0 containers, 0 edges, 0 policies", outcome.summary());
        assertTrue(outcome.reportMarkdown().contains("No containers were in scope."));
    }

    @Test
    void noEnvironmentValueOfTheSupplierReachesAnyOutput() throws Exception {
        Map<String, Object> inputs = Map.of("containers",
                List.of(TestSupport.resourceAsInput(SUPPLIER), TestSupport.resourceAsInput(CONSUMER)));
        TaskOutcome outcome = new ServiceMapTask().run(TestSupport.job(inputs, Map.of()), new TestSupport.FolderContext(jobDir));
        String everything = TestSupport.json(outcome) + outcome.reportMarkdown() + TestSupport.readAll(jobDir);
        int checked = 0;
        for (String resource : List.of(SUPPLIER, CONSUMER)) {
            for (JsonNode entry : TestSupport.resource(resource).path("Config").path("Env")) {
                String value = entry.asText().substring(entry.asText().indexOf('=') + 1);
                if (value.length() >= 8) {
                    checked++;
                    assertFalse(everything.contains(value), "env value leaked: " + entry.asText().split("=")[0]);
                }
            }
        }
        assertTrue(checked > 10, "too few values checked: " + checked);
    }
}
