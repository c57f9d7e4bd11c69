package io.cyberbrain.api.notification;

import io.cyberbrain.embeddeddb.FakeWebhook;
import static io.cyberbrain.api.Tokens.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.embeddeddb.FakeWebhook.Reply;
import io.cyberbrain.model.notification.EnvironmentVariables;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** CRUD, validation, masking and "send test" against a local HTTP receiver and GreenMail, a real SMTP server. */
@QuarkusTest
@TestProfile(LocalReceiversAllowed.class)
class NotificationTargetResourceTest {

    static final String TOKEN = "tok-" + "s3cr3t-webhook-token";
    static final String PASSWORD = "mail-secret-1";
    static GreenMail smtp;

    @Inject
    AgroalDataSource ds;

    FakeWebhook webhook;

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        smtp.setUser("alerts@example.org", "alerts", PASSWORD);
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @BeforeEach
    void receiver() throws Exception {
        webhook = FakeWebhook.start();
        smtp.purgeEmailFromAllMailboxes();
    }

    @AfterEach
    void stopReceiver() {
        webhook.close();
    }

    @Test
    void secretsAreMaskedInEveryResponse() {
        String created = as("admin").body(discord(webhook.url("/api/webhooks/42/" + TOKEN)))
                .post("/api/notification-targets").then().statusCode(201)
                .body("kind", equalTo("discord"))
                .body("events", equalTo(List.of("run_failed")))
                .body("config.webhook_url", equalTo(webhook.url("/********")))
                .extract().asString();
        assertFalse(created.contains(TOKEN), created);
        int id = io.restassured.path.json.JsonPath.from(created).getInt("id");
        String email = as("admin").body(email("none")).post("/api/notification-targets").then().statusCode(201)
                .body("config.smtp_password", equalTo("********"))
                .body("config.smtp_username", equalTo("alerts")).extract().asString();
        assertFalse(email.contains(PASSWORD), email);

        String one = as("admin").get("/api/notification-targets/" + id).then().statusCode(200).extract().asString();
        String list = as("admin").queryParam("size", 500).get("/api/notification-targets").then().statusCode(200)
                .body("items.id", hasItem(id)).extract().asString();
        assertFalse(one.contains(TOKEN) || list.contains(TOKEN) || list.contains(PASSWORD), list);
    }

    @Test
    void sendTestReachesDiscordWithCountsOnly() {
        int id = create(discord(webhook.url("/api/webhooks/42/" + TOKEN)));
        as("admin").post("/api/notification-targets/" + id + "/test").then().statusCode(200)
                .body("result", equalTo("sent")).body("kind", equalTo("discord")).body("target_id", equalTo(id));
        assertEquals(1, webhook.received().size());
        String body = webhook.received().get(0).body();
        assertTrue(body.contains("\"content\":\"Cyberbrain test notification\"") && body.contains("\"embeds\":[{"), body);
    }

    @Test
    void sendTestReachesAMailboxOverSmtpWithTheStoredPassword() throws Exception {
        int id = create(email("none"));
        // Sending the masked password back keeps the real one: the send below still logs in.
        as("admin").body(Map.of("config", Map.of("smtp_password", "********", "to", "oncall@example.org, ops@example.org")))
                .patch("/api/notification-targets/" + id).then().statusCode(200).body("config.smtp_password", equalTo("********"));
        as("admin").post("/api/notification-targets/" + id + "/test").then().statusCode(200).body("result", equalTo("sent"));
        assertTrue(smtp.waitForIncomingEmail(5_000, 2));
        assertEquals("Cyberbrain test notification", smtp.getReceivedMessages()[0].getSubject());
        assertTrue(smtp.getReceivedMessages()[0].getContent().toString().contains("counts only"));
    }

    @Test
    void aTargetThatRejectsTheTestIsA502WithTheStatusButNotTheReceiversBody() {
        webhook.always(new Reply(404, "{\"message\": \"Unknown Webhook\"}"));
        int gone = create(discord(webhook.url("/api/webhooks/42/" + TOKEN)));
        String problem = as("admin").post("/api/notification-targets/" + gone + "/test").then().statusCode(502)
                .contentType("application/problem+json")
                .body("detail", containsString("discord target did not take the test notification: HTTP 404"))
                .body("detail", not(containsString("Unknown Webhook")))
                .body("detail", not(containsString("temporary"))).extract().asString();
        assertFalse(problem.contains(TOKEN), problem);

        webhook.always(new Reply(500, ""));
        as("admin").post("/api/notification-targets/" + gone + "/test").then().statusCode(502)
                .body("detail", containsString("HTTP 500")).body("detail", containsString("may be temporary"));

        Map<String, Object> badLogin = email("none");
        config(badLogin).put("smtp_password", "wrong-password");
        int refused = create(badLogin);
        as("admin").post("/api/notification-targets/" + refused + "/test").then().statusCode(502)
                .body("detail", containsString("refused the login"));
    }

