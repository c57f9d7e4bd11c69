package io.cyberbrain.worker.task.servicemap;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns Docker API JSON into an {@link Inventory}. Accepts a single object, a {@code docker inspect} array
 * (also nested), a JSON string of either, and both the inspect shape ({@code GET /containers/{id}/json})
 * and the list shape ({@code GET /containers/json}) of containers. Every field is optional: objects from
 * old engines, stopped containers and partial test data must never make the task fail.
 */
public final class InventoryReader {

    /** What an API object is; decided by its fields because callers mix shapes. */
    public enum Shape { CONTAINER, NETWORK, OTHER }

    static final String COMPOSE_PROJECT = "com.docker.compose.project";
    static final String COMPOSE_SERVICE = "com.docker.compose.service";
    static final String COMPOSE_DEPENDS_ON = "com.docker.compose.depends_on";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private InventoryReader() {
    }

    /** Reads the launcher's {@code inputs.containers} and {@code inputs.networks} (either may be null). */
    public static Inventory read(Object containersInput, Object networksInput) {
        List<ContainerInfo> containers = new ArrayList<>();
        List<NetworkInfo> networks = new ArrayList<>();
        // Objects are classified by shape, not by which input they came in, so a network that slipped into
        // the container list is still a network and not a phantom container.
        for (JsonNode o : objects(tree(containersInput))) {
            collect(o, containers, networks);
        }
        for (JsonNode o : objects(tree(networksInput))) {
            collect(o, containers, networks);
        }
        return new Inventory(containers, networks);
    }

    /** Reads any Docker API JSON document (inspect, list, networks, or unrelated shapes, which are skipped). */
    public static Inventory readDocument(JsonNode document) {
        List<ContainerInfo> containers = new ArrayList<>();
        List<NetworkInfo> networks = new ArrayList<>();
        for (JsonNode o : objects(document)) {
            collect(o, containers, networks);
        }
        return new Inventory(containers, networks);
    }

    private static void collect(JsonNode o, List<ContainerInfo> containers, List<NetworkInfo> networks) {
        switch (classify(o)) {
            case CONTAINER -> containers.add(container(o));
            case NETWORK -> networks.add(network(o));
            default -> {
                // swarm nodes/services/tasks, images: not part of a container graph
            }
        }
    }

    public static Shape classify(JsonNode o) {
        if (o == null || !o.isObject()) {
            return Shape.OTHER;
        }
        // swarm objects carry Spec; image inspect carries RepoTags/RootFS next to a Config
        if (o.has("Spec") || o.has("RepoTags") || o.has("RootFS")) {
            return Shape.OTHER;
        }
        if (o.has("Config") || o.has("Names") || o.has("NetworkSettings") || o.has("HostConfig")
                || o.has("State") && o.has("Id")) {
            return Shape.CONTAINER;
        }
        if (o.has("Name") && (o.has("Driver") || o.has("IPAM") || o.has("Scope") || o.has("Containers"))) {
            return Shape.NETWORK;
        }
        return Shape.OTHER;
    }

    /** Flattens arrays (any depth) into their objects; a lone object is a list of one. */
    static List<JsonNode> objects(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        flatten(node, out, 0);
        return out;
    }

