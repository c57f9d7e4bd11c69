package io.cyberbrain.launcher.notify;

import io.cyberbrain.embeddeddb.FakeWebhook;
import static io.cyberbrain.launcher.notify.NotifyFixtures.LLM_TEXT;
import static io.cyberbrain.launcher.notify.NotifyFixtures.REPORT_TEXT;
import static io.cyberbrain.launcher.notify.NotifyFixtures.emailConfig;
import static io.cyberbrain.launcher.notify.NotifyFixtures.endedRun;
import static io.cyberbrain.launcher.notify.NotifyFixtures.target;
import static io.cyberbrain.launcher.notify.NotifyFixtures.webhookConfig;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.embeddeddb.PrometheusScrape;
import io.cyberbrain.launcher.TestRuns;
import io.cyberbrain.embeddeddb.FakeWebhook.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Run end to Discord (a local HTTP receiver) and email (GreenMail, a real SMTP server), through the outbox. */
@QuarkusTest
@TestProfile(FastNotifications.class)
class NotificationDispatchTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(20);
    static GreenMail smtp;

    @Inject
    NotificationOutbox outbox;
    @Inject
    AgroalDataSource ds;

    FakeWebhook discord;

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        smtp.setUser("alerts@example.org", "alerts", "mail-secret-1");
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @BeforeEach
    void receiver() throws Exception {
        discord = FakeWebhook.start();
        smtp.purgeEmailFromAllMailboxes();
    }

    @AfterEach
    void cleanUp() throws Exception {
        discord.close();
        // Targets of this test must not catch the runs other tests end; their deliveries go with them.
        TestRuns.execute(ds, "delete from notification_target where name like '" + NotifyFixtures.NAME_PREFIX + "%'");
    }

    @Test
    void aFailedRunNotifiesDiscordAndEmailExactlyOnceWithCountsOnly() throws Exception {
        long discordTarget = target(ds, "discord", "discord", true, webhookConfig(discord.url("/api/webhooks/1/tok-discord")),
                "run_failed");
        long emailTarget = target(ds, "email", "email", true, emailConfig(smtp.getSmtp().getPort(), "ops@example.org"),
                "run_failed", "run_success");
        FakeWebhook successOnly = FakeWebhook.start();
        target(ds, "success-only", "discord", true, webhookConfig(successOnly.url("/hook")), "run_success");
        target(ds, "disabled", "discord", false, webhookConfig(successOnly.url("/hook")), "run_failed");
        long run = endedRun(ds, "failed", 1234, "success", "failed", "timed_out");

        outbox.runEnded(run, "failed");
        outbox.runEnded(run, "failed"); // a second call for the same run queues nothing new

        await().atMost(WAIT).until(() -> count("run_id = " + run + " and status = 'sent'") == 2);
        assertEquals(2, count("run_id = " + run), "only the two subscribed, enabled targets");
        assertTrue(smtp.waitForIncomingEmail(5_000, 1));
        // a few more polling rounds: still nothing sent twice
        await().during(Duration.ofMillis(1_500)).atMost(WAIT).until(() -> discord.received().size() == 1);
        List<FakeWebhook.Received> posts = discord.received();
        assertEquals(1, posts.size());
        assertEquals(List.of(), successOnly.received(), "not subscribed to run_failed, or disabled");
        successOnly.close();

        FakeWebhook.Received post = posts.get(0);
        assertEquals("POST", post.method());
        assertEquals("/api/webhooks/1/tok-discord", post.path());
        assertEquals("application/json", post.contentType());
        assertCountsOnly(post.body());
        JsonNode payload = JSON.readTree(post.body());
        assertEquals("Cyberbrain run " + run + " failed", payload.get("content").asText());
        JsonNode embed = payload.get("embeds").get(0);
        assertEquals("Cyberbrain run " + run + " failed", embed.get("title").asText());
        assertEquals("1 of 3 tasks ok, 2 failed", embed.get("description").asText());
        assertEquals(0xE74C3C, embed.get("color").asInt());
        Map<String, String> fields = new HashMap<>();
        embed.get("fields").forEach(f -> fields.put(f.get("name").asText(), f.get("value").asText()));
        assertEquals(Map.of("Status", "failed", "Tasks ok", "1", "Tasks failed", "2", "Total tokens", "1234",
                "Duration", "2m 5s", "Link", "https://cyberbrain.example.org/api/runs/" + run), fields);
        assertEquals(0, payload.get("allowed_mentions").get("parse").size());

        MimeMessage[] mails = smtp.getReceivedMessages();
        assertEquals(1, mails.length);
        assertEquals("Cyberbrain run " + run + " failed", mails[0].getSubject());
        assertEquals("cyberbrain@example.org", mails[0].getFrom()[0].toString());
        assertEquals("ops@example.org", mails[0].getAllRecipients()[0].toString());
        String body = mails[0].getContent().toString();
        assertCountsOnly(body);
        assertTrue(body.contains("Tasks ok: 1") && body.contains("Tasks failed: 2") && body.contains("Total tokens: 1234")
                && body.contains("Duration: 2m 5s") && body.contains("Link: https://cyberbrain.example.org/api/runs/" + run), body);

        assertEquals("1", TestRuns.string(ds, "select attempts from run_notification where target_id = " + discordTarget));
        assertEquals("1", TestRuns.string(ds, "select attempts from run_notification where target_id = " + emailTarget));
    }

    @Test
    void aRateLimitedSendWaitsAsAskedThenSucceeds() throws Exception {
        discord.replies(new Reply(429, "{\"message\": \"You are being rate limited.\", \"retry_after\": 1.2, \"global\": false}"));
        long target = target(ds, "rate-limited", "discord", true, webhookConfig(discord.url("/hook")), "run_success");
        long run = endedRun(ds, "success", 10, "success");

        outbox.runEnded(run, "success");

        await().atMost(WAIT).until(() -> "sent".equals(status(target)));
        List<FakeWebhook.Received> posts = discord.received();
        assertEquals(2, posts.size());
        Duration gap = Duration.between(posts.get(0).at(), posts.get(1).at());
        assertTrue(gap.compareTo(Duration.ofMillis(1_150)) >= 0, "retry_after honoured, waited " + gap);
        assertEquals("2", TestRuns.string(ds, "select attempts from run_notification where target_id = " + target));
    }

    @Test
    void aServerErrorIsRetriedThenMarkedFailedAfterTheLimitWithTheReason() throws Exception {
        double retried = PrometheusScrape.valueOrZero("cyberbrain_notifications_total", "channel", "discord", "outcome", "retried");
        double failed = PrometheusScrape.valueOrZero("cyberbrain_notifications_total", "channel", "discord", "outcome", "failed");
        discord.always(new Reply(500, "{\"message\": \"upstream exploded\"}"));
        long target = target(ds, "broken", "discord", true, webhookConfig(discord.url("/api/webhooks/9/tok-broken")), "run_cancelled");
        long run = endedRun(ds, "cancelled", 0, "cancelled");

        outbox.runEnded(run, "cancelled");

        await().atMost(WAIT).until(() -> "failed".equals(status(target)));
        await().atMost(WAIT).until(() -> PrometheusScrape.valueOrZero("cyberbrain_notifications_total", "channel", "discord",
                "outcome", "failed") == failed + 1);
        assertEquals(retried + 2, PrometheusScrape.valueOrZero("cyberbrain_notifications_total", "channel", "discord", "outcome",
                "retried"), "two retries before it gave up");
        assertEquals(3, discord.received().size(), "max-attempts is 3 in this profile");
        assertEquals("3", TestRuns.string(ds, "select attempts from run_notification where target_id = " + target));
        String reason = TestRuns.string(ds, "select error_summary from run_notification where target_id = " + target);
        assertTrue(reason.contains("HTTP 500") && reason.contains("gave up after 3 attempts"), reason);
        assertFalse(reason.contains("upstream exploded"), "the receiver's body is never repeated: " + reason);
        assertFalse(reason.contains("tok-broken"), "the webhook path is a credential: " + reason);
    }

    @Test
    void aRejectionIsNotRetried() throws Exception {
        discord.always(new Reply(404, "{\"message\": \"Unknown Webhook\", \"code\": 10015}"));
        long target = target(ds, "gone", "discord", true, webhookConfig(discord.url("/hook")), "run_failed");
        long run = endedRun(ds, "failed", 0, "failed");

        outbox.runEnded(run, "failed");

        await().atMost(WAIT).until(() -> "failed".equals(status(target)));
        await().during(Duration.ofMillis(700)).atMost(WAIT).until(() -> discord.received().size() == 1);
        assertEquals(1, discord.received().size());
        assertTrue(TestRuns.string(ds, "select error_summary from run_notification where target_id = " + target)
                .contains("HTTP 404"));
    }

    @Test
    void aWrongSmtpPasswordFailsForGood() throws Exception {
        long target = target(ds, "bad-login", "email", true,
                emailConfig(smtp.getSmtp().getPort(), "ops@example.org").replace("mail-secret-1", "wrong"), "run_failed");
        long run = endedRun(ds, "failed", 0, "failed");

        outbox.runEnded(run, "failed");

        await().atMost(WAIT).until(() -> "failed".equals(status(target)));
        assertEquals("1", TestRuns.string(ds, "select attempts from run_notification where target_id = " + target));
        String reason = TestRuns.string(ds, "select error_summary from run_notification where target_id = " + target);
        assertTrue(reason.contains("refused the login"), reason);
        assertFalse(reason.contains("wrong"), reason);
        assertEquals(0, smtp.getReceivedMessages().length);
    }

    private static void assertCountsOnly(String text) {
        assertFalse(text.contains(REPORT_TEXT), "no report text");
        assertFalse(text.contains(LLM_TEXT), "no error summaries, which may quote a model");
        assertFalse(text.contains("tok-"), "no webhook credentials");
    }

    private long count(String where) throws Exception {
        return Long.parseLong(TestRuns.string(ds, "select count(*) from run_notification where " + where));
    }

    private String status(long target) throws Exception {
        return TestRuns.string(ds, "select status from run_notification where target_id = " + target);
    }
}
