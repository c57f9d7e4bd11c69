package io.cyberbrain.worker.task.servicemap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.cyberbrain.redaction.Redactor;

/**
 * Builds the {@link ServiceGraph} from an {@link Inventory}. Directed edges go from the client (the
 * container that names, links to or depends on another) to the server. Self references are dropped.
 */
public final class GraphBuilder {

    /** Docker's own networks; everything else (compose {@code <project>_default} included) is user-defined. */
    private static final Set<String> SYSTEM_NETWORKS = Set.of("bridge", "host", "none", "default", "docker_gwbridge");
    private static final Set<String> SYSTEM_DRIVERS = Set.of("host", "null");
    private static final int MAX_EVIDENCE = 3;

    private final Redactor redactor;

    private final Map<String, ContainerInfo> infoByNode = new LinkedHashMap<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, List<String>> aliasIndex = new LinkedHashMap<>();
    private final Map<String, EdgeAccumulator> edges = new LinkedHashMap<>();
    private final Set<Unresolved> unresolved = new LinkedHashSet<>();

    private GraphBuilder(Redactor redactor) {
        this.redactor = redactor;
    }

    public static ServiceGraph build(Inventory inventory) {
        return new GraphBuilder(Redactor.standard()).graph(inventory == null ? Inventory.empty() : inventory);
    }

    private ServiceGraph graph(Inventory inventory) {
        Map<String, NetworkInfo> networkInfo = new LinkedHashMap<>();
        for (NetworkInfo n : inventory.networks()) {
            if (!n.name().isEmpty()) {
                networkInfo.putIfAbsent(n.name(), n);
            }
        }
        nameContainers(inventory.containers());
        Map<String, Set<String>> membership = membership(networkInfo);
        for (Map.Entry<String, ContainerInfo> e : infoByNode.entrySet()) {
            nodes.put(e.getKey(), node(e.getKey(), e.getValue(), membership));
        }
        for (Node n : nodes.values()) {
            for (String alias : n.aliases()) {
                aliasIndex.computeIfAbsent(alias, a -> new ArrayList<>()).add(n.name());
            }
        }
        for (Map.Entry<String, ContainerInfo> e : infoByNode.entrySet()) {
            networkModeEdge(e.getKey(), e.getValue());
            linkEdges(e.getKey(), e.getValue());
            dependsOnEdges(e.getKey(), e.getValue());
            envEdges(e.getKey(), e.getValue());
        }
        List<Node> sortedNodes = nodes.values().stream().sorted(Comparator.comparing(Node::name)).toList();
        List<Edge> sortedEdges = edges.values().stream().map(EdgeAccumulator::edge)
                .sorted(Comparator.comparing(Edge::from).thenComparing(Edge::to).thenComparing(Edge::kind)
                        .thenComparing(e -> e.port() == null ? -1 : e.port().port()))
                .toList();
        return new ServiceGraph(sortedNodes, sortedEdges, networks(networkInfo, membership), List.copyOf(unresolved));
    }

    // ------------------------------------------------------------------ nodes

    /**
     * Gives every container a unique node name. The same container listed twice (same id and name) counts
     * once; an id shared by differently named objects is bad input, and both are kept rather than one lost.
     */
    private void nameContainers(List<ContainerInfo> containers) {
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (ContainerInfo c : containers) {
            index++;
            if (c.id() != null && !seen.add(c.id() + '/' + c.name())) {
                continue;
            }
            String shortId = shortId(c.id());
            String base = c.name() != null ? c.name() : shortId != null ? shortId : "container-" + index;
            String name = base;
            if (infoByNode.containsKey(name)) {
                name = shortId != null ? base + "-" + shortId : base + "-" + index;
            }
            for (int n = 2; infoByNode.containsKey(name); n++) {
                name = base + "-" + n;
            }
            infoByNode.put(name, c);
        }
    }

