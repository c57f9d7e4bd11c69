package io.cyberbrain.embeddeddb;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;

/**
 * What every service proves on its own: it migrates the schema at start (and Hibernate validated its
 * entities, or it would not have started), is ready only with its database, and serves Prometheus
 * metrics. A service's {@code @QuarkusTest} extends this.
 */
public abstract class ServiceBootContract {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void migratesTheSchemaAtStart() throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "select count(*), max(cast(version as int)), bool_and(success) from flyway_schema_history"
                             + " where version is not null")) {
            rs.next();
            // Every migration applied, in one unbroken sequence from V1, and at least the ones this contract knows.
            assertEquals(rs.getInt(2), rs.getInt(1), "versions 1..n, none missing");
            assertEquals(true, rs.getBoolean(3), "every migration succeeded");
            assertEquals(true, rs.getInt(1) >= expectedMigrations(), "at least " + expectedMigrations() + " migrations");
        }
    }

    @Test
    void isReadyWithItsDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check"));
    }

    @Test
    void exposesPrometheusMetrics() {
        String metrics = PrometheusScrape.scrape();
        assertEquals(true, metrics.contains("jvm_memory_used_bytes"), "JVM metrics");
        for (String name : expectedMetrics()) {
            assertEquals(true, metrics.contains("\n" + name + "{") || metrics.contains("\n" + name + " "),
                    name + " is exposed from the start (docs/operations.md lists it)");
        }
    }

    /** The service's own metrics (Prometheus names) that exist before their first event. */
    protected java.util.List<String> expectedMetrics() {
        return java.util.List.of();
    }

    /** The versioned migrations common-model had when this contract was last touched; later ones add to it. */
    protected int expectedMigrations() {
        return 3;
    }
}
