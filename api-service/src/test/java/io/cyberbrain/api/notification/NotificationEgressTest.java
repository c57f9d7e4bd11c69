package io.cyberbrain.api.notification;

import static io.cyberbrain.api.Tokens.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.embeddeddb.FakeWebhook;
import io.quarkus.test.junit.QuarkusTest;

/** Without an operator's allowance, notification targets reach public addresses only: checked on save and on send. */
@QuarkusTest
class NotificationEgressTest {

    @Inject
    AgroalDataSource ds;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "http://0.0.0.0:9595/api/tokens, an unspecified address",
            "http://169.254.169.254/latest/meta-data/, a cloud metadata address",
            "http://[fd00:ec2::254]/latest/, a cloud metadata address",
            "http://127.0.0.1:5432/, a loopback address",
            "http://localhost:9595/api/tokens, a loopback name",
            "http://10.0.0.5:8080/hook, a private address",
            "http://192.168.1.10/hook, a private address",
            "http://100.64.0.9/hook, a shared (CGNAT",
            "http://[fe80::1]/hook, a link-local address",
            "http://224.0.0.1/hook, a multicast"})
    void anInternalWebhookIsRefusedOnSaveNamingTheRule(String url, String rule) {
        Map<String, Object> body = Map.of("name", "hook-" + UUID.randomUUID(), "kind", "webhook",
                "config", Map.of("webhook_url", url));
        as("admin").body(body).post("/api/notification-targets").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("config.webhook_url"))
                .body("errors[0].message", containsString("is " + rule))
                .body("errors[0].message", containsString("cyberbrain.notifications.allowed-cidrs"));
    }

    @Test
    void anInternalSmtpServerIsRefusedOnSaveAndOnUpdate() {
        Map<String, Object> config = new HashMap<>(Map.of("smtp_host", "127.0.0.1", "smtp_port", 25, "smtp_security", "none",
                "from", "cyberbrain@example.org", "to", List.of("ops@example.org")));
        as("admin").body(Map.of("name", "mail-" + UUID.randomUUID(), "kind", "email", "config", config))
                .post("/api/notification-targets").then().statusCode(400)
                .body("errors[0].field", equalTo("config.smtp_host"))
                .body("errors[0].message", containsString("a loopback address"));

        int id = as("admin").body(Map.of("name", "hook-" + UUID.randomUUID(), "kind", "webhook",
                        "config", Map.of("webhook_url", "https://hooks.example.org/abc")))
                .post("/api/notification-targets").then().statusCode(201).extract().path("id");
        as("admin").body(Map.of("config", Map.of("webhook_url", "http://169.254.169.254/latest/")))
                .patch("/api/notification-targets/" + id).then().statusCode(400)
                .body("errors[0].message", containsString("a cloud metadata address"));
        as("admin").get("/api/notification-targets/" + id).then().statusCode(200)
                .body("config.webhook_url", equalTo("https://hooks.example.org/********"));
    }

    @Test
    void aTargetStoredAroundTheApiIsStillRefusedWhenSentTo() throws Exception {
        try (FakeWebhook webhook = FakeWebhook.start()) {
            long id = insertTarget(webhook.url("/api/tokens"));

            as("admin").post("/api/notification-targets/" + id + "/test").then().statusCode(502)
                    .contentType("application/problem+json")
                    .body("detail", containsString("host 127.0.0.1 is a loopback address"));

            assertEquals(List.of(), webhook.received(), "nothing was sent");
        }
    }

    private long insertTarget(String url) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into notification_target (name, kind, config, created_at, updated_at)
                values (?, 'webhook', jsonb_build_object('webhook_url', ?::text), now(), now()) returning id""")) {
            ps.setString(1, "raw-" + UUID.randomUUID());
            ps.setString(2, url);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