    @Test
    void secretsCanComeFromTheEnvironment() {
        Map<String, Object> input = discord(null);
        input.put("config", new HashMap<>(Map.of("webhook_url_env", "CB_TEST_DISCORD_URL")));
        int id = create(input);
        as("admin").post("/api/notification-targets/" + id + "/test").then().statusCode(502)
                .body("detail", containsString("environment variable CB_TEST_DISCORD_URL (config.webhook_url_env) is not set"));

        String url = webhook.url("/api/webhooks/7/" + TOKEN);
        QuarkusMock.installMockForType(new EnvironmentVariables() {
            @Override
            public Optional<String> get(String name) {
                return name.equals("CB_TEST_DISCORD_URL") ? Optional.of(url) : Optional.empty();
            }
        }, EnvironmentVariables.class);
        as("admin").post("/api/notification-targets/" + id + "/test").then().statusCode(200).body("result", equalTo("sent"));
        assertEquals(1, webhook.received().size());
        as("admin").get("/api/notification-targets/" + id).then().statusCode(200)
                .body("config.webhook_url_env", equalTo("CB_TEST_DISCORD_URL"));

        // Giving the value replaces the indirection, and the other way round: one PATCH switches.
        as("admin").body(Map.of("config", Map.of("webhook_url", url))).patch("/api/notification-targets/" + id).then()
                .statusCode(200).body("config.webhook_url_env", nullValue())
                .body("config.webhook_url", equalTo(webhook.url("/********")));
    }

    @Test
    void invalidInputNamesTheField() {
        badRequest(Map.of("name", "x-" + UUID.randomUUID(), "kind", "pager", "config", Map.of()), "kind");
        Map<String, Object> events = discord(webhook.url("/hook"));
        events.put("events", List.of("run_failed", "run_exploded"));
        badRequest(events, "events");
        badRequest(discord("ftp://example.org/hook"), "config.webhook_url");
        badRequest(discord("not a url"), "config.webhook_url");
        Map<String, Object> both = discord(webhook.url("/hook"));
        config(both).put("webhook_url_env", "HOOK");
        badRequest(both, "config.webhook_url");
        Map<String, Object> unknown = discord(webhook.url("/hook"));
        config(unknown).put("colour", "red");
        badRequest(unknown, "config.colour");
        Map<String, Object> port = email("starttls");
        config(port).put("smtp_port", 70000);
        badRequest(port, "config.smtp_port");
        Map<String, Object> security = email("starttls");
        config(security).put("smtp_security", "tls-maybe");
        badRequest(security, "config.smtp_security");
        Map<String, Object> from = email("starttls");
        config(from).remove("from");
        badRequest(from, "config.from");
        Map<String, Object> to = email("starttls");
        config(to).put("to", List.of("ops@example.org", "not-an-address"));
        badRequest(to, "config.to");
        Map<String, Object> noUser = email("starttls");
        config(noUser).remove("smtp_username");
        badRequest(noUser, "config.smtp_username");

        Map<String, Object> ok = discord(webhook.url("/hook"));
        int id = create(ok);
        as("admin").body(ok).post("/api/notification-targets").then().statusCode(409);
        as("admin").body(Map.of("kind", "email")).patch("/api/notification-targets/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("kind"));
        as("admin").body(Map.of("config", Map.of("webhook_url", "http://"))).patch("/api/notification-targets/" + id).then()
                .statusCode(400).body("errors[0].field", equalTo("config.webhook_url"));
    }

    @Test
    void updateDeleteAndDeliveries() throws Exception {
        int id = create(discord(webhook.url("/hook")));
        as("admin").body(Map.of("enabled", false, "events", List.of("run_success", "run_cancelled")))
                .patch("/api/notification-targets/" + id).then().statusCode(200)
                .body("enabled", equalTo(false)).body("events", equalTo(List.of("run_success", "run_cancelled")));

        long run = insertRun();
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("""
                    insert into run_notification (run_id, target_id, status, attempts, error_summary, lease_owner, lease_expires_at, created_at)
                    values (%d, %d, 'pending', 2, 'HTTP 500 from example.org', 'retry-backoff', '2030-01-01T00:00:00Z', now())
                    """.formatted(run, id));
        }
        as("admin").get("/api/notification-targets/" + id + "/deliveries").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].run_id", equalTo((int) run))
                .body("items[0].status", equalTo("pending"))
                .body("items[0].attempts", equalTo(2))
                .body("items[0].error_summary", equalTo("HTTP 500 from example.org"))
                .body("items[0].next_attempt_at", equalTo("2030-01-01T00:00:00Z"));
        as("admin").get("/api/notification-targets/999999/deliveries").then().statusCode(404);

        as("admin").delete("/api/notification-targets/" + id).then().statusCode(204);
        as("admin").get("/api/notification-targets/" + id).then().statusCode(404);
    }

    private long insertRun() throws Exception {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("""
                insert into run (status, run_trigger, directive_snapshot, created_at, ended_at)
                values ('failed', 'api', '{}'::jsonb, now(), now()) returning id""")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void badRequest(Map<String, Object> body, String field) {
        as("admin").body(body).post("/api/notification-targets").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    private static int create(Map<String, Object> body) {
        return as("admin").body(body).post("/api/notification-targets").then().statusCode(201).extract().path("id");
    }

    private static Map<String, Object> discord(String url) {
        Map<String, Object> config = new HashMap<>();
        if (url != null) {
            config.put("webhook_url", url);
        }
        return new HashMap<>(Map.of("name", "discord-" + UUID.randomUUID(), "kind", "discord", "config", config));
    }

    private Map<String, Object> email(String security) {
        Map<String, Object> config = new HashMap<>(Map.of("smtp_host", "127.0.0.1", "smtp_port", smtp.getSmtp().getPort(),
                "smtp_security", security, "smtp_username", "alerts", "smtp_password", PASSWORD,
                "from", "cyberbrain@example.org", "to", List.of("ops@example.org")));
        return new HashMap<>(Map.of("name", "email-" + UUID.randomUUID(), "kind", "email", "config", config,
                "events", List.of("run_failed", "run_cancelled")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Map<String, Object> input) {
        return (Map<String, Object>) input.get("config");
    }
}
