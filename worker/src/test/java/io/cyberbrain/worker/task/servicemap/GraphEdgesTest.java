package io.cyberbrain.worker.task.servicemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Edge rules on small hand-written inventories. */
class GraphEdgesTest {

    /** A minimal inspect object; {@code extra} is spliced into Config, {@code host} into HostConfig. */
    static String c(String name, String project, String network, String exposed, String env, String host) {
        return """
                {"Id": "%s", "Name": "/%s", "State": {"Status": "running"},
                 "Config": {"Image": "img/%s", "Hostname": "%s", "Env": %s, "ExposedPorts": %s,
                   "Labels": {"com.docker.compose.project": "%s", "com.docker.compose.service": "%s"}},
                 "HostConfig": {%s},
                 "NetworkSettings": {"Networks": {"%s": {"Aliases": ["%s"], "NetworkID": "x"}}}}
                """.formatted(Integer.toHexString(name.hashCode()) + project.hashCode(), project + "-" + name, name,
                Integer.toHexString(name.hashCode()), env, exposed, project, name, host, network, name);
    }

    static ServiceGraph graph(String... containers) {
        return GraphBuilder.build(InventoryReader.read(TestSupport.parsed("[" + String.join(",", containers) + "]"), null));
    }

    @Test
    void legacyLinkPointsFromTheLinkingContainerToTheLinkedOne() {
        ServiceGraph g = graph(
                c("db", "p", "bridge", "{\"3306/tcp\": {}}", "[]", ""),
                c("web", "p", "bridge", "{}", "[]", "\"Links\": [\"/p-db:/p-web/database\"]"));
        assertEquals(List.of(new Edge("p-web", "p-db", EdgeKind.LINK, new PortSpec(3306, "tcp"), "link p-db as database")),
                g.edges());
    }

    @Test
    void hostVariableWithSiblingPortAndServiceNameResolvesWithinTheSharedNetwork() {
        // two projects both have a "db"; the client's own network decides which one it means
        ServiceGraph g = graph(
                c("db", "a", "a_net", "{\"5432/tcp\": {}}", "[]", ""),
                c("db", "b", "b_net", "{\"5432/tcp\": {}}", "[]", ""),
                c("app", "a", "a_net", "{}", "[\"DB_HOST=db\", \"DB_PORT=5432\"]", ""));
        assertEquals(List.of(new Edge("a-app", "a-db", EdgeKind.ENV, new PortSpec(5432, "tcp"), "env DB_HOST -> db:5432")),
                g.edges());
    }

    @Test
    void ambiguousHostResolvesToNothingRatherThanAGuess() {
        ServiceGraph g = graph(
                c("cache", "a", "shared", "{}", "[]", ""),
                c("cache", "b", "shared", "{}", "[]", ""),
                c("app", "c", "shared", "{}", "[\"CACHE_URL=redis://cache:6379\"]", ""));
        assertTrue(g.edges().isEmpty(), g.edges().toString());
    }

    @Test
    void selfReferencesAreIgnored() {
        ServiceGraph g = graph(c("api", "p", "n", "{\"80/tcp\": {}}",
                "[\"PUBLIC_URL=http://api:80\", \"SERVER_HOST=api\"]", "\"Links\": [\"p-api\"]"));
        assertTrue(g.edges().isEmpty(), g.edges().toString());
    }

    @Test
    void portComesFromTheSchemeWhenTheTargetExposesItElseFromItsOnlyPort() {
        ServiceGraph g = graph(
                c("proxy", "p", "n", "{\"80/tcp\": {}, \"443/tcp\": {}, \"8081/tcp\": {}}", "[]", ""),
                c("admin", "p", "n", "{\"9000/tcp\": {}}", "[]", ""),
                c("ui", "p", "n", "{}", "[\"BACKEND=https://proxy/api\", \"ADMIN_URL=http://admin\"]", ""));
        assertEquals(List.of(
                new Edge("p-ui", "p-admin", EdgeKind.ENV, new PortSpec(9000, "tcp"), "env ADMIN_URL -> admin:9000"),
                new Edge("p-ui", "p-proxy", EdgeKind.ENV, new PortSpec(443, "tcp"), "env BACKEND -> proxy:443")), g.edges());
    }

    @Test
    void evidenceGoesThroughTheRedactor() {
        // a container reached by its short id: the redactor masks container ids in free text
        String db = """
                {"Id": "25e75393800b5c450a6841212a3b92ed28fa35414a586dec9f2c8a520d4910c2", "Name": "/db",
                 "Config": {"Hostname": "25e75393800b", "ExposedPorts": {"5432/tcp": {}}}}
                """;
        ServiceGraph g = graph(db, c("app", "p", "n", "{}", "[\"DB_HOST=25e75393800b\"]", ""));
        assertEquals(1, g.edges().size());
        assertEquals("db", g.edges().get(0).to());
        assertEquals("env DB_HOST -> [REDACTED:CONTAINER_ID]:5432", g.edges().get(0).evidence());
    }

    @Test
    void replicasOfOneComposeServiceAllReceiveTheEdge() {
        String r1 = c("worker", "p", "n", "{\"7000/tcp\": {}}", "[]", "").replace("/p-worker", "/p-worker-1");
        String r2 = c("worker", "p", "n", "{\"7000/tcp\": {}}", "[]", "").replace("/p-worker", "/p-worker-2")
                .replaceFirst("\"Id\": \"", "\"Id\": \"2");
        ServiceGraph g = graph(r1, r2, c("app", "p", "n", "{}", "[\"WORKERS=worker:7000\"]", ""));
        assertEquals(List.of("p-worker-1", "p-worker-2"), g.edges().stream().map(Edge::to).toList());
    }
}
