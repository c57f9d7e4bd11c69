package io.cyberbrain.api.mcp;

import jakarta.enterprise.context.Dependent;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;

import io.quarkiverse.mcp.server.runtime.SchemaGeneratorConfigCustomizer;

/**
 * Makes the generated output schemas describe what the service's ObjectMapper really writes, because clients
 * validate structured results against them (the TypeScript SDK rejects a mismatch):
 * property names in snake_case, and fields that may be null (a run's {@code ended_at} before it ends) nullable,
 * since nulls are written rather than left out. A nullable property is written {@code anyOf: [{type: X}, {type: null}]},
 * never as a type array ({@code ["string","null"]}), which several MCP clients read as a single string and reject
 * (the MCP Inspector flags it as a portability problem).
 */
@Dependent
public class McpSchemaConventions implements SchemaGeneratorConfigCustomizer {

    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

    @Override
    public void customize(SchemaGeneratorConfigBuilder builder) {
        builder.with(Option.NULLABLE_FIELDS_BY_DEFAULT, Option.NULLABLE_ALWAYS_AS_ANYOF);
        builder.forFields()
                .withPropertyNameOverrideResolver(field -> SNAKE.translate(field.getDeclaredName()))
                // A primitive cannot be null; saying so keeps the schema exact.
                .withNullableCheck(field -> !field.getType().isPrimitive());
    }
}