    private static void flatten(JsonNode node, List<JsonNode> out, int depth) {
        if (node == null || depth > 4) {
            return;
        }
        if (node.isObject()) {
            out.add(node);
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                flatten(child, out, depth + 1);
            }
        }
    }

    static JsonNode tree(Object input) {
        if (input == null) {
            return null;
        }
        if (input instanceof JsonNode node) {
            return node;
        }
        if (input instanceof String s) {
            try {
                return MAPPER.readTree(s);
            } catch (Exception e) {
                return null;
            }
        }
        try {
            return MAPPER.valueToTree(input);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static ContainerInfo container(JsonNode o) {
        JsonNode config = o.path("Config");
        JsonNode hostConfig = o.path("HostConfig");
        JsonNode settings = o.path("NetworkSettings");
        JsonNode labels = config.path("Labels").isObject() ? config.path("Labels") : o.path("Labels");

        List<NetworkAttachment> attachments = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : fields(settings.path("Networks"))) {
            JsonNode n = e.getValue();
            attachments.add(new NetworkAttachment(e.getKey(), text(n.path("NetworkID")), strings(n.path("Aliases")),
                    strings(n.path("DNSNames")), strings(n.path("Links"))));
        }

        List<String> links = new ArrayList<>(strings(hostConfig.path("Links")));
        return new ContainerInfo(
                text(o.path("Id")),
                name(o),
                image(o, config),
                state(o.path("State")),
                text(labels.path(COMPOSE_PROJECT)),
                text(labels.path(COMPOSE_SERVICE)),
                text(config.path("Hostname")),
                exposedPorts(o, config, hostConfig, settings),
                publishedPorts(o, hostConfig, settings),
                attachments,
                text(hostConfig.path("NetworkMode")),
                links,
                labels.path(COMPOSE_DEPENDS_ON).isValueNode() ? labels.path(COMPOSE_DEPENDS_ON).asText() : null,
                env(config.path("Env")));
    }

    private static String name(JsonNode o) {
        String name = text(o.path("Name"));
        if (name == null) {
            // list shape: Names also holds legacy link names such as /web/db; the real name has no inner slash
            List<String> names = strings(o.path("Names"));
            for (String n : names) {
                if (stripSlash(n).indexOf('/') < 0) {
                    name = n;
                    break;
                }
            }
            if (name == null && !names.isEmpty()) {
                name = names.get(0);
            }
        }
        return name == null ? null : stripSlash(name);
    }

    static String stripSlash(String s) {
        return s.startsWith("/") ? s.substring(1) : s;
    }

    private static String image(JsonNode o, JsonNode config) {
        String image = text(config.path("Image"));
        if (image == null) {
            // inspect's top-level Image is the sha256 image id; the list shape puts the name there
            String top = text(o.path("Image"));
            if (top != null && !top.startsWith("sha256:")) {
                image = top;
            }
        }
        return image;
    }

    private static String state(JsonNode state) {
        if (state.isObject()) {
            return text(state.path("Status"));
        }
        return text(state);
    }

    private static List<PortSpec> exposedPorts(JsonNode o, JsonNode config, JsonNode hostConfig, JsonNode settings) {
        Set<PortSpec> ports = new LinkedHashSet<>();
        for (JsonNode source : List.of(config.path("ExposedPorts"), settings.path("Ports"), hostConfig.path("PortBindings"))) {
            Iterator<String> names = source.isObject() ? source.fieldNames() : List.<String>of().iterator();
            names.forEachRemaining(k -> PortSpec.parse(k).ifPresent(ports::add));
        }
        if (o.path("Ports").isArray()) {
            for (JsonNode p : o.path("Ports")) {
                Integer port = PortSpec.validPort(text(p.path("PrivatePort")));
                if (port != null) {
                    ports.add(new PortSpec(port, text(p.path("Type"))));
                }
            }
        }
        return ports.stream().sorted().toList();
    }

    private static List<PublishedPort> publishedPorts(JsonNode o, JsonNode hostConfig, JsonNode settings) {
        Set<PublishedPort> published = new LinkedHashSet<>();
        addBindings(settings.path("Ports"), published);
        if (published.isEmpty()) {
            // a stopped container has no live bindings; its configured ones still describe the service
            addBindings(hostConfig.path("PortBindings"), published);
        }
        if (o.path("Ports").isArray()) {
            for (JsonNode p : o.path("Ports")) {
                Integer host = PortSpec.validPort(text(p.path("PublicPort")));
                Integer container = PortSpec.validPort(text(p.path("PrivatePort")));
                if (host != null && container != null) {
                    published.add(new PublishedPort(host, container, new PortSpec(container, text(p.path("Type"))).protocol()));
                }
            }
        }
        return List.copyOf(published);
    }

    private static void addBindings(JsonNode map, Set<PublishedPort> out) {
        for (Map.Entry<String, JsonNode> e : fields(map)) {
            PortSpec containerPort = PortSpec.parse(e.getKey()).orElse(null);
            if (containerPort == null || !e.getValue().isArray()) {
                continue;
            }
            for (JsonNode binding : e.getValue()) {
                Integer host = PortSpec.validPort(text(binding.path("HostPort")));
                if (host != null) {
                    out.add(new PublishedPort(host, containerPort.port(), containerPort.protocol()));
                }
            }
        }
    }

    private static List<EnvVar> env(JsonNode env) {
        List<EnvVar> out = new ArrayList<>();
        if (env.isArray()) {
            for (JsonNode entry : env) {
                if (!entry.isTextual()) {
                    continue;
                }
                String s = entry.asText();
                int eq = s.indexOf('=');
                out.add(eq < 0 ? new EnvVar(s, "") : new EnvVar(s.substring(0, eq), s.substring(eq + 1)));
            }
        } else if (env.isObject()) {
            // not Docker's shape, but a hand-written inventory may use a map
            for (Map.Entry<String, JsonNode> e : fields(env)) {
                out.add(new EnvVar(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : ""));
            }
        }
        return out;
    }

    static NetworkInfo network(JsonNode o) {
        Map<String, String> containers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : fields(o.path("Containers"))) {
            String name = text(e.getValue().path("Name"));
            containers.put(e.getKey(), name == null ? "" : stripSlash(name));
        }
        String name = text(o.path("Name"));
        return new NetworkInfo(name == null ? "" : name, text(o.path("Id")), text(o.path("Driver")),
                o.path("Internal").asBoolean(false), o.path("Ingress").asBoolean(false), containers);
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (node != null && node.isObject()) {
            out.addAll(node.properties());
        }
        return out;
    }

    /** Text of a scalar, or null for missing, null, empty or non-scalar nodes. */
    static String text(JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            return null;
        }
        String s = node.asText();
        return s.isBlank() ? null : s;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode n : node) {
                String s = text(n);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}
