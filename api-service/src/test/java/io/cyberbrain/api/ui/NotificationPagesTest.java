package io.cyberbrain.api.ui;

import static io.cyberbrain.api.ui.UiPagesTest.csrf;
import static io.cyberbrain.api.ui.UiPagesTest.login;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cyberbrain.api.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** The notification target form: a field per setting of each kind, the server's messages beside them, create and edit. */
@QuarkusTest
class NotificationPagesTest {

    private static RequestSpecification form(String session) {
        return given().redirects().follow(false).cookie("cb_session", session).formParam("csrf", csrf(session));
    }

    private static String path(String location) {
        return location.replaceAll("^https?://[^/]+", "");
    }

    private static long idOf(String location) {
        return Long.parseLong(location.replaceAll(".*[?&]target=(\\d+).*", "$1"));
    }

    @Test
    void theNewFormHasAFieldPerSettingOfEachKindAndNoPasswordInClear() {
        String admin = login(Tokens.ADMIN);
        given().cookie("cb_session", admin).get("/ui/notifications/new").then().statusCode(200)
                .body(containsString("name=\"webhook_url_env\""))
                .body(containsString("name=\"webhook_url\""))
                .body(containsString("name=\"username\""))
                .body(containsString("name=\"smtp_host\""))
                .body(containsString("name=\"smtp_port\""))
                .body(containsString("name=\"smtp_security\""))
                .body(containsString("name=\"smtp_username\""))
                .body(containsString("name=\"smtp_password_env\""))
                .body(containsString("name=\"from\""))
                .body(containsString("name=\"to\""))
                .body(not(containsString("name=\"smtp_password\"")))
                .body(not(containsString("name=\"config\"")));
        given().cookie("cb_session", admin).get("/ui/notifications").then().statusCode(200)
                .body(containsString("href=\"/ui/notifications/new\""));
    }

    @Test
    void aRefusedTargetShowsEachMessageBesideItsFieldAndKeepsWhatWasTyped() {
        String admin = login(Tokens.ADMIN);
        form(admin).formParam("name", "").formParam("kind", "email").formParam("smtp_host", "mail.example.org")
                .formParam("smtp_port", "abc").formParam("from", "not an address").formParam("to", "")
                .formParam("smtp_password_env", "SMTP PASSWORD").formParam("event", "run_success")
                .post("/ui/notifications").then().statusCode(400)
                .body(containsString("role=\"alert\""))
                .body(containsString("<p id=\"name-error\" class=\"error field-error\">is required</p>"))
                .body(containsString("<p id=\"smtp_port-error\" class=\"error field-error\">must be a whole number between 1 and 65535</p>"))
                .body(containsString("<p id=\"from-error\" class=\"error field-error\">must be one email address</p>"))
                .body(containsString("id=\"to-error\""))
                .body(containsString("id=\"smtp_password_env-error\""))
                .body(containsString("aria-invalid=\"true\""))
                .body(containsString("value=\"mail.example.org\""))
                .body(containsString("value=\"abc\""))
                .body(containsString("value=\"not an address\""))
                .body(containsString("value=\"SMTP PASSWORD\""))
                .body(containsString("<option value=\"email\" selected>"))
                .body(containsString("value=\"run_success\" checked"))
                .body(not(containsString("value=\"run_failed\" checked")));
        form(admin).formParam("name", "no-events-" + System.nanoTime()).formParam("kind", "webhook")
                .formParam("webhook_url", "https://hooks.example.org/x").post("/ui/notifications").then().statusCode(400)
                .body(containsString("id=\"events-error\""));
    }

    @Test
    void anEmailTargetIsAddedWithItsPasswordNamedAsAnEnvironmentVariable() {
        String admin = login(Tokens.ADMIN);
        String name = "ui-mail-" + System.nanoTime();
        String location = form(admin).formParam("name", name).formParam("kind", "email")
                .formParam("smtp_host", "mail.example.org").formParam("smtp_port", "2525")
                .formParam("smtp_security", "ssl").formParam("smtp_username", "cyberbrain")
                .formParam("smtp_password_env", "CB_SMTP_PASSWORD").formParam("from", "cyberbrain@example.org")
                .formParam("to", "ops@example.org, oncall@example.org").formParam("event", "run_failed")
                .formParam("event", "run_cancelled")
                // Settings of the other kinds are not the email target's: they are left out, not refused.
                .formParam("webhook_url", "https://hooks.example.org/ignored")
                .post("/ui/notifications").then().statusCode(303).extract().header("Location");
        given().cookie("cb_session", admin).get(path(location)).then().statusCode(200).body(containsString("Target added"));
        Tokens.as("admin").get("/api/notification-targets/" + idOf(location)).then().statusCode(200)
                .body("kind", equalTo("email"))
                .body("config.smtp_port", equalTo(2525))
                .body("config.smtp_security", equalTo("ssl"))
                .body("config.smtp_password_env", equalTo("CB_SMTP_PASSWORD"))
                .body("config", not(hasKey("smtp_password")))
                .body("config", not(hasKey("webhook_url")))
                .body("events", equalTo(List.of("run_failed", "run_cancelled")));
    }