    /** Network name to node names, from both sides: the container's attachments and the network's own list. */
    private Map<String, Set<String>> membership(Map<String, NetworkInfo> networkInfo) {
        Map<String, Set<String>> members = new TreeMap<>();
        for (Map.Entry<String, ContainerInfo> e : infoByNode.entrySet()) {
            ContainerInfo c = e.getValue();
            for (NetworkAttachment a : c.networks()) {
                members.computeIfAbsent(a.network(), k -> new TreeSet<>()).add(e.getKey());
            }
            String mode = c.networkMode();
            // a created-but-never-started container has no attachments yet; its mode still names the network
            if (c.networks().isEmpty() && mode != null && !mode.contains(":") && !SYSTEM_NETWORKS.contains(mode)) {
                members.computeIfAbsent(mode, k -> new TreeSet<>()).add(e.getKey());
            }
        }
        for (NetworkInfo n : networkInfo.values()) {
            Set<String> set = members.computeIfAbsent(n.name(), k -> new TreeSet<>());
            for (String containerId : n.containers().keySet()) {
                String node = nodeById(containerId);
                if (node != null) {
                    set.add(node);
                }
            }
        }
        return members;
    }

    private Node node(String name, ContainerInfo c, Map<String, Set<String>> membership) {
        List<String> networks = membership.entrySet().stream().filter(e -> e.getValue().contains(name))
                .map(Map.Entry::getKey).toList();
        Set<String> aliases = new LinkedHashSet<>();
        addAlias(aliases, name);
        addAlias(aliases, c.name());
        addAlias(aliases, c.composeService());
        addAlias(aliases, c.hostname());
        for (NetworkAttachment a : c.networks()) {
            a.aliases().forEach(x -> addAlias(aliases, x));
            a.dnsNames().forEach(x -> addAlias(aliases, x));
        }
        return new Node(name, shortId(c.id()), c.image(), c.state(), c.composeProject(), c.composeService(),
                c.exposedPorts(), c.publishedPorts(), networks, List.copyOf(aliases), displayMode(c.networkMode()));
    }

    private static void addAlias(Set<String> aliases, String alias) {
        if (alias != null && !alias.isBlank()) {
            aliases.add(alias.trim().toLowerCase(Locale.ROOT));
        }
    }

