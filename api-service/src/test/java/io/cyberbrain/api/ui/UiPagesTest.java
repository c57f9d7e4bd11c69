package io.cyberbrain.api.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.cyberbrain.api.Tokens;
import io.cyberbrain.rag.search.Relevance;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class UiPagesTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"");

    /** Logs in through the form like a browser and returns the session cookie. */
    static String login(String token) {
        Response r = given().redirects().follow(false).formParam("token", token).formParam("next", "/ui/runs")
                .post("/ui/login");
        r.then().statusCode(303).header("Location", containsString("/ui/runs"))
                .header("Set-Cookie", containsString("HttpOnly"))
                .header("Set-Cookie", containsString("SameSite=Strict"));
        return r.getCookie("cb_session");
    }

    static String csrf(String session) {
        String html = given().cookie("cb_session", session).get("/ui").then().statusCode(200).extract().asString();
        Matcher m = CSRF.matcher(html);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void pagesRedirectToLoginWithoutASession() {
        for (String page : new String[] {"/ui", "/ui/runs", "/ui/runs/1", "/ui/launch"}) {
            given().redirects().follow(false).get(page).then().statusCode(303)
                    .header("Location", containsString("/ui/login?next="));
        }
        given().get("/ui/login").then().statusCode(200).body(containsString("API token"));
        given().redirects().follow(false).get("/").then().statusCode(302).header("Location", containsString("/ui"));
    }

    @Test
    void aWrongTokenIsRefusedWithAMessage() {
        given().formParam("token", "cb_nope").post("/ui/login").then().statusCode(401)
                .body(containsString("unknown or has been revoked"));
        given().formParam("token", "").post("/ui/login").then().statusCode(400)
                .body(containsString("Paste an API token"));
    }

    @Test
    void loginNeverRedirectsOffSite() {
        given().redirects().follow(false).formParam("token", Tokens.of("viewer")).formParam("next", "https://evil.example")
                .post("/ui/login").then().statusCode(303).header("Location", not(containsString("evil")));
        given().redirects().follow(false).formParam("token", Tokens.of("viewer")).formParam("next", "//evil.example/ui")
                .post("/ui/login").then().statusCode(303).header("Location", not(containsString("evil")));
    }

    @Test
    void aViewerSeesNoOperatorActionsAndForgedPostsAreRefused() {
        String session = login(Tokens.of("viewer"));
        given().cookie("cb_session", session).get("/ui").then().statusCode(200)
                .body(not(containsString("href=\"/ui/launch\"")));
        String csrf = csrf(session);
        assertNotNull(csrf);
        given().cookie("cb_session", session).formParam("csrf", csrf).formParam("task", "gpu_report")
                .post("/ui/launch").then().statusCode(403).body(containsString("Your role (viewer) may not do this."));
        given().cookie("cb_session", session).get("/ui/launch").then().statusCode(403);
    }

    @Test
    void anOperatorLaunchesWithTheFormTokenOnly() {
        String session = login(Tokens.of("operator"));
        given().cookie("cb_session", session).formParam("task", "gpu_report").post("/ui/launch")
                .then().statusCode(403).body(containsString("token is missing or stale"));
        given().cookie("cb_session", session).formParam("csrf", "0".repeat(64)).formParam("task", "gpu_report")
                .post("/ui/launch").then().statusCode(403);
        String location = given().redirects().follow(false).cookie("cb_session", session).formParam("csrf", csrf(session))
                .formParam("task", "gpu_report").post("/ui/launch")
                .then().statusCode(303).header("Location", containsString("/ui/runs/")).extract().header("Location");
        given().cookie("cb_session", session).get(location).then().statusCode(200)
                .body(containsString("Run launched."))
                .body(containsString("hx-trigger=\"every 3s\""))
                .body(containsString("Cancel run"));
        given().cookie("cb_session", session).formParam("csrf", csrf(session)).formParam("task", "no_such")
                .post("/ui/launch").then().statusCode(400).body(containsString("unknown task &#39;no_such&#39;"));
    }

    @Test
    void anAdminApprovesARunFromItsPage() {
        String operator = login(Tokens.of("operator"));
        String location = given().redirects().follow(false).cookie("cb_session", operator)
                .formParam("csrf", csrf(operator)).formParam("task", "service_map").formParam("directive_id", "3")
                .post("/ui/launch").then().statusCode(303).extract().header("Location");
        String runPath = location.replaceAll("^https?://[^/]+", "").replaceAll("\\?.*", "");
        given().cookie("cb_session", operator).get(runPath).then().statusCode(200)
                .body(containsString("Waiting for an admin"))
                .body(containsString("Only an admin can approve"));
        String admin = login(Tokens.ADMIN);
        given().redirects().follow(false).cookie("cb_session", admin).formParam("csrf", csrf(admin))
                .formParam("note", "<script>alert(1)</script>").post(runPath + "/approve")
                .then().statusCode(303).header("Location", containsString("notice=approved"));
        given().cookie("cb_session", admin).get(runPath + "?notice=approved").then().statusCode(200)
                .body(not(containsString("Waiting for an admin")))
                .body(containsString("Run approved."))
                .body(not(containsString("start now")))
                .body(containsString("status s-pending"));
    }

    @Test
    void theSessionCookieIsNotACredentialForTheApi() {
        String session = login(Tokens.ADMIN);
        given().cookie("cb_session", session).get("/api/runs").then().statusCode(401);
        given().cookie("cb_session", session).contentType("application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post("/mcp").then().statusCode(401);
    }

    @Test
    void logoutAndRevocationEndTheSession() {
        String name = "ui-revoke-" + System.nanoTime();
        String secret = Tokens.create("operator", name);
        String session = login(secret);
        given().cookie("cb_session", session).get("/ui").then().statusCode(200);
        int id = Tokens.as("admin").get("/api/tokens?size=500").then().extract()
                .path("items.find { it.name == '" + name + "' }.id");
        Tokens.as("admin").delete("/api/tokens/" + id).then().statusCode(equalTo(200));
        given().redirects().follow(false).cookie("cb_session", session).get("/ui").then().statusCode(303);

        String other = login(Tokens.of("viewer"));
        given().redirects().follow(false).cookie("cb_session", other).formParam("csrf", csrf(other)).post("/ui/logout")
                .then().statusCode(303).header("Location", equalTo("/ui/login")).header("Set-Cookie", containsString("Max-Age=0"));
        given().redirects().follow(false).cookie("cb_session", other).get("/ui").then().statusCode(303);
    }

    @Test
    void missingThingsAreErrorPagesNotJson() {
        String session = login(Tokens.of("viewer"));
        given().cookie("cb_session", session).get("/ui/runs/987654321").then().statusCode(404)
                .contentType(containsString("text/html")).body(containsString("run 987654321 does not exist"));
        given().cookie("cb_session", session).get("/ui/runs?status=exploded").then().statusCode(400)
                .contentType(containsString("text/html")).body(containsString("status: must be one of"));
    }

    @Test
    void aScheduleIsPreviewedThenSavedAndABadTimingIsShownOnTheForm() {
        String session = login(Tokens.of("operator"));
        given().cookie("cb_session", session).queryParam("schedule_type", "cron").queryParam("cron_expr", "30 2 * * *")
                .queryParam("timezone", "Europe/Berlin").get("/ui/schedules/preview").then().statusCode(200)
                .body(containsString("at 02:30 (Europe/Berlin)"))
                .body(not(containsString("(Europe/Berlin)</strong> (Europe/Berlin)")))
                .body(not(containsString("(Europe/Berlin) (Europe/Berlin)")))
                .body(containsString("<time datetime=\"2"));
        String form = given().cookie("cb_session", session).get("/ui/schedules/new").then().statusCode(200)
                .extract().asString();
        for (String kind : new String[] {"cron", "interval", "once"}) {
            org.junit.jupiter.api.Assertions.assertTrue(form.contains("<fieldset class=\"kind\" data-kind=\"" + kind + "\">"),
                    kind + " inputs are grouped and labelled by kind");
        }
        given().cookie("cb_session", session).queryParam("schedule_type", "cron").queryParam("cron_expr", "61 * * * *")
                .get("/ui/schedules/preview").then().statusCode(200).body(containsString("cron_expr:"));
        given().cookie("cb_session", session).queryParam("schedule_type", "once").queryParam("run_once_at", "2030-01-02T03:04")
                .queryParam("timezone", "Europe/Berlin").get("/ui/schedules/preview").then().statusCode(200)
                .body(containsString("2030-01-02T02:04:00Z"));

        String name = "ui-sched-" + System.nanoTime();
        given().cookie("cb_session", session).formParam("csrf", csrf(session)).formParam("name", name)
                .formParam("job", "gpu_report").formParam("schedule_type", "cron").formParam("cron_expr", "nope")
                .post("/ui/schedules").then().statusCode(400)
                .body(containsString("cron_expr:"))
                .body(containsString("value=\"" + name + "\""));
        String location = given().redirects().follow(false).cookie("cb_session", session).formParam("csrf", csrf(session))
                .formParam("name", name).formParam("job", "gpu_report").formParam("schedule_type", "interval")
                .formParam("interval_minutes", "90").formParam("enabled", "true").post("/ui/schedules")
                .then().statusCode(303).extract().header("Location");
        given().cookie("cb_session", session).get(location).then().statusCode(200)
                .body(containsString("Schedule saved."))
                .body(containsString(name));
        given().cookie("cb_session", session).get("/ui/schedules").then().statusCode(200).body(containsString(name));

        String viewer = login(Tokens.of("viewer"));
        given().cookie("cb_session", viewer).get("/ui/schedules").then().statusCode(200)
                .body(not(containsString("New schedule")));
        given().cookie("cb_session", viewer).formParam("csrf", csrf(viewer)).formParam("name", "forged")
                .post("/ui/schedules").then().statusCode(403);
    }

    @Test
    void anUploadIsQueuedFromTheLibraryPageAndSearchAnswersWithAPage() {
        String session = login(Tokens.of("operator"));
        String name = "ui-notes-" + System.nanoTime() + ".md";
        given().redirects().follow(false).cookie("cb_session", session).multiPart("csrf", csrf(session))
                .multiPart("file", name, ("# Notes\n\nRestart the exporter " + name).getBytes(), "text/markdown")
                .post("/ui/library/uploads").then().statusCode(303).header("Location", containsString("notice=queued"));
        given().cookie("cb_session", session).get("/ui/library").then().statusCode(200)
                .body(containsString(name))
                .body(containsString("hx-trigger=\"every 2s\""));
        given().cookie("cb_session", session).multiPart("file", name, "x".getBytes(), "text/plain")
                .post("/ui/library/uploads").then().statusCode(403);
        given().cookie("cb_session", session).queryParam("q", "restart the exporter").get("/ui/search").then()
                .statusCode(200).body(containsString("passage"));
        given().cookie("cb_session", session).queryParam("q", "x".repeat(2001)).get("/ui/search").then()
                .statusCode(200).body(containsString("class=\"error\""));
    }

    @Test
    void aSearchThatFindsNothingRelevantSaysSoWithTheFloor() {
        String session = login(Tokens.of("viewer"));
        given().cookie("cb_session", session).queryParam("q", "zqxj vkwp bnqz rtxq pfjd").get("/ui/search").then()
                .statusCode(200)
                .body(containsString("No relevant passage"))
                .body(containsString("relevance " + Relevance.FLOOR));
    }

    @Test
    void anAdminCreatesATokenSeesItOnceAndRevokesIt() {
        String admin = login(Tokens.ADMIN);
        String name = "ui-token-" + System.nanoTime();
        given().redirects().follow(false).cookie("cb_session", admin).formParam("csrf", csrf(admin))
                .formParam("name", name).formParam("role", "viewer").post("/ui/tokens")
                .then().statusCode(303).header("Location", equalTo("/ui/tokens"));
        String page = given().cookie("cb_session", admin).get("/ui/tokens").then().statusCode(200)
                .body(containsString("shown this once")).extract().asString();
        Matcher secret = Pattern.compile("<code id=\"secret\">(cb_[0-9a-f]+)</code>").matcher(page);
        org.junit.jupiter.api.Assertions.assertTrue(secret.find(), "the secret is on the answer page");
        given().header("Authorization", "Bearer " + secret.group(1)).get("/api/runs").then().statusCode(200);
        given().cookie("cb_session", admin).get("/ui/tokens").then().statusCode(200)
                .body(containsString(name)).body(not(containsString(secret.group(1))))
                .body(not(containsString("shown this once")));
        String otherAdmin = login(Tokens.ADMIN);
        given().redirects().follow(false).cookie("cb_session", admin).formParam("csrf", csrf(admin))
                .formParam("name", name + "-b").formParam("role", "viewer").post("/ui/tokens").then().statusCode(303);
        given().cookie("cb_session", otherAdmin).get("/ui/tokens").then().statusCode(200)
                .body(not(containsString("shown this once")));
        given().cookie("cb_session", admin).formParam("csrf", csrf(admin)).formParam("name", "bad name!")
                .formParam("role", "viewer").post("/ui/tokens").then().statusCode(400).body(containsString("name:"));

        String html = given().cookie("cb_session", admin).get("/ui/tokens").then().extract().asString();
        Matcher revoke = Pattern.compile("action=\"(/ui/tokens/\\d+/revoke)\"[^>]*data-confirm=\"Revoke " + name).matcher(html);
        org.junit.jupiter.api.Assertions.assertTrue(revoke.find(), "the token has a revoke button");
        given().redirects().follow(false).cookie("cb_session", admin).formParam("csrf", csrf(admin)).post(revoke.group(1))
                .then().statusCode(303);
        given().header("Authorization", "Bearer " + secret.group(1)).get("/api/runs").then().statusCode(401);

        String operator = login(Tokens.of("operator"));
        given().cookie("cb_session", operator).get("/ui/tokens").then().statusCode(403);
    }

    @Test
    void anOperatorStartsAnInvestigationFromItsPageAndFollowsIt() {
        String operator = login(Tokens.of("operator"));
        String location = given().redirects().follow(false).cookie("cb_session", operator).formParam("csrf", csrf(operator))
                .formParam("goal", "why is the <b>web</b> front slow").formParam("directive_id", "1")
                .formParam("max_steps", "3").post("/ui/investigations")
                .then().statusCode(303).extract().header("Location");
        assertTrue(location.matches(".*/ui/investigations/\\d+"), location);
        given().cookie("cb_session", operator).get(location).then().statusCode(200)
                .body(containsString("why is the &lt;b&gt;web&lt;/b&gt; front slow"), containsString("planning"),
                        containsString("Cancel investigation"));
        given().cookie("cb_session", operator).get("/ui/investigations").then().statusCode(200)
                .body(containsString("href=\"" + location.substring(location.indexOf("/ui/"))));
        given().cookie("cb_session", operator).formParam("csrf", csrf(operator)).formParam("goal", "")
                .formParam("directive_id", "1").post("/ui/investigations").then().statusCode(400)
                .body(containsString("role=\"alert\""));
        String viewer = login(Tokens.of("viewer"));
        given().cookie("cb_session", viewer).formParam("csrf", csrf(viewer)).formParam("goal", "x")
                .formParam("directive_id", "1").post("/ui/investigations").then().statusCode(403);
    }

    @Test
    void everyPageOpensForItsRoleAndAdminPagesAreRefusedToOthers() {
        String admin = login(Tokens.ADMIN);
        for (String page : new String[] {"/ui", "/ui/runs", "/ui/launch", "/ui/schedules", "/ui/schedules/new",
                "/ui/library", "/ui/search", "/ui/directives", "/ui/directives/1", "/ui/directives/new", "/ui/allowlist",
                "/ui/notifications", "/ui/tokens", "/ui/usage", "/ui/hosts", "/ui/investigations"}) {
            given().cookie("cb_session", admin).get(page).then().statusCode(200).contentType(containsString("text/html"));
        }
        String viewer = login(Tokens.of("viewer"));
        for (String page : new String[] {"/ui/directives", "/ui/allowlist", "/ui/usage", "/ui/library", "/ui/hosts", "/ui/investigations"}) {
            given().cookie("cb_session", viewer).get(page).then().statusCode(200);
        }
        for (String page : new String[] {"/ui/notifications", "/ui/tokens", "/ui/directives/new", "/ui/schedules/new"}) {
            given().cookie("cb_session", viewer).get(page).then().statusCode(403);
        }
        given().cookie("cb_session", viewer).get("/ui/allowlist").then().body(not(containsString("Add container")));
    }

    @Test
    void anAdminEditsADirectiveIntoANewVersionAndBadJsonIsShownOnTheForm() {
        String admin = login(Tokens.ADMIN);
        String name = "ui-directive-" + System.nanoTime();
        String location = given().redirects().follow(false).cookie("cb_session", admin).formParam("csrf", csrf(admin))
                .formParam("name", name).formParam("type", "log_triage").formParam("text", "Look at the errors.")
                .formParam("task_config", "{\"log_triage\": {\"top_templates\": 5}}").formParam("active", "true")
                .post("/ui/directives").then().statusCode(303).extract().header("Location");
        String path = location.replaceAll("^https?://[^/]+", "").replaceAll("\\?.*", "");
        given().cookie("cb_session", admin).formParam("csrf", csrf(admin)).formParam("name", name)
                .formParam("text", "Look harder.").formParam("task_config", "{not json").post(path)
                .then().statusCode(400).body(containsString("task_config: must be a JSON object"))
                .body(containsString("Look harder."));
        given().redirects().follow(false).cookie("cb_session", admin).formParam("csrf", csrf(admin)).formParam("name", name)
                .formParam("text", "Look harder.").formParam("task_config", "{}").formParam("active", "true")
                .post(path).then().statusCode(303);
        given().cookie("cb_session", admin).get(path).then().statusCode(200)
                .body(containsString("Version history"))
                .body(containsString("Look at the errors."))
                .body(containsString("Look harder."));
    }

    @Test
    void anAdminAllowlistsAContainerAndAWorkerImage() {
        String admin = login(Tokens.ADMIN);
        given().redirects().follow(false).cookie("cb_session", admin).formParam("csrf", csrf(admin))
                .formParam("container_id", "abcdef0123456789").formParam("name", "grafana-ui")
                .formParam("tags", "monitoring, ui").post("/ui/allowlist/containers")
                .then().statusCode(303).header("Location", containsString("notice=added"));
        given().cookie("cb_session", admin).formParam("csrf", csrf(admin)).formParam("container_id", "NOT-HEX")
                .formParam("name", "x").post("/ui/allowlist/containers")
                .then().statusCode(400).body(containsString("container_id: must be a Docker container id"));
        given().redirects().follow(false).cookie("cb_session", admin).formParam("csrf", csrf(admin))
                .post("/ui/allowlist/containers/abcdef0123456789/disable").then().statusCode(303);
        given().redirects().follow(false).cookie("cb_session", admin).formParam("csrf", csrf(admin))
                .formParam("image_name", "cyberbrain/worker-ui").formParam("image_tag", "1.0").post("/ui/allowlist/images")
                .then().statusCode(303);
        given().cookie("cb_session", admin).get("/ui/allowlist").then().statusCode(200)
                .body(containsString("grafana-ui"))
                .body(containsString("monitoring, ui"))
                .body(containsString("cyberbrain/worker-ui:1.0"));
        String operator = login(Tokens.of("operator"));
        given().cookie("cb_session", operator).formParam("csrf", csrf(operator)).formParam("container_id", "abcdef0123456780")
                .formParam("name", "forged").post("/ui/allowlist/containers").then().statusCode(403);
    }

    @Test
    void theRunsTableFiltersByDirective() {
        String operator = login(Tokens.of("operator"));
        given().redirects().follow(false).cookie("cb_session", operator).formParam("csrf", csrf(operator))
                .formParam("task", "gpu_report").formParam("directive_id", "2").post("/ui/launch").then().statusCode(303);
        given().cookie("cb_session", operator).queryParam("directive_id", "2").get("/ui/runs").then().statusCode(200)
                .body(containsString("D2 GPU report"))
                .body(not(containsString("<td>D3 Service map</td>")))
                .body(containsString("<option value=\"2\" selected>"));
        given().cookie("cb_session", operator).queryParam("directive_id", "x").get("/ui/runs").then().statusCode(400);
    }

    @Test
    void redirectsAreRelativeWhateverTheHostHeaderSays() {
        given().redirects().follow(false).header("Host", "evil.example").get("/ui/runs").then().statusCode(303)
                .header("Location", startsWith("/ui/login?next="));
        given().redirects().follow(false).header("Host", "evil.example").formParam("token", Tokens.of("operator"))
                .formParam("next", "/ui/runs").post("/ui/login").then().statusCode(303)
                .header("Location", equalTo("/ui/runs"));
        String session = login(Tokens.of("operator"));
        given().redirects().follow(false).header("Host", "evil.example").cookie("cb_session", session)
                .formParam("csrf", csrf(session)).formParam("task", "gpu_report").post("/ui/launch")
                .then().statusCode(303).header("Location", startsWith("/ui/runs/"));
        given().redirects().follow(false).header("Host", "evil.example").cookie("cb_session", session)
                .formParam("csrf", csrf(session)).post("/ui/logout")
                .then().statusCode(303).header("Location", equalTo("/ui/login"));
    }

    @Test
    void everyUiAnswerCarriesTheBrowserHardeningHeadersAndNoInlineCode() {
        String session = login(Tokens.ADMIN);
        Response[] answers = {
                given().get("/ui/login"),
                given().redirects().follow(false).get("/ui/runs"),
                given().cookie("cb_session", session).get("/ui"),
                given().cookie("cb_session", session).get("/ui/schedules/new"),
                given().cookie("cb_session", session).get("/ui/runs/999999999")};
        for (Response r : answers) {
            r.then().header("Content-Security-Policy", containsString("default-src 'self'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Referrer-Policy", equalTo("same-origin"));
            String html = r.asString();
            org.junit.jupiter.api.Assertions.assertFalse(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(html).find(),
                    "no inline script");
            org.junit.jupiter.api.Assertions.assertFalse(Pattern.compile("\\sstyle=|<style|\\son[a-z]+=").matcher(html).find(),
                    "no inline style or handler");
        }
    }

    @Test
    void theFaviconIsServedAndLinked() {
        given().get("/favicon.ico").then().statusCode(200).contentType(containsString("icon"));
        given().get("/static/favicon.svg").then().statusCode(200).contentType(containsString("image/svg+xml"));
        given().get("/ui/login").then().body(containsString("rel=\"icon\" href=\"/static/favicon.svg\""));
        given().cookie("cb_session", login(Tokens.of("viewer"))).get("/ui").then()
                .body(containsString("rel=\"icon\" href=\"/static/favicon.svg\""));
    }

    @Test
    void theUsagePageFillsItsDateInputsToTheMinute() {
        String session = login(Tokens.of("viewer"));
        String html = given().cookie("cb_session", session).get("/ui/usage").then().statusCode(200).extract().asString();
        Matcher inputs = Pattern.compile("<input type=\"datetime-local\"[^>]*>").matcher(html);
        int count = 0;
        while (inputs.find()) {
            count++;
            org.junit.jupiter.api.Assertions.assertTrue(inputs.group().matches(
                    ".*value=\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}\".*"), inputs.group());
        }
        org.junit.jupiter.api.Assertions.assertEquals(2, count, html);
        // The form sent back as a browser without JavaScript sends it: the inputs' UTC wall time.
        given().cookie("cb_session", session).queryParam("since", "2026-01-01T00:00").queryParam("until", "2026-01-31T12:30")
                .get("/ui/usage").then().statusCode(200).body(containsString("value=\"2026-01-31T12:30\""));
    }

    @Test
    void aFinishedRunIsRunAgainWithTheSameTasksDirectiveAndOptions() {
        String operator = login(Tokens.of("operator"));
        String first = given().redirects().follow(false).cookie("cb_session", operator)
                .formParam("csrf", csrf(operator)).formParam("task", "log_triage").formParam("task", "gpu_report")
                .formParam("custom_directive_text", "Look at the disks first").formParam("use_rag", "true")
                .post("/ui/launch")
                .then().statusCode(303).extract().header("Location").replaceAll("\\?.*", "");
        given().cookie("cb_session", operator).get(first).then().body(not(containsString("Run again")));
        given().cookie("cb_session", operator).formParam("csrf", csrf(operator)).post(first + "/rerun")
                .then().statusCode(409);
        given().redirects().follow(false).cookie("cb_session", operator).formParam("csrf", csrf(operator))
                .post(first + "/cancel").then().statusCode(303);
        given().cookie("cb_session", operator).get(first).then().statusCode(200)
                .body(containsString("action=\"" + first + "/rerun\""));

        String viewer = login(Tokens.of("viewer"));
        given().cookie("cb_session", viewer).get(first).then().body(not(containsString("Run again")));
        given().cookie("cb_session", viewer).formParam("csrf", csrf(viewer)).post(first + "/rerun").then().statusCode(403);
        given().cookie("cb_session", operator).formParam("rerun", "x").post(first + "/rerun").then().statusCode(403);

        String again = given().redirects().follow(false).cookie("cb_session", operator).formParam("csrf", csrf(operator))
                .post(first + "/rerun").then().statusCode(303).header("Location", containsString("notice=rerun"))
                .extract().header("Location");
        String againId = again.replaceAll("^/ui/runs/(\\d+).*", "$1");
        String firstId = first.replaceAll("^/ui/runs/", "");
        org.junit.jupiter.api.Assertions.assertNotEquals(firstId, againId);
        var original = Tokens.as("viewer").get("/api/runs/" + firstId).then().statusCode(200).extract().jsonPath();
        var rerun = Tokens.as("viewer").get("/api/runs/" + againId).then().statusCode(200).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals(original.getList("tasks"), rerun.getList("tasks"));
        org.junit.jupiter.api.Assertions.assertEquals("custom", rerun.getString("directive.type"));
        org.junit.jupiter.api.Assertions.assertEquals("Look at the disks first", rerun.getString("directive.text"));
        org.junit.jupiter.api.Assertions.assertTrue(rerun.getBoolean("use_rag"));
        org.junit.jupiter.api.Assertions.assertEquals("manual", rerun.getString("trigger"));
        given().cookie("cb_session", operator).get(again).then().body(containsString("Run launched again"));
    }
}
