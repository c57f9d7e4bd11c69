package io.cyberbrain.api.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.cyberbrain.api.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/** The Hosts page: everyone sees the hosts; an admin drains one and changes its labels, as over REST. */
@QuarkusTest
class HostPagesTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    String dbPassword;

    @Test
    void anAdminDrainsAHostAndSetsItsLabelsAViewerOnlyLooks() throws Exception {
        long id;
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword); Statement s = c.createStatement()) {
            s.execute("delete from worker_host where name = 'ui-host'");
            var rs = s.executeQuery("""
                    insert into worker_host (name, labels, configured_labels, executor, gpus, cpu_count, max_concurrent_jobs,
                                             registered_at, last_heartbeat_at, created_at, updated_at)
                    values ('ui-host', '{"site": "attic"}', '{}', 'process',
                            '{"0": {"uuid": "GPU-77", "model": "NVIDIA A10G", "memory_total_mb": 23028}}', 4, 2, now(), now(), now(), now())
                    returning id""");
            rs.next();
            id = rs.getLong(1);
        }
        String admin = UiPagesTest.login(Tokens.ADMIN);
        given().cookie("cb_session", admin).get("/ui/hosts").then().statusCode(200)
                .body(containsString("ui-host")).body(containsString("NVIDIA A10G (23028 MiB)")).body(containsString("site=attic"))
                .body(containsString("online")).body(containsString("href=\"/ui/hosts\""));
        given().redirects().follow(false).cookie("cb_session", admin).formParam("csrf", UiPagesTest.csrf(admin))
                .post("/ui/hosts/" + id + "/draining").then().statusCode(303).header("Location", containsString("notice=draining"));
        given().redirects().follow(false).cookie("cb_session", admin).formParam("csrf", UiPagesTest.csrf(admin))
                .formParam("labels", "gpu=true, site=basement").post("/ui/hosts/" + id + "/labels").then().statusCode(303);
        given().cookie("cb_session", admin).formParam("csrf", UiPagesTest.csrf(admin))
                .formParam("labels", "no value").post("/ui/hosts/" + id + "/labels").then().statusCode(400)
                .body(containsString("is not key=value"));
        given().cookie("cb_session", admin).get("/ui/hosts").then().statusCode(200)
                .body(containsString("draining")).body(containsString("gpu=true, site=basement"));

        String viewer = UiPagesTest.login(Tokens.of("viewer"));
        given().cookie("cb_session", viewer).get("/ui/hosts").then().statusCode(200)
                .body(containsString("ui-host")).body(not(containsString("Save labels")));
        given().cookie("cb_session", viewer).formParam("csrf", UiPagesTest.csrf(viewer))
                .post("/ui/hosts/" + id + "/disabled").then().statusCode(403);
    }
}