    @Test
    void anEditKeepsAMaskedUrlSwitchesToAVariableAndShowsRefusalsOnTheForm() {
        String admin = login(Tokens.ADMIN);
        String name = "ui-hook-" + System.nanoTime();
        long id = Tokens.as("admin").body(Map.of("name", name, "kind", "discord",
                        "config", Map.of("webhook_url", "https://hooks.example.org/api/webhooks/1/secret-part"),
                        "events", List.of("run_failed")))
                .post("/api/notification-targets").then().statusCode(201).extract().jsonPath().getLong("id");
        String edit = "/ui/notifications/" + id + "/edit";
        given().cookie("cb_session", admin).get("/ui/notifications").then().body(containsString("href=\"" + edit + "\""));
        given().cookie("cb_session", admin).get(edit).then().statusCode(200)
                .body(containsString("value=\"https://hooks.example.org/********\""))
                .body(not(containsString("secret-part")))
                .body(not(containsString("name=\"smtp_host\"")))
                .body(containsString("value=\"run_failed\" checked"));

        // The name changes, the masked URL sent back as shown keeps the stored one.
        form(admin).formParam("name", name + "-renamed").formParam("webhook_url", "https://hooks.example.org/********")
                .formParam("username", "Cyberbrain").formParam("event", "run_failed").formParam("event", "run_success")
                .post("/ui/notifications/" + id).then().statusCode(303).header("Location", containsString("notice=saved"));
        Tokens.as("admin").get("/api/notification-targets/" + id).then()
                .body("name", equalTo(name + "-renamed"))
                .body("config.webhook_url", equalTo("https://hooks.example.org/********"))
                .body("config.username", equalTo("Cyberbrain"))
                .body("events", equalTo(List.of("run_failed", "run_success")));

        form(admin).formParam("name", name + "-renamed").formParam("webhook_url", "https://hooks.example.org/********")
                .formParam("webhook_url_env", "1 BAD").formParam("event", "run_failed")
                .post("/ui/notifications/" + id).then().statusCode(400)
                .body(containsString("id=\"webhook_url_env-error\""))
                .body(containsString("must be the name of an environment variable"))
                .body(containsString("value=\"1 BAD\""))
                .body(containsString("Save target"));

        // Naming a variable replaces the stored URL without clearing the masked field first; an emptied field goes.
        form(admin).formParam("name", name + "-renamed").formParam("webhook_url", "https://hooks.example.org/********")
                .formParam("webhook_url_env", "CB_DISCORD_URL").formParam("username", "").formParam("event", "run_failed")
                .post("/ui/notifications/" + id).then().statusCode(303);
        Tokens.as("admin").get("/api/notification-targets/" + id).then()
                .body("config.webhook_url_env", equalTo("CB_DISCORD_URL"))
                .body("config.webhook_url", nullValue())
                .body("config", not(hasKey("username")));
    }

    @Test
    void aTakenNameIsShownOnTheNameField() {
        String admin = login(Tokens.ADMIN);
        String name = "ui-taken-" + System.nanoTime();
        form(admin).formParam("name", name).formParam("kind", "webhook").formParam("webhook_url_env", "CB_HOOK")
                .formParam("event", "run_failed").post("/ui/notifications").then().statusCode(303);
        form(admin).formParam("name", name).formParam("kind", "webhook").formParam("webhook_url_env", "CB_HOOK")
                .formParam("event", "run_failed").post("/ui/notifications").then().statusCode(409)
                .body(containsString("id=\"name-error\""))
                .body(containsString("already exists"))
                .body(containsString("value=\"CB_HOOK\""));
    }
}
