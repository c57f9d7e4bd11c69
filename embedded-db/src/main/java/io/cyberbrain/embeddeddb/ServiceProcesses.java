package io.cyberbrain.embeddeddb;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Test support for the process-level tests that start packaged services (quarkus-run.jar) against an
 * {@link EmbeddedPostgresServer}: a free port, the readiness probe, and one value read with plain JDBC.
 */
public final class ServiceProcesses {

    private ServiceProcesses() {
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
