package io.cyberbrain.embeddeddb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerTest {

    private static String setting(EmbeddedPostgresServer server, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), EmbeddedPostgresServer.SUPERUSER, "");
             ResultSet rs = c.createStatement().executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Path workDir() throws Exception {
        // Under target/, not the system temp folder: the server may run as another user, who must reach it.
        Path dir = Path.of("target", "embedded-db-test-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    @Test
    void theProductsDatabaseWaitsForTheDiskAndTheTestOneDoesNot() throws Exception {
        Path durableDir = workDir();
        try (EmbeddedPostgresServer durable = EmbeddedPostgresServer.start(durableDir.resolve("db"), 0,
                durableDir.resolve("postgres.log"), true)) {
            assertEquals("on", setting(durable, "fsync"));
            assertEquals("on", setting(durable, "synchronous_commit"));
        }
        Path fastDir = workDir();
        try (EmbeddedPostgresServer fast = EmbeddedPostgresServer.start(fastDir.resolve("db"), 0, fastDir.resolve("postgres.log"))) {
            assertEquals("off", setting(fast, "fsync"));
            assertEquals("off", setting(fast, "synchronous_commit"));
        }
    }
}
