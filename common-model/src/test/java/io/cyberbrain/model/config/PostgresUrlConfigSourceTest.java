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
    void verifyFullKeepsTheCaForJdbcAndGivesItToTheReactiveClientAsItsTrustAndHostnameCheck() {
        Map<String, String> p = PostgresUrlConfigSource.parse(
                "postgresql://db.lan:5432/brain?sslmode=verify-full&sslrootcert=%2Frun%2Fcb%2Fca.crt&application_name=wl");

        assertEquals("jdbc:postgresql://db.lan:5432/brain?sslmode=verify-full&sslrootcert=%2Frun%2Fcb%2Fca.crt&application_name=wl",
                p.get("quarkus.datasource.jdbc.url"));
        assertEquals("postgresql://db.lan:5432/brain?sslmode=verify-full&application_name=wl",
                p.get("quarkus.datasource.reactive.url"), "the reactive client would send sslrootcert to the server");
        assertEquals("true", p.get("quarkus.datasource.reactive.trust-certificate-pem"));
        assertEquals("/run/cb/ca.crt", p.get("quarkus.datasource.reactive.trust-certificate-pem.certs"));
        assertEquals("HTTPS", p.get("quarkus.datasource.reactive.hostname-verification-algorithm"));
    }

    @Test
    void verifyCaTrustsTheCaWithoutAHostnameCheckAndRequireNeedsNoCa() {
        Map<String, String> verifyCa = PostgresUrlConfigSource.parse("postgresql://h/db?sslmode=verify-ca&sslrootcert=/ca.pem");
        Map<String, String> require = PostgresUrlConfigSource.parse("postgresql://h/db?sslmode=require");

        assertEquals("/ca.pem", verifyCa.get("quarkus.datasource.reactive.trust-certificate-pem.certs"));
        assertEquals("postgresql://h:5432/db?sslmode=verify-ca", verifyCa.get("quarkus.datasource.reactive.url"));
        assertTrue(!verifyCa.containsKey("quarkus.datasource.reactive.hostname-verification-algorithm"));
        assertEquals("postgresql://h:5432/db?sslmode=require", require.get("quarkus.datasource.reactive.url"));
        assertTrue(!require.containsKey("quarkus.datasource.reactive.trust-certificate-pem"));
    }

    @Test
    void verifyingWithoutACaIsRefusedWithWhatIsMissing() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> PostgresUrlConfigSource.parse("postgresql://h/db?sslmode=verify-full"));
        assertTrue(e.getMessage().contains("POSTGRES_URL") && e.getMessage().contains("sslrootcert"), e.getMessage());
    }

    @Test
    void unsetMeansNoProperties() {
        assertTrue(new PostgresUrlConfigSource(null).getPropertyNames().isEmpty());
        assertEquals(275, new PostgresUrlConfigSource("").getOrdinal());
    }
}
