package io.cyberbrain.api.mcp;

import jakarta.enterprise.context.Dependent;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;

import io.quarkiverse.mcp.server.runtime.SchemaGeneratorConfigCustomizer;

/**
 * Names schema properties the way the service's ObjectMapper writes them ({@code quarkus.jackson.property-naming-strategy=
 * SNAKE_CASE}); without it a tool's output schema would say {@code runId} while its structured content says
 * {@code run_id}, and clients that validate results against the schema (the TypeScript SDK does) would reject them.
 */
@Dependent
public class SnakeCaseSchemaNames implements SchemaGeneratorConfigCustomizer {

    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

    @Override
    public void customize(SchemaGeneratorConfigBuilder builder) {
        builder.forFields().withPropertyNameOverrideResolver(field -> SNAKE.translate(field.getDeclaredName()));
    }
}
