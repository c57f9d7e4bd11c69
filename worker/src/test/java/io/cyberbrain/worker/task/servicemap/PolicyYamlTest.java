package io.cyberbrain.worker.task.servicemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The hand-written YAML is the fixed NetworkPolicy shape, checked line by line. */
class PolicyYamlTest {

    static Node node(String name, String service, List<PortSpec> exposed) {
        return new Node(name, null, "img", "running", "p", service, exposed, List.of(), List.of("p_default"), List.of(), null);
    }

    /** db is used by api on 5432 and by backup on every port; admin uses it with the same port set as api. */
    static List<PolicyRecommendation> policies() {
        List<Node> nodes = List.of(
                node("p-admin-1", "admin", List.of()),
                node("p-api-1", "api", List.of(new PortSpec(8080, "tcp"))),
                node("p-backup-1", "backup", List.of()),
                node("p-db-1", "db", List.of(new PortSpec(5432, "tcp"), new PortSpec(9187, "tcp"))));
        List<Edge> edges = List.of(
                new Edge("p-admin-1", "p-db-1", EdgeKind.ENV, new PortSpec(5432, "tcp"), "env PGHOST -> db:5432"),
                new Edge("p-api-1", "p-db-1", EdgeKind.ENV, new PortSpec(5432, "tcp"), "env DATABASE_URL -> db:5432"),
                new Edge("p-backup-1", "p-db-1", EdgeKind.DEPENDS_ON, null, "compose depends_on db"),
                new Edge("p-admin-1", "p-api-1", EdgeKind.NETWORK_MODE, null, "network_mode container:p-api-1"));
        return NetworkPolicyGenerator.generate(new ServiceGraph(nodes, edges, List.of(), List.of()), "home");
    }

    static PolicyRecommendation policy(String service) {
        return policies().stream().filter(p -> p.service().equals(service)).findFirst().orElseThrow();
    }

    @Test
    void dependentsWithTheSamePortsShareARuleAndAnUnknownPortAdmitsEveryExposedPort() {
        List<String> lines = List.of(policy("db").yaml().split("\n", -1));
        assertEquals(List.of(
                "apiVersion: networking.k8s.io/v1",
                "kind: NetworkPolicy",
                "metadata:",
                "  name: db",
                "  namespace: home",
                "  labels:",
                "    app.kubernetes.io/managed-by: cyberbrain-orchestrator",
                "spec:",
                "  podSelector:",
                "    matchLabels:",
                "      app: db",
                "  policyTypes:",
                "    - Ingress",
                "  ingress:",
                "    - from:",
                "        - podSelector:",
                "            matchLabels:",
                "              app: admin",
                "        - podSelector:",
                "            matchLabels:",
                "              app: api",
                "      ports:",
                "        - protocol: TCP",
                "          port: 5432",
                "    - from:",
                "        - podSelector:",
                "            matchLabels:",
                "              app: backup",
                "      ports:",
                "        - protocol: TCP",
                "          port: 5432",
                "        - protocol: TCP",
                "          port: 9187",
                ""), lines);
        assertEquals(List.of("admin", "api", "backup"), policy("db").allowedFrom());
        assertEquals(List.of(5432, 9187), policy("db").ports());
    }

    @Test
    void nodeNobodyDependsOnGetsNoIngressKeyAtAll() {
        List<String> lines = List.of(policy("backup").yaml().split("\n"));
        assertEquals("    - Ingress", lines.get(12));
        assertEquals(14, lines.size());
        assertTrue(lines.get(13).startsWith("  # "), lines.get(13));
        assertTrue(lines.stream().noneMatch(l -> l.contains("ingress:")));
    }

    @Test
    void sharingANetworkNamespaceIsNotIngress() {
        assertTrue(policy("api").denyAll());
    }

    @Test
    void dependentWithUnknownPortOfANodeWithoutExposedPortsIsAdmittedWithoutAPortList() {
        List<Node> nodes = List.of(node("a", "a", List.of()), node("b", "b", List.of()));
        PolicyRecommendation b = NetworkPolicyGenerator.generate(new ServiceGraph(nodes,
                List.of(new Edge("a", "b", EdgeKind.LINK, null, "link b")), List.of(), List.of()), null).get(1);
        assertTrue(b.yaml().endsWith("""
                  ingress:
                    - from:
                        - podSelector:
                            matchLabels:
                              app: a
                """), b.yaml());
        assertEquals(List.of(), b.ports());
    }

    @Test
    void everyLineOfTheStreamIsASeparatorACommentOrAnEvenlyIndentedKeyOrListItem() {
        String stream = PolicyYaml.stream(policies());
        assertEquals(4, stream.split("(?m)^---$", -1).length - 1);
        for (String line : stream.split("\n")) {
            int indent = line.length() - line.stripLeading().length();
            assertEquals(0, indent % 2, line);
            assertTrue(line.equals("---") || line.strip().startsWith("# ")
                    || line.strip().matches("(- )?[A-Za-z][\\w./-]*:( [\\w.\\-/]+)?") || line.strip().equals("- Ingress"), line);
        }
    }

    @Test
    void scalarsThatYamlWouldMisreadAreQuoted() {
        assertEquals("api", PolicyYaml.scalar("api"));
        assertEquals("\"true\"", PolicyYaml.scalar("true"));
        assertEquals("\"8080\"", PolicyYaml.scalar("8080"));
        assertEquals("\"a: b\"", PolicyYaml.scalar("a: b"));
        assertEquals("\"say \\\"hi\\\"\\n\"", PolicyYaml.scalar("say \"hi\"\n"));
    }

    @Test
    void namesAreSanitisedToDns1123Labels() {
        assertEquals("my-service-v2", Dns1123.label("My_Service.V2", "x"));
        assertEquals("x", Dns1123.label("___", "x"));
        String longName = Dns1123.label("a".repeat(62) + "-b", "x");
        assertEquals(63 - 1, longName.length());
        assertTrue(Dns1123.isLabel(longName));
        assertTrue(Dns1123.isLabel(Dns1123.withSuffix("b".repeat(63), "-2")));
    }

    @Test
    void twoServicesWithTheSameNameInDifferentProjectsGetDistinctPolicies() {
        Node a = new Node("shop-db-1", null, "pg", "running", "shop", "db", List.of(), List.of(), List.of(), List.of(), null);
        Node b = new Node("wiki-db-1", null, "pg", "running", "wiki", "db", List.of(), List.of(), List.of(), List.of(), null);
        List<PolicyRecommendation> p = NetworkPolicyGenerator.generate(new ServiceGraph(List.of(a, b), List.of(), List.of(), List.of()), null);
        assertEquals(List.of("db", "wiki-db-1"), p.stream().map(PolicyRecommendation::service).toList());
    }
}
