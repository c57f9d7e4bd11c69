package io.cyberbrain.worker.task.servicemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class InventoryReaderTest {

    static final String MINIMAL = """
            {"Id": "0123456789abcdef0123", "Name": "/solo", "Config": {"Image": "busybox"}, "State": {"Status": "exited"}}
            """;

    @Test
    void nullsAndMissingFieldsEverywhereStillGiveANode() {
        Object input = TestSupport.parsed("""
                [{"Id": null, "Name": null, "Config": null, "HostConfig": {"NetworkMode": null, "Links": null,
                  "PortBindings": null}, "NetworkSettings": {"Networks": null, "Ports": null}, "State": null},
                 {"Config": {"Env": null, "Labels": null, "ExposedPorts": null},
                  "NetworkSettings": {"Networks": {"n1": null}}}]
                """);
        ServiceGraph g = GraphBuilder.build(InventoryReader.read(input, null));
        assertEquals(List.of("container-1", "container-2"), g.nodes().stream().map(Node::name).toList());
        assertNull(g.nodes().get(0).id());
        assertTrue(g.edges().isEmpty());
        assertEquals(2, NetworkPolicyGenerator.generate(g, null).size());
    }

    @Test
    void absentOrUnreadableInputsAreAnEmptyInventory() {
        assertEquals(Inventory.empty(), InventoryReader.read(null, null));
        assertEquals(Inventory.empty(), InventoryReader.read("not json", 42));
    }

    @Test
    void singleObjectInspectArrayNestedArrayAndJsonTextReadTheSame() {
        List<ContainerInfo> expected = InventoryReader.read(TestSupport.parsed(MINIMAL), null).containers();
        assertEquals(1, expected.size());
        assertEquals("solo", expected.get(0).name());
        assertEquals(expected, InventoryReader.read(TestSupport.parsed("[" + MINIMAL + "]"), null).containers());
        assertEquals(expected, InventoryReader.read(TestSupport.parsed("[[" + MINIMAL + "]]"), null).containers());
        assertEquals(expected, InventoryReader.read(MINIMAL, null).containers());
    }

    @Test
    void listShapeGivesNameImageStatePortsAndCompose() {
        ContainerInfo c = InventoryReader.read(TestSupport.parsed("""
                [{"Id": "aaaaaaaaaaaaaaaa", "Names": ["/web/db", "/db"], "Image": "postgres:16", "State": "running",
                  "Ports": [{"IP": "0.0.0.0", "PrivatePort": 5432, "PublicPort": 15432, "Type": "tcp"},
                            {"PrivatePort": 9187, "Type": "tcp"}],
                  "Labels": {"com.docker.compose.project": "p", "com.docker.compose.service": "db"},
                  "HostConfig": {"NetworkMode": "p_default"},
                  "NetworkSettings": {"Networks": {"p_default": {"Aliases": null, "NetworkID": "n"}}}}]
                """), null).containers().get(0);
        assertEquals("db", c.name());
        assertEquals("postgres:16", c.image());
        assertEquals("running", c.state());
        assertEquals(List.of(new PortSpec(5432, "tcp"), new PortSpec(9187, "tcp")), c.exposedPorts());
        assertEquals(List.of(new PublishedPort(15432, 5432, "tcp")), c.publishedPorts());
        assertEquals("p", c.composeProject());
        assertEquals("db", c.composeService());
    }

    @Test
    void stoppedContainerFallsBackToConfiguredPortBindings() {
        ContainerInfo c = InventoryReader.read(TestSupport.parsed("""
                {"Id": "b1", "Name": "/grafana", "Config": {"Image": "grafana/grafana", "ExposedPorts": {"3000/tcp": {}}},
                 "HostConfig": {"PortBindings": {"3000/tcp": [{"HostIp": "", "HostPort": "3001"}]}},
                 "NetworkSettings": {"Ports": {}}, "State": {"Status": "exited"}}
                """), null).containers().get(0);
        assertEquals(List.of(new PublishedPort(3001, 3000, "tcp")), c.publishedPorts());
        assertEquals("exited", c.state());
    }

    @Test
    void networksAreRecognisedByShapeWhicheverInputTheyArriveIn() {
        Inventory inv = InventoryReader.read(TestSupport.parsed("""
                [{"Name": "mesh", "Id": "n1", "Driver": "overlay", "Scope": "swarm", "Containers": {}},
                 {"ID": "svc", "Spec": {"Name": "x"}}]
                """), null);
        assertEquals(0, inv.containers().size());
        assertEquals(List.of("mesh"), inv.networks().stream().map(NetworkInfo::name).toList());
    }

    @Test
    void networkInspectMembershipAddsContainersTheirOwnInspectDidNotList() {
        Inventory inv = InventoryReader.read(TestSupport.parsed(MINIMAL), TestSupport.parsed("""
                [{"Name": "backend", "Id": "feedfacefeedface", "Driver": "bridge",
                  "Containers": {"0123456789abcdef0123": {"Name": "solo"}, "ffff": {"Name": "out-of-scope"}}}]
                """));
        ServiceGraph g = GraphBuilder.build(inv);
        assertEquals(List.of("backend"), g.nodes().get(0).networks());
        NetworkView backend = g.networks().get(0);
        assertEquals(List.of("solo"), backend.members());
        assertEquals("feedfacefeed", backend.id());
        assertTrue(backend.userDefined());
    }
}
