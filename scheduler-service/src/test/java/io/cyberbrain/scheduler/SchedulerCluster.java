package io.cyberbrain.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cyberbrain.embeddeddb.EmbeddedPostgresServer;
import io.cyberbrain.embeddeddb.ServiceProcesses;

/**
 * Several packaged scheduler-service processes on one embedded PostgreSQL: what a deployment with more than one
 * scheduler looks like. Used by the exactly-once test and the benchmark.
 */
public final class SchedulerCluster implements AutoCloseable {

    private final Path work;
    private final EmbeddedPostgresServer db;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    private SchedulerCluster(Path work, EmbeddedPostgresServer db) {
        this.work = work;
        this.db = db;
    }

    /** A fresh database that does not wait for the disk (tests); no scheduler yet. */
    public static SchedulerCluster create(String prefix) throws IOException, SQLException {
        return create(prefix, false);
    }

    /** A fresh database; {@code durable} keeps PostgreSQL's defaults (fsync, synchronous commit), as in production. */
    public static SchedulerCluster create(String prefix, boolean durable) throws IOException, SQLException {
        Path work = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        EmbeddedPostgresServer db = EmbeddedPostgresServer.start(work.resolve("db"), 0, work.resolve("postgres.log"), durable);
        db.createDatabase("cyberbrain");
        return new SchedulerCluster(work, db);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl("cyberbrain"), EmbeddedPostgresServer.SUPERUSER, "");
    }

    public String jdbcUrl() {
        return db.jdbcUrl("cyberbrain");
    }

    /** Another database on the same server (the benchmark's reference scheduler uses its own). */
    public String createDatabase(String name) throws SQLException {
        db.createDatabase(name);
        return db.jdbcUrl(name);
    }

    /** Starts any main class of the test classpath as a separate JVM, e.g. a reference scheduler node. */
    public Process startJava(String name, String mainClass, String... args) throws IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile()).start();
        processes.put(name, p);
        return p;
    }

    public Path work() {
        return work;
    }

    /** Starts a scheduler process (the packaged application of this module) named {@code name}. */
    public void start(String name, String... jvmOptions) throws IOException {
        int port = ServiceProcesses.freePort();
        ProcessBuilder pb = ServiceProcesses.packagedService(name, work, "256m", db, "cyberbrain", jvmOptions);
        Map<String, String> env = pb.environment();
        env.put("CYBERBRAIN_SCHEDULER_PORT", Integer.toString(port));
        processes.put(name, pb.start());
        ports.put(name, port);
    }

    /** Waits until every started process answers ready (database reachable, schema migrated). */
    public void awaitReady(Duration timeout) {
        org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (Map.Entry<String, Process> p : processes.entrySet()) {
                if (ports.containsKey(p.getKey()) && !p.getValue().isAlive()) {
                    throw new IllegalStateException(p.getKey() + " exited with " + p.getValue().exitValue() + "; log in " + work);
                }
            }
            return ports.keySet().stream().allMatch(this::ready);
        });
    }

    /** SIGKILL: no shutdown hook, no rollback by the process itself; Postgres sees the connections drop. */
    public void kill(String name) throws InterruptedException {
        processes.get(name).destroyForcibly().waitFor();
    }

    /** SIGTERM: shutdown hooks run. */
    public void stop(String name) throws InterruptedException {
        processes.get(name).destroy();
        processes.get(name).waitFor();
    }

    public boolean isAlive(String name) {
        return processes.get(name).isAlive();
    }

    private boolean ready(String name) {
        return ServiceProcesses.ready(ports.get(name));
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroyForcibly);
        for (Process p : processes.values()) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        db.close();
    }
}
