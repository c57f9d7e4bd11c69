package io.cyberbrain.embeddeddb;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test support for the process-level tests that start packaged services (quarkus-run.jar) against an
 * {@link EmbeddedPostgresServer}: a free port, the readiness probe, and one value read with plain JDBC.
 */
public final class ServiceProcesses {

    private ServiceProcesses() {
    }

    /**
     * {@code java -Xmx<heap> <jvmOptions> -jar target/quarkus-app/quarkus-run.jar} of the module the test runs in,
     * bound to 127.0.0.1, pointed at {@code database} of {@code db}, with {@code CYBER_BRAIN_LOGS} and
     * {@code CYBER_BRAIN_UPLOADS} under {@code work} and its output in {@code work/<name>.log}; the caller adds the port
     * and its own settings.
     */
    public static ProcessBuilder packagedService(String name, Path work, String heap, EmbeddedPostgresServer db,
                                                 String database, String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.addAll(List.of(jvmOptions));
        command.add("-jar");
        command.add(Path.of("").toAbsolutePath().resolve("target/quarkus-app/quarkus-run.jar").toString());
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("POSTGRES_HOST", "127.0.0.1");
        env.put("POSTGRES_PORT", Integer.toString(db.port()));
        env.put("POSTGRES_DB", database);
        env.put("POSTGRES_USER", EmbeddedPostgresServer.SUPERUSER);
        env.put("POSTGRES_PASSWORD", "trust");
        env.put("CYBERBRAIN_BIND", "127.0.0.1");
        env.put("CYBER_BRAIN_LOGS", work.resolve("logs").toString());
        env.put("CYBER_BRAIN_UPLOADS", work.resolve("uploads").toString());
        return pb.redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile());
    }

    /** A port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Whether the service on {@code port} of this host answers its readiness probe with 200. */
    public static boolean ready(int port) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/q/health/ready")
                    .toURL().openConnection();
            http.setConnectTimeout(500);
            http.setReadTimeout(2000);
            return http.getResponseCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The first column of the first row of {@code sql} as text (null when there is no row), as the superuser. */
    public static String value(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, EmbeddedPostgresServer.SUPERUSER, "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
