package io.cyberbrain.launcher.execution;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.transport.DockerHttpClient;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.launcher.execution.docker.DockerClients;
import io.cyberbrain.worker.JobSpec;
import io.cyberbrain.worker.WorkerJson;
import io.cyberbrain.worker.WorkerMain;

/**
 * The real engine for container tests: {@code DOCKER_HOST}, else podman's or Docker's local socket, with the
 * worker image {@value #IMAGE} (deploy/worker-image/build.sh). Missing either skips the test, unless
 * {@code CYBERBRAIN_REQUIRE_DOCKER=true} (CI), which fails it.
 */
public final class TestEngine {

    public static final String IMAGE = "cyberbrain/worker:dev";
    public static final String PODMAN_SOCKET = "/run/podman/podman.sock";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DockerClients.Connection connection;
    private static String problem;
    private static boolean probed;

    private TestEngine() {
    }

    /** The engine, or the test is skipped (failed when CYBERBRAIN_REQUIRE_DOCKER=true). */
    public static synchronized DockerClients.Connection require() {
        if (!probed) {
            probed = true;
            probe();
        }
        if (problem != null) {
            if ("true".equalsIgnoreCase(System.getenv("CYBERBRAIN_REQUIRE_DOCKER"))) {
                fail("CYBERBRAIN_REQUIRE_DOCKER=true but " + problem);
            }
            Assumptions.assumeTrue(false, problem);
        }
        return connection;
    }

    private static void probe() {
        String host = System.getenv("DOCKER_HOST");
        if (host == null || host.isBlank()) {
            host = Files.exists(Path.of(PODMAN_SOCKET)) ? "unix://" + PODMAN_SOCKET
                    : Files.exists(Path.of("/var/run/docker.sock")) ? DockerClients.DEFAULT_HOST : null;
        }
        if (host == null) {
            problem = "no Docker engine: DOCKER_HOST is not set and there is no " + PODMAN_SOCKET
                    + " (start one with deploy/podman/start-podman-api.sh)";
            return;
        }
        DockerClients.Connection candidate = DockerClients.connect(host);
        try {
            candidate.client().pingCmd().exec();
        } catch (RuntimeException e) {
            problem = "the Docker engine at " + host + " does not answer: " + e.getMessage();
            return;
        }
        try {
            candidate.client().inspectImageCmd(IMAGE).exec();
        } catch (NotFoundException e) {
            problem = "the image " + IMAGE + " is missing on " + host + " (build it with deploy/worker-image/build.sh)";
            return;
        }
        connection = candidate;
    }

    public static LauncherConfig.Docker config() {
        return config(IMAGE);
    }

    public static LauncherConfig.Docker config(String image) {
        return new DockerConfig(image, "none", 512, 1.0, 256, 64, "65534:65534");
    }

    public record DockerConfig(String image, String network, long memoryMb, double cpus, long pidsLimit, int tmpfsMb,
                               String user) implements LauncherConfig.Docker {
        @Override
        public Optional<String> host() {
            return Optional.empty();
        }
    }

    /** A job id no other user of a shared engine will have. */
    public static long uniqueJobId() {
        return ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
    }

    public static Path jobDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    public static void writeJob(Path jobDir, long runId, long jobId, String taskKey) throws IOException {
        WorkerJson.MAPPER.writeValue(jobDir.resolve(WorkerMain.JOB_FILE).toFile(), job(runId, jobId, taskKey));
    }

    public static JobSpec job(long runId, long jobId, String taskKey) {
        return new JobSpec(JobSpec.CURRENT_VERSION, runId, jobId, taskKey, Map.of(), Map.of(), null, null, Map.of());
    }

    /**
     * job.json as a named pipe: the worker blocks opening it until {@link #feed} writes the job, so a test can
     * look at a running worker without racing it.
     */
    public static Path fifoJob(Path jobDir) throws IOException, InterruptedException {
        Path fifo = jobDir.resolve(WorkerMain.JOB_FILE);
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "0644", fifo.toString()).inheritIO().start();
        if (mkfifo.waitFor() != 0) {
            throw new IOException("mkfifo failed");
        }
        return fifo;
    }

    /** Writes the job into the pipe on a daemon thread (opening a pipe for writing waits for its reader). */
    public static CompletableFuture<Void> feed(Path fifo, JobSpec job) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            try {
                Files.write(fifo, WorkerJson.MAPPER.writeValueAsBytes(job));
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "fifo-feeder");
        writer.setDaemon(true);
        writer.start();
        return done;
    }

    /** The workers of a job id, in any state. */
    public static List<Container> containersOfJob(long jobId) {
        return require().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerExecutor.LABEL_JOB, Long.toString(jobId))).exec();
    }

    /** Waits until the job's worker container is running; returns its id. */
    public static String awaitRunning(long jobId, Duration limit) throws InterruptedException {
        return org.awaitility.Awaitility.await("a running container for job " + jobId).atMost(limit)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> containersOfJob(jobId).stream().filter(c -> "running".equalsIgnoreCase(c.getState()))
                        .map(Container::getId).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    /** {@code GET /containers/{id}/json} as the engine returns it. */
    public static Map<String, Object> inspectRaw(String id) throws IOException {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + id + "/json").build();
        try (DockerHttpClient.Response response = require().http().execute(request); InputStream body = response.getBody()) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            if (response.getStatusCode() != 200) {
                throw new IOException("inspect " + id + ": " + response.getStatusCode() + " " + text);
            }
            return JSON.readValue(text, new TypeReference<>() {
            });
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