    private List<NetworkView> networks(Map<String, NetworkInfo> networkInfo, Map<String, Set<String>> membership) {
        List<NetworkView> out = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : membership.entrySet()) {
            NetworkInfo info = networkInfo.get(e.getKey());
            String id = info != null && info.id() != null ? shortId(info.id()) : attachmentNetworkId(e.getKey());
            String driver = info == null ? null : info.driver();
            boolean userDefined = !SYSTEM_NETWORKS.contains(e.getKey())
                    && (info == null || !info.ingress() && (driver == null || !SYSTEM_DRIVERS.contains(driver)));
            out.add(new NetworkView(e.getKey(), id, driver, info != null && info.internal(), userDefined,
                    List.copyOf(e.getValue())));
        }
        return out;
    }

    private String attachmentNetworkId(String network) {
        return infoByNode.values().stream().flatMap(c -> c.networks().stream())
                .filter(a -> a.network().equals(network) && a.networkId() != null)
                .map(a -> shortId(a.networkId())).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ edges

    private void networkModeEdge(String client, ContainerInfo c) {
        String mode = c.networkMode();
        if (mode == null) {
            return;
        }
        String target;
        String supplier;
        if (mode.startsWith("container:")) {
            target = mode.substring("container:".length());
            supplier = nodeById(target);
            if (supplier == null) {
                supplier = nodeByContainerName(target);
            }
        } else if (mode.startsWith("service:")) {
            // compose-file spelling; engines rewrite it to container:<id>, hand-written inventories may not
            target = mode.substring("service:".length());
            List<String> replicas = composeService(c.composeProject(), target, client);
            supplier = replicas.isEmpty() ? null : replicas.get(0);
        } else {
            return;
        }
        if (supplier == null) {
            unresolved.add(new Unresolved(client, EdgeKind.NETWORK_MODE, displayId(target), "not in the inventory"));
        } else if (!supplier.equals(client)) {
            addEdge(client, supplier, EdgeKind.NETWORK_MODE, null, "network_mode container:" + supplier);
        }
    }

    private void linkEdges(String client, ContainerInfo c) {
        List<String> links = new ArrayList<>(c.links());
        c.networks().forEach(a -> links.addAll(a.links()));
        for (String link : links) {
            // inspect writes "/db:/web/database"; compose and user-defined networks write "db:database" or "db"
            String[] parts = link.split(":", 2);
            String target = InventoryReader.stripSlash(parts[0].trim());
            String alias = parts.length > 1 ? parts[1].substring(parts[1].lastIndexOf('/') + 1).trim() : target;
            if (target.isEmpty()) {
                continue;
            }
            String server = nodeByContainerName(target);
            List<String> servers = server != null ? List.of(server) : resolveHost(client, target.toLowerCase(Locale.ROOT));
            if (servers.isEmpty()) {
                unresolved.add(new Unresolved(client, EdgeKind.LINK, redactor.redact(target), "not in the inventory or ambiguous"));
            }
            String evidence = "link " + target + (alias.isEmpty() || alias.equals(target) ? "" : " as " + alias);
            for (String s : servers) {
                addEdge(client, s, EdgeKind.LINK, nodes.get(s).singlePort(), evidence);
            }
        }
    }

    private void dependsOnEdges(String client, ContainerInfo c) {
        if (c.dependsOn() == null || c.dependsOn().isBlank()) {
            return;
        }
        // "svc:condition:restart,svc2:condition:restart" (compose v2.20+), older "svc:condition"
        for (String entry : c.dependsOn().split(",")) {
            String[] parts = entry.trim().split(":");
            String service = parts[0].trim();
            if (service.isEmpty()) {
                continue;
            }
            String condition = parts.length > 1 && !parts[1].isBlank() ? parts[1].trim() : null;
            List<String> servers = composeService(c.composeProject(), service, client);
            if (servers.isEmpty()) {
                // compose service names are DNS aliases too; this finds a target whose labels were stripped
                servers = resolveHost(client, service.toLowerCase(Locale.ROOT));
            }
            if (servers.isEmpty()) {
                unresolved.add(new Unresolved(client, EdgeKind.DEPENDS_ON, redactor.redact(service),
                        "compose service not in the inventory"));
            }
            String evidence = "compose depends_on " + service + (condition == null ? "" : " (" + condition + ")");
            for (String s : servers) {
                addEdge(client, s, EdgeKind.DEPENDS_ON, nodes.get(s).singlePort(), evidence);
            }
        }
    }

    private void envEdges(String client, ContainerInfo c) {
        for (EnvReferences.HostRef ref : EnvReferences.scan(c.env())) {
            for (String server : resolveHost(client, ref.host())) {
                Node target = nodes.get(server);
                PortSpec port = envPort(target, ref);
                String evidence = "env " + ref.variable() + " -> " + ref.host() + (port == null ? "" : ":" + port.port());
                addEdge(client, server, EdgeKind.ENV, port, evidence);
            }
        }
    }

    private static PortSpec envPort(Node target, EnvReferences.HostRef ref) {
        if (ref.port() != null) {
            return target.portFor(ref.port());
        }
        Integer known = EnvReferences.defaultPort(ref.scheme());
        if (known != null && target.exposes(known)) {
            return target.portFor(known);
        }
        return target.singlePort();
    }

    private void addEdge(String from, String to, EdgeKind kind, PortSpec port, String evidence) {
        if (from.equals(to)) {
            return;
        }
        String key = from + '\u0000' + to + '\u0000' + kind + '\u0000' + port;
        edges.computeIfAbsent(key, k -> new EdgeAccumulator(from, to, kind, port)).add(redactor.redact(evidence));
    }

    /** One edge seen through several variables or labels keeps a few of its evidences. */
    private static final class EdgeAccumulator {
        private final String from;
        private final String to;
        private final EdgeKind kind;
        private final PortSpec port;
        private final Set<String> evidence = new LinkedHashSet<>();

        EdgeAccumulator(String from, String to, EdgeKind kind, PortSpec port) {
            this.from = from;
            this.to = to;
            this.kind = kind;
            this.port = port;
        }

        void add(String text) {
            if (evidence.size() < MAX_EVIDENCE) {
                evidence.add(text);
            }
        }

        Edge edge() {
            return new Edge(from, to, kind, port, String.join("; ", evidence));
        }
    }

    // ------------------------------------------------------------------ resolution

    /**
     * The containers a host name reaches from {@code client}. Docker DNS is scoped by network, so among
     * several holders of a name those sharing a user-defined network with the client win, then those in the
     * client's compose project. Replicas of one compose service are all returned (DNS round-robins them);
     * anything still ambiguous resolves to nothing rather than to a guess.
     */
    private List<String> resolveHost(String client, String host) {
        List<String> candidates = new ArrayList<>(aliasIndex.getOrDefault(host, List.of()));
        candidates.remove(client);
        if (candidates.size() <= 1) {
            return candidates;
        }
        Node self = nodes.get(client);
        List<String> onSharedNetwork = candidates.stream().filter(n -> sharesUserNetwork(self, nodes.get(n))).toList();
        if (!onSharedNetwork.isEmpty()) {
            candidates = onSharedNetwork;
        }
        List<String> sameProject = candidates.stream()
                .filter(n -> self.composeProject() != null && self.composeProject().equals(nodes.get(n).composeProject()))
                .toList();
        if (!sameProject.isEmpty()) {
            candidates = sameProject;
        }
        Node first = nodes.get(candidates.get(0));
        boolean replicas = first.composeService() != null && candidates.stream().map(nodes::get).allMatch(
                n -> first.composeService().equals(n.composeService()) && Objects.equals(first.composeProject(), n.composeProject()));
        return candidates.size() == 1 || replicas ? candidates : List.of();
    }

    private static boolean sharesUserNetwork(Node a, Node b) {
        return a.networks().stream().anyMatch(n -> !SYSTEM_NETWORKS.contains(n) && b.networks().contains(n));
    }

    private List<String> composeService(String project, String service, String client) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ContainerInfo> e : infoByNode.entrySet()) {
            ContainerInfo c = e.getValue();
            if (!e.getKey().equals(client) && service.equals(c.composeService()) && Objects.equals(project, c.composeProject())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Full id or a unique id prefix (Docker accepts both in {@code container:<id>}). */
    private String nodeById(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        String found = null;
        for (Map.Entry<String, ContainerInfo> e : infoByNode.entrySet()) {
            String full = e.getValue().id();
            if (full == null) {
                continue;
            }
            if (full.equals(id)) {
                return e.getKey();
            }
            if (full.startsWith(id)) {
                if (found != null) {
                    return null;
                }
                found = e.getKey();
            }
        }
        return found;
    }

    private String nodeByContainerName(String name) {
        String plain = InventoryReader.stripSlash(name);
        for (Map.Entry<String, ContainerInfo> e : infoByNode.entrySet()) {
            if (plain.equals(e.getValue().name())) {
                return e.getKey();
            }
        }
        return infoByNode.containsKey(plain) ? plain : null;
    }

    // ------------------------------------------------------------------ ids

    static String shortId(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        String s = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
        return s.length() > 12 ? s.substring(0, 12) : s;
    }

    private static String displayId(String target) {
        return target.matches("[0-9a-f]{13,}") ? target.substring(0, 12) : target;
    }

    private static String displayMode(String mode) {
        if (mode != null && mode.startsWith("container:")) {
            return "container:" + displayId(mode.substring("container:".length()));
        }
        return mode;
    }
}
