package io.cyberbrain.api.mcp.conformance;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.mcp.server.BlobResourceContents;
import io.quarkiverse.mcp.server.RequestUri;
import io.quarkiverse.mcp.server.Resource;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.ResourceTemplateArg;
import io.quarkiverse.mcp.server.TextResourceContents;
import io.vertx.core.json.JsonObject;

/**
 * The resources the conformance suite reads and subscribes to ({@code resources-*} scenarios). Subscriptions need
 * no code here: the extension keeps them for any listed resource, {@code test://watched-resource} included.
 */
@ApplicationScoped
public class ConformanceResources {

    @Resource(uri = "test://static-text", name = "static_text", mimeType = "text/plain",
            description = "A fixed text resource (conformance: resources-read-text)")
    TextResourceContents staticText(RequestUri uri) {
        return new TextResourceContents(uri.value(), "This is the content of the static text resource.", "text/plain");
    }

    @Resource(uri = "test://static-binary", name = "static_binary", mimeType = "image/png",
            description = "A fixed binary resource, a 1x1 red PNG (conformance: resources-read-binary)")
    BlobResourceContents staticBinary(RequestUri uri) {
        ConformanceMedia png = ConformanceMedia.RED_PIXEL_PNG;
        return new BlobResourceContents(uri.value(), png.base64(), png.mimeType());
    }

    @Resource(uri = "test://watched-resource", name = "watched_resource", mimeType = "text/plain",
            description = "A resource clients may subscribe to (conformance: resources-subscribe, resources-unsubscribe)")
    TextResourceContents watchedResource(RequestUri uri) {
        return new TextResourceContents(uri.value(), "Watched resource content", "text/plain");
    }

    @ResourceTemplate(uriTemplate = "test://template/{id}/data", name = "template_data", mimeType = "application/json",
            description = "Data for one id, substituted from the URI (conformance: resources-templates-read)")
    TextResourceContents templateData(@ResourceTemplateArg(name = "id") String id, RequestUri uri) {
        // Built as JSON, not by concatenation, so that whatever the id holds the text stays valid JSON.
        String json = new JsonObject().put("id", id).put("templateTest", true).put("data", "Data for ID: " + id).encode();
        return new TextResourceContents(uri.value(), json, "application/json");
    }
}
