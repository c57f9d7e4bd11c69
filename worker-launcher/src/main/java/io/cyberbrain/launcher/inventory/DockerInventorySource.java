package io.cyberbrain.launcher.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.launcher.execution.DockerExecutor;
import io.cyberbrain.launcher.execution.docker.DockerClients;
import io.cyberbrain.redaction.Redactor;

/**
 * The Docker host's containers and networks, straight from the Engine API: {@code GET /containers/{id}/json}
 * and {@code GET /networks} bodies parsed as they are (PascalCase: Id, Name, Config.Env, Config.Labels,
 * HostConfig.NetworkMode, NetworkSettings.Networks.*.Aliases, State.Status ...), so nothing the service map
 * reads is lost to a typed model. The product's own worker containers (label {@code io.cyberbrain.worker})
 * are left out. An engine that cannot be reached gives {@link Inventory#unavailable}, never an exception.
 *
 * <p>Inspect objects carry {@code Config.Env} as the engine returns it, secrets included: whatever stores or
 * shows them redacts them first.
 */
public class DockerInventorySource implements ContainerInventorySource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> ARRAY = new TypeReference<>() {
    };

    private final DockerHttpClient http;
    private final String host;

    /**
     * @param http the engine connection (e.g. {@link DockerClients.Connection#http()})
     * @param host where it points, for the unavailable reason
     */
    public DockerInventorySource(DockerHttpClient http, String host) {
        this.http = http;
        this.host = host;
    }

    public DockerInventorySource(DockerClients.Connection connection) {
        this(connection.http(), connection.host());
    }

    /** Connects lazily: nothing is contacted until {@link #collect}. */
    public static DockerInventorySource fromConfig(LauncherConfig.Docker config) {
        return new DockerInventorySource(DockerClients.connect(config));
    }

    @Override
    public Inventory collect(Set<String> containerIds) {
        try {
            Set<String> ids = containerIds != null ? new LinkedHashSet<>(containerIds) : listContainerIds();
            List<Map<String, Object>> containers = new ArrayList<>();
            for (String id : ids) {
                Map<String, Object> inspect = inspect(id);
                if (inspect != null && !isWorker(inspect)) {
                    containers.add(inspect);
                }
            }
            return new Inventory(List.copyOf(containers), networks(), null);
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
            return Inventory.unavailable(Redactor.standard().redact(
                    "the Docker engine at " + DockerClients.describe(host) + " could not be reached: " + message.strip()));
        }
    }

    @Override
    public ContainerLogs collectLogs(Set<String> containerIds, java.time.Instant since, int tailLines, java.nio.file.Path folder) {
        java.util.Map<String, String> files = new java.util.LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        try {
            java.nio.file.Files.createDirectories(folder);
            for (String id : containerIds) {
                Map<String, Object> inspect = inspect(id);
                if (inspect == null) {
                    problems.add("container " + id + " is not on this host");
                    continue;
                }
                String name = ContainerLogFiles.safeName(inspect, id);
                boolean tty = inspect.get("Config") instanceof Map<?, ?> config && Boolean.TRUE.equals(config.get("Tty"));
                String query = "stdout=1&stderr=1&timestamps=1"
                        + (since != null ? "&since=" + since.getEpochSecond() : "&tail=" + tailLines);
                java.nio.file.Path file = folder.resolve(name + ".log");
                try (DockerHttpClient.Response response = get("/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                        + "/logs?" + query)) {
                    if (response.getStatusCode() / 100 != 2) {
                        problems.add("logs of " + name + " answered " + response.getStatusCode());
                        continue;
                    }
                    try (InputStream body = response.getBody()) {
                        ContainerLogFiles.write(body, tty, file);
                    }
                }
                files.put(name, folder.getFileName() + "/" + file.getFileName());
            }
            return new ContainerLogs(files, problems, null);
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
            return ContainerLogs.unavailable(Redactor.standard().redact(
                    "the Docker engine at " + DockerClients.describe(host) + " could not be reached: " + message.strip()));
        }
    }

    /** {@code GET /version}: Podman's Docker API names itself among the components; anything else is Docker. */
    @Override
    public java.util.Optional<Engine> engine() {
        try (DockerHttpClient.Response response = get("/version")) {
            if (response.getStatusCode() / 100 != 2) {
                return java.util.Optional.empty();
            }
            try (InputStream body = response.getBody()) {
                Map<String, Object> version = JSON.readValue(body, OBJECT);
                boolean podman = version.get("Components") instanceof List<?> components && components.stream()
                        .anyMatch(c -> c instanceof Map<?, ?> m && String.valueOf(m.get("Name")).toLowerCase().contains("podman"));
                Object v = version.get("Version");
                return java.util.Optional.of(new Engine(podman ? "podman" : "docker", v == null ? null : String.valueOf(v)));
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private Set<String> listContainerIds() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        for (Map<String, Object> summary : getArray("/containers/json?all=1")) {
            Object id = summary.get("Id");
            if (id instanceof String s && !s.isEmpty()) {
                ids.add(s);
            }
        }
        return ids;
    }

    /** The inspect object, or null when the container is gone or cannot be inspected. */
    private Map<String, Object> inspect(String id) throws IOException {
        String path = "/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/json";
        try (DockerHttpClient.Response response = get(path)) {
            if (response.getStatusCode() / 100 != 2) {
                return null; // removed meanwhile, or an id from the allowlist that this host lacks
            }
            try (InputStream body = response.getBody()) {
                return JSON.readValue(body, OBJECT);
            }
        }
    }

    private List<Map<String, Object>> networks() throws IOException {
        return getArray("/networks");
    }

    private List<Map<String, Object>> getArray(String path) throws IOException {
        try (DockerHttpClient.Response response = get(path)) {
            if (response.getStatusCode() / 100 != 2) {
                throw new IOException("GET " + path + " answered " + response.getStatusCode());
            }
            try (InputStream body = response.getBody()) {
                List<Map<String, Object>> list = JSON.readValue(body, ARRAY);
                return list == null ? List.of() : list;
            }
        }
    }

    private DockerHttpClient.Response get(String path) {
        return http.execute(DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path).build());
    }

    private static boolean isWorker(Map<String, Object> inspect) {
        return inspect.get("Config") instanceof Map<?, ?> config
                && config.get("Labels") instanceof Map<?, ?> labels
                && labels.containsKey(DockerExecutor.LABEL_WORKER);
    }
}
