package io.cyberbrain.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.cyberbrain.api.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

@QuarkusTest
class UiSessionStoreTest {

    @Inject
    UiSessionStore sessions;
    @Inject
    UiSessionPurge purge;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    String dbPassword;

    private long tokenId(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword); Statement s = c.createStatement();
             var rs = s.executeQuery("select id from api_token where name = '" + name + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void expire(String cookie) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword); Statement s = c.createStatement()) {
            s.executeUpdate("update ui_session set expires_at = now() - interval '1 minute' where id_hash = '"
                    + TokenSecrets.hash(cookie) + "'");
        }
    }

    @Test
    void aSessionIsFoundUntilItExpiresAndExpiredOnesArePurged() throws Throwable {
        String name = "session-store-" + System.nanoTime();
        Tokens.create("operator", name);
        long id = tokenId(name);
        UiSessionStore.Opened opened = VertxContextSupport.subscribeAndAwait(() -> sessions.open(id));
        assertTrue(opened.expiresAt().isAfter(java.time.Instant.now().plus(Duration.ofHours(11))), "12 h by default");
        UiSessionStore.Session found = VertxContextSupport.subscribeAndAwait(() -> sessions.find(opened.cookieValue()));
        assertNotNull(found);
        assertEquals(name, found.tokenName());
        assertEquals(opened.csrfToken(), found.csrfToken());
        assertNull(VertxContextSupport.subscribeAndAwait(() -> sessions.find("not-a-session")));

        expire(opened.cookieValue());
        assertNull(VertxContextSupport.subscribeAndAwait(() -> sessions.find(opened.cookieValue())), "expired");
        VertxContextSupport.subscribeAndAwait(() -> purge.purge());
        assertEquals(0, VertxContextSupport.subscribeAndAwait(() -> sessions.purgeExpired()), "the purge removed it");
    }
}
