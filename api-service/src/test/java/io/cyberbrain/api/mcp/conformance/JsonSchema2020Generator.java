package io.cyberbrain.api.mcp.conformance;

import jakarta.inject.Singleton;

import io.quarkiverse.mcp.server.InputSchemaGenerator;
import io.quarkiverse.mcp.server.ToolManager.ToolInfo;
import io.vertx.core.json.JsonObject;

/**
 * The hand-written input schema of {@code json_schema_2020_12_tool}: the json-schema-2020-12 scenario (SEP-1613)
 * checks that {@code $schema}, {@code $defs} and {@code additionalProperties} reach the client untouched, which a
 * schema generated from Java parameters would never contain.
 */
@Singleton
public class JsonSchema2020Generator implements InputSchemaGenerator<JsonObject> {

    @Override
    public JsonObject generate(ToolInfo tool) {
        JsonObject address = new JsonObject().put("type", "object").put("properties", new JsonObject()
                .put("street", new JsonObject().put("type", "string"))
                .put("city", new JsonObject().put("type", "string")));
        return new JsonObject()
                .put("$schema", "https://json-schema.org/draft/2020-12/schema")
                .put("type", "object")
                .put("$defs", new JsonObject().put("address", address))
                .put("properties", new JsonObject()
                        .put("name", new JsonObject().put("type", "string"))
                        .put("address", new JsonObject().put("$ref", "#/$defs/address")))
                .put("additionalProperties", false);
    }
}
