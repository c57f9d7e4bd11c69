package io.cyberbrain.api.allowlist;

import static io.cyberbrain.api.Tokens.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AllowlistResourceTest {

    @Test
    void containersAreKeyedByIdAndCanBeToggled() {
        String id = "4f1c2a9b8e7d";
        as("admin").body(Map.of("container_id", id, "name", "/nginx", "tags", List.of("web", "edge")))
                .post("/api/allowlist/containers").then().statusCode(201)
                .body("container_id", equalTo(id)).body("name", equalTo("nginx")).body("enabled", equalTo(true))
                .body("tags", contains("web", "edge"));
        as("admin").body(Map.of("container_id", id, "name", "nginx")).post("/api/allowlist/containers")
                .then().statusCode(409);
        as("admin").post("/api/allowlist/containers/" + id + "/disable").then().statusCode(200).body("enabled", equalTo(false));
        as("viewer").queryParam("enabled", false).get("/api/containers/").then().statusCode(200)
                .body("items.container_id", hasItem(id));
        as("admin").body(Map.of("tags", List.of("web"))).patch("/api/containers/" + id).then().statusCode(200)
                .body("tags", contains("web"));
        as("admin").delete("/api/allowlist/containers/" + id).then().statusCode(204);
        as("viewer").get("/api/allowlist/containers/" + id).then().statusCode(404);
    }

    @Test
    void badContainerIdsAndNamesAreRejected() {
        as("admin").body(Map.of("container_id", "NOT-HEX", "name", "x")).post("/api/allowlist/containers")
                .then().statusCode(400).body("errors[0].field", equalTo("container_id"));
        as("admin").body(Map.of("container_id", "abcdefabcdef", "name", "bad name!")).post("/api/allowlist/containers")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
    }

    @Test
    void workerImagesAreUniqueByNameAndTag() {
        int id = as("admin").body(Map.of("image_name", "ghcr.io/cyberbrain/worker", "image_tag", "0.1.0",
                        "needs_gpu", true, "min_vram_mb", 4096))
                .post("/api/allowlist/images").then().statusCode(201)
                .body("reference", equalTo("ghcr.io/cyberbrain/worker:0.1.0")).body("needs_gpu", equalTo(true))
                .extract().path("id");
        as("admin").body(Map.of("image_name", "ghcr.io/cyberbrain/worker", "image_tag", "0.1.0"))
                .post("/api/allowlist/images").then().statusCode(409).body("detail", containsString("already"));
        as("admin").body(Map.of("min_vram_mb", -1)).patch("/api/allowlist/images/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("min_vram_mb"));
        as("admin").body(Map.of("image_name", "UPPER/Case")).patch("/api/allowlist/images/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("image_name"));
        as("admin").delete("/api/allowlist/images/" + id).then().statusCode(204);
    }
}
