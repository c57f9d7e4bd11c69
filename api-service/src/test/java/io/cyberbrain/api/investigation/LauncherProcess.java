package io.cyberbrain.api.investigation;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.cyberbrain.embeddeddb.ServiceProcesses;

/**
 * The packaged worker-launcher (built before this module, see api-service/pom.xml) run as a child process against the
 * test application's database and logs folder, with the process executor: investigations' runs are real runs.
 */
final class LauncherProcess implements AutoCloseable {

    static final Path LOGS = Path.of("target/test-data/logs").toAbsolutePath();
    static final Path LOG_FILE = Path.of("target/investigation-launcher.log").toAbsolutePath();

    private final Process process;

    private LauncherProcess(Process process) {
        this.process = process;
    }

    /** Starts the launcher on the database the running test application uses, and waits until it is ready. */
    static LauncherProcess start() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path jar = root.resolve("worker-launcher/target/quarkus-app/quarkus-run.jar");
        Path worker = root.resolve("worker/target/worker");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(worker)) {
            throw new IllegalStateException("package worker-launcher (and worker) first: " + jar + " is missing");
        }
        var config = ConfigProvider.getConfig();
        URI db = URI.create(config.getValue("quarkus.datasource.jdbc.url", String.class).substring("jdbc:".length()));
        int port = ServiceProcesses.freePort();
        Files.createDirectories(LOGS);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString());
        Map<String, String> env = pb.environment();
        env.put("POSTGRES_HOST", db.getHost());
        env.put("POSTGRES_PORT", Integer.toString(db.getPort()));
        env.put("POSTGRES_DB", db.getPath().substring(1));
        env.put("POSTGRES_USER", config.getValue("quarkus.datasource.username", String.class));
        env.put("POSTGRES_PASSWORD", config.getOptionalValue("quarkus.datasource.password", String.class).orElse("trust"));
        env.put("CYBERBRAIN_BIND", "127.0.0.1");
        env.put("CYBERBRAIN_LAUNCHER_PORT", Integer.toString(port));
        env.put("CYBERBRAIN_LAUNCHER_INSTANCE_ID", "investigation-test-launcher");
        env.put("CYBERBRAIN_LAUNCHER_POLL_INTERVAL", "1s");
        env.put("CYBERBRAIN_LAUNCHER_CONCURRENCY", "2");
        env.put("CYBER_BRAIN_LOGS", LOGS.toString());
        env.put("CYBER_BRAIN_UPLOADS", LOGS.resolveSibling("uploads").toString());
        env.put("CYBERBRAIN_WORKER_CLASSPATH", worker + "/*:" + worker.resolve("lib") + "/*");
        env.put("CYBERBRAIN_NOTIFICATIONS_POLL_INTERVAL", "1s");
        env.put("CYBERBRAIN_NOTIFICATIONS_ALLOWED_CIDRS", "127.0.0.1/32");
        env.remove("DOCKER_HOST");
        Process p = pb.redirectErrorStream(true).redirectOutput(LOG_FILE.toFile()).start();
        LauncherProcess launcher = new LauncherProcess(p);
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the launcher exited; see " + LOG_FILE);
                }
                return ServiceProcesses.ready(port);
            });
        } catch (RuntimeException e) {
            launcher.close();
            throw e;
        }
        return launcher;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
