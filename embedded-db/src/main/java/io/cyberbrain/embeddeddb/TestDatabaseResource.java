package io.cyberbrain.embeddeddb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives each test application a database of its own: a fresh database on the server named by
 * {@code CYBERBRAIN_TEST_DB_URL} (a JDBC URL to a maintenance database, user {@code CYBERBRAIN_TEST_DB_USER},
 * default {@code postgres}), or, when that is unset, a fresh embedded PostgreSQL.
 */
public class TestDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgresServer embedded;
    private Path embeddedDir;
    private String adminUrl;
    private String user;
    private String password;
    private String database;

    @Override
    public Map<String, String> start() {
        database = "cyberbrain_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            String external = System.getenv("CYBERBRAIN_TEST_DB_URL");
            if (external != null && !external.isBlank()) {
                adminUrl = external;
                user = envOr("CYBERBRAIN_TEST_DB_USER", "postgres");
                password = envOr("CYBERBRAIN_TEST_DB_PASSWORD", "");
                try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                     Statement s = c.createStatement()) {
                    s.execute("create database " + database);
                }
            } else {
                embeddedDir = Files.createTempDirectory("cyberbrain-test-pg-");
                // PostgreSQL may run as nobody (when tests run as root) and must reach its data folder.
                Files.setPosixFilePermissions(embeddedDir, PosixFilePermissions.fromString("rwxr-xr-x"));
                embedded = EmbeddedPostgresServer.start(embeddedDir.resolve("data"), 0, embeddedDir.resolve("postgres.log"));
                embedded.createDatabase(database);
                adminUrl = embedded.jdbcUrl("postgres");
                user = EmbeddedPostgresServer.SUPERUSER;
                password = "";
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not provide a test database", e);
        }
        String jdbcUrl = replaceDatabase(adminUrl, database);
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.reactive.url", jdbcUrl.substring("jdbc:".length()),
                "quarkus.datasource.username", user,
                // Quarkus treats an empty password as missing; trust auth ignores whatever is sent.
                "quarkus.datasource.password", password.isEmpty() ? "trust" : password);
    }

    @Override
    public void stop() {
        if (embedded != null) {
            embedded.close();
            EmbeddedPostgresServer.deleteTree(embeddedDir);
            return;
        }
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
        } catch (Exception e) {
            // a leftover test database is harmless and named so it can be found
        }
    }

    static String replaceDatabase(String jdbcUrl, String database) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
