package io.cyberbrain.worker.task.servicemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cyberbrain.worker.TaskOutcome;

/**
 * The product's acceptance scenario: db, api and web on the user-defined network app_net; api reaches db
 * through DATABASE_URL (with a password in it), web depends on api through compose.
 */
class ServiceMapAcceptanceTest {

    static final String DB_ID = "3f4e8a1c2b7d9e6f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7";
    static final String API_ID = "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b";
    static final String WEB_ID = "5a5b5c5d5e5f60616263646566676869707172737475767778797a7b7c7d7e7f";
    static final String NET_ID = "d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2";

    @TempDir
    Path jobDir;

    TaskOutcome outcome;
    Map<String, Object> result;

    /** A container-inspect object shaped like GET /containers/{id}/json from Engine 25 with compose v2 labels. */
    static String container(String id, String name, String image, String env, String extraLabels,
                            String exposed, String portBindings, String ports) {
        String shortId = id.substring(0, 12);
        return """
                {
                  "Id": "%1$s",
                  "Created": "2025-01-01T10:00:00.000000000Z",
                  "Path": "docker-entrypoint.sh",
                  "Args": [],
                  "State": {"Status": "running", "Running": true, "Paused": false, "Restarting": false,
                            "OOMKilled": false, "Dead": false, "Pid": 4242, "ExitCode": 0, "Error": "",
                            "StartedAt": "2025-01-01T10:00:01Z", "FinishedAt": "0001-01-01T00:00:00Z"},
                  "Image": "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                  "Name": "/%3$s",
                  "RestartCount": 0,
                  "HostConfig": {
                    "NetworkMode": "app_net",
                    "PortBindings": %7$s,
                    "RestartPolicy": {"Name": "unless-stopped", "MaximumRetryCount": 0},
                    "Links": null
                  },
                  "Config": {
                    "Hostname": "%2$s",
                    "Domainname": "",
                    "User": "",
                    "ExposedPorts": %6$s,
                    "Env": %5$s,
                    "Image": "%4$s",
                    "Labels": {
                      "com.docker.compose.config-hash": "a1b2c3",
                      "com.docker.compose.container-number": "1",
                      "com.docker.compose.oneoff": "False",
                      "com.docker.compose.project": "shop",
                      "com.docker.compose.project.config_files": "/srv/shop/compose.yaml",
                      "com.docker.compose.project.working_dir": "/srv/shop",
                      "com.docker.compose.service": "%3$s",
                      "com.docker.compose.version": "2.29.1"%9$s
                    }
                  },
                  "NetworkSettings": {
                    "Bridge": "",
                    "SandboxID": "aa11",
                    "Ports": %8$s,
                    "Networks": {
                      "app_net": {
                        "IPAMConfig": null,
                        "Links": null,
                        "Aliases": ["%3$s", "%3$s"],
                        "MacAddress": "02:42:ac:14:00:02",
                        "NetworkID": "%10$s",
                        "EndpointID": "ee11",
                        "Gateway": "172.20.0.1",
                        "IPAddress": "172.20.0.5",
                        "IPPrefixLen": 16,
                        "DNSNames": ["%3$s", "%2$s"]
                      }
                    }
                  }
                }
                """.formatted(id, shortId, name, image, env, exposed, portBindings, ports, extraLabels, NET_ID);
    }

