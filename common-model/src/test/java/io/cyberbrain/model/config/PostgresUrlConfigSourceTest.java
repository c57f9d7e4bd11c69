package io.cyberbrain.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PostgresUrlConfigSourceTest {

    @Test
    void oneUrlConfiguresBothDatasourcesAndCredentials() {
        Map<String, String> p = PostgresUrlConfigSource.parse("postgresql://cb:s%40cret@db.lan:6543/brain?sslmode=require");
        assertEquals("jdbc:postgresql://db.lan:6543/brain?sslmode=require", p.get("quarkus.datasource.jdbc.url"));
        assertEquals("postgresql://db.lan:6543/brain?sslmode=require", p.get("quarkus.datasource.reactive.url"));
        assertEquals("cb", p.get("quarkus.datasource.username"));
        assertEquals("s@cret", p.get("quarkus.datasource.password"));
    }

    @Test
    void jdbcAndShortSchemesAndDefaultsAreAccepted() {
        assertEquals("postgresql://h:5432/cyberbrain",
                PostgresUrlConfigSource.parse("postgres://h").get("quarkus.datasource.reactive.url"));
        assertEquals("jdbc:postgresql://h:5432/x",
                PostgresUrlConfigSource.parse("jdbc:postgresql://h/x").get("quarkus.datasource.jdbc.url"));
    }

    @Test
    void otherSchemesAreRejectedWithTheVariableName() {
        var e = assertThrows(IllegalArgumentException.class, () -> PostgresUrlConfigSource.parse("mysql://h/x"));
        assertTrue(e.getMessage().contains("POSTGRES_URL"));
    }

    @Test
    void unsetMeansNoProperties() {
        assertTrue(new PostgresUrlConfigSource(null).getPropertyNames().isEmpty());
        assertEquals(275, new PostgresUrlConfigSource("").getOrdinal());
    }
}