    static Map<String, Object> inputs() {
        String db = container(DB_ID, "db", "postgres:16",
                "[\"POSTGRES_USER=app\", \"POSTGRES_PASSWORD=secret\", \"POSTGRES_DB=app\", \"PGDATA=/var/lib/postgresql/data\","
                        + " \"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"]",
                "", "{\"5432/tcp\": {}}", "{}", "{\"5432/tcp\": null}");
        String api = container(API_ID, "api", "ghcr.io/acme/shop-api:1.4.2",
                "[\"DATABASE_URL=postgres://app:secret@db:5432/app\", \"LOG_LEVEL=info\", \"JAVA_VERSION=21\"]",
                "", "{\"8080/tcp\": {}}", "{}", "{\"8080/tcp\": null}");
        String web = container(WEB_ID, "web", "nginx:1.27",
                "[\"NGINX_VERSION=1.27.0\", \"PKG_RELEASE=1\"]",
                ",\n \"com.docker.compose.depends_on\": \"api:service_started:false\"",
                "{\"80/tcp\": {}}",
                "{\"80/tcp\": [{\"HostIp\": \"\", \"HostPort\": \"8080\"}]}",
                "{\"80/tcp\": [{\"HostIp\": \"0.0.0.0\", \"HostPort\": \"8080\"}, {\"HostIp\": \"::\", \"HostPort\": \"8080\"}]}");
        String network = """
                [{"Name": "app_net", "Id": "%s", "Created": "2025-01-01T09:59:00Z", "Scope": "local",
                  "Driver": "bridge", "EnableIPv6": false, "Internal": false, "Attachable": false, "Ingress": false,
                  "IPAM": {"Driver": "default", "Options": null, "Config": [{"Subnet": "172.20.0.0/16", "Gateway": "172.20.0.1"}]},
                  "Containers": {}, "Options": {}, "Labels": {"com.docker.compose.network": "app_net", "com.docker.compose.project": "shop"}}]
                """.formatted(NET_ID);
        return Map.of(
                "containers", TestSupport.parsed("[" + db + "," + api + "," + web + "]"),
                "networks", TestSupport.parsed(network),
                "scope", "allowlist");
    }

    @BeforeEach
    void runTask() throws Exception {
        outcome = new ServiceMapTask().run(TestSupport.job(inputs(), Map.of()), new TestSupport.FolderContext(jobDir));
        result = outcome.result();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> result, String key) {
        return (List<Map<String, Object>>) result.get(key);
    }

    @Test
    void directedEdgesAreExactlyApiToDbFromTheUrlAndWebToApiFromComposeDependsOn() {
        List<Map<String, Object>> edges = list(result, "edges");
        assertEquals(2, edges.size(), edges.toString());
        Map<String, Object> apiToDb = edges.get(0);
        assertEquals("api", apiToDb.get("from"));
        assertEquals("db", apiToDb.get("to"));
        assertEquals("env", apiToDb.get("kind"));
        assertEquals(5432, apiToDb.get("port"));
        assertEquals("env DATABASE_URL -> db:5432", apiToDb.get("evidence"));
        Map<String, Object> webToApi = edges.get(1);
        assertEquals("web", webToApi.get("from"));
        assertEquals("api", webToApi.get("to"));
        assertEquals("depends_on", webToApi.get("kind"));
        assertEquals(8080, webToApi.get("port"));
        assertEquals("compose depends_on api (service_started)", webToApi.get("evidence"));
    }

    @Test
    void sharedNetworkIsAMembershipOfAllThreeOnAUserDefinedNetwork() {
        List<Map<String, Object>> networks = list(result, "networks");
        assertEquals(1, networks.size());
        Map<String, Object> appNet = networks.get(0);
        assertEquals("app_net", appNet.get("name"));
        assertEquals(true, appNet.get("user_defined"));
        assertEquals("bridge", appNet.get("driver"));
        assertEquals(NET_ID.substring(0, 12), appNet.get("id"));
        assertEquals(List.of("api", "db", "web"), appNet.get("members"));
        assertTrue(outcome.reportMarkdown().contains("| app_net | bridge | api, db, web |"));
        assertTrue(((String) result.get("mermaid")).contains("net0{{\"app_net\"}}"));
    }

    @Test
    void nodesCarryShortIdImageComposeServicePortsAndAliases() {
        List<Map<String, Object>> nodes = list(result, "nodes");
        assertEquals(List.of("api", "db", "web"), nodes.stream().map(n -> n.get("name")).toList());
        Map<String, Object> web = nodes.get(2);
        assertEquals(WEB_ID.substring(0, 12), web.get("id"));
        assertEquals("nginx:1.27", web.get("image"));
        assertEquals("running", web.get("state"));
        assertEquals("shop", web.get("compose_project"));
        assertEquals("web", web.get("compose_service"));
        assertEquals(List.of("80/tcp"), web.get("exposed_ports"));
        // IPv4 and IPv6 bindings of the same port are one published port
        assertEquals(List.of(Map.of("host_port", 8080, "container_port", 80, "protocol", "tcp")), web.get("published_ports"));
        assertEquals(List.of("app_net"), web.get("networks"));
        assertTrue(((List<?>) web.get("aliases")).containsAll(List.of("web", WEB_ID.substring(0, 12))));
    }

    @Test
    void policiesAdmitOnlyObservedDependentsOnTheirPortsAndDenyAllIngressToWeb() {
        List<Map<String, Object>> policies = list(result, "policies");
        assertEquals(List.of("api", "db", "web"), policies.stream().map(p -> p.get("service")).toList());

        Map<String, Object> api = policies.get(0);
        assertEquals(List.of("web"), api.get("allowed_from"));
        assertEquals(List.of(8080), api.get("ports"));
        Map<String, Object> db = policies.get(1);
        assertEquals(List.of("api"), db.get("allowed_from"));
        assertEquals(List.of(5432), db.get("ports"));
        assertEquals("default", db.get("namespace"));
        assertEquals(DB_ID.substring(0, 12), db.get("container_id"));
        Map<String, Object> web = policies.get(2);
        assertEquals(List.of(), web.get("allowed_from"));
        assertEquals(List.of(), web.get("ports"));

        String dbYaml = (String) db.get("yaml");
        assertTrue(dbYaml.contains("""
                  ingress:
                    - from:
                        - podSelector:
                            matchLabels:
                              app: api
                      ports:
                        - protocol: TCP
                          port: 5432
                """), dbYaml);
        String webYaml = (String) web.get("yaml");
        assertTrue(webYaml.contains("  policyTypes:\n    - Ingress\n"), webYaml);
        assertFalse(webYaml.contains("ingress:"), webYaml);
    }

    @Test
    void thePasswordInDatabaseUrlAppearsNowhere() {
        String everything = TestSupport.json(outcome) + outcome.reportMarkdown() + outcome.summary()
                + TestSupport.readAll(jobDir);
        assertFalse(everything.contains("secret"), "password leaked");
        assertFalse(everything.contains("app:secret"), "user info leaked");
        assertFalse(everything.contains("postgres://"), "raw URL leaked");
    }

    @Test
    void writesFourArtifactsWithTheirTypesAndMimeTypes() throws Exception {
        assertEquals(List.of(
                new TaskOutcome.ArtifactRecord("service-map.json", "data", "application/json"),
                new TaskOutcome.ArtifactRecord("service-map.mmd", "graph", "text/vnd.mermaid"),
                new TaskOutcome.ArtifactRecord("service-map.dot", "graph", "text/vnd.graphviz"),
                new TaskOutcome.ArtifactRecord("networkpolicies.yaml", "policy", "application/yaml")), outcome.artifacts());
        for (TaskOutcome.ArtifactRecord a : outcome.artifacts()) {
            assertTrue(Files.size(jobDir.resolve(a.path())) > 0, a.path());
        }
        assertEquals(result.get("mermaid"), Files.readString(jobDir.resolve("service-map.mmd")));
        assertEquals(result.get("dot"), Files.readString(jobDir.resolve("service-map.dot")));
        var json = TestSupport.MAPPER.readTree(jobDir.resolve("service-map.json").toFile());
        assertEquals(2, json.path("edges").size());
        String yaml = Files.readString(jobDir.resolve("networkpolicies.yaml"));
        assertEquals(3, yaml.split("(?m)^---$", -1).length - 1, yaml);
    }

    @Test
    void outcomeIsASuccessWithCountsSummaryMarkdownAndNoLlmCalls() {
        assertEquals(TaskOutcome.SUCCESS, outcome.status());
        assertEquals("3 containers, 2 edges, 3 policies", outcome.summary());
        assertTrue(outcome.llmCalls().isEmpty());
        String md = outcome.reportMarkdown();
        assertTrue(md.startsWith("## Service map\n"), md);
        assertTrue(md.contains("```mermaid\ngraph LR\n"), md);
        assertTrue(md.contains("| api | db | env | 5432 | env DATABASE_URL -> db:5432 |"), md);
        assertTrue(md.contains("| web | api | depends_on | 8080 | compose depends_on api (service_started) |"), md);
        assertTrue(md.contains("| db | default | api | 5432 |"), md);
        assertTrue(md.contains("| web | default | none (all ingress denied) | - |"), md);
        assertEquals("allowlist", result.get("scope"));
    }

    @Test
    void namespaceComesFromTheConfig() throws Exception {
        TaskOutcome other = new ServiceMapTask().run(TestSupport.job(inputs(), Map.of("namespace", "Home_Lab")),
                new TestSupport.FolderContext(jobDir.resolve("second")));
        for (Map<String, Object> p : list(other.result(), "policies")) {
            assertEquals("home-lab", p.get("namespace"));
            assertTrue(((String) p.get("yaml")).contains("\n  namespace: home-lab\n"));
        }
    }
}
