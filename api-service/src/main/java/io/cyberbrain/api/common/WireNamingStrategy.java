package io.cyberbrain.api.common;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;

/**
 * The one naming rule of the wire: snake_case, except the MCP extension's own protocol types, which keep the
 * spec's camelCase ({@code isError}, {@code structuredContent}). The ObjectMapper ({@link WireNaming}) and the
 * OpenAPI document ({@code mp.openapi.extensions.smallrye.property-naming-strategy}) both use this class, so the
 * names the document shows cannot drift from the names the API reads and writes.
 */
public class WireNamingStrategy extends PropertyNamingStrategies.SnakeCaseStrategy {

    private static final String MCP_PACKAGE = "io.quarkiverse.mcp.";

    @Override
    public String nameForField(MapperConfig<?> config, AnnotatedField field, String defaultName) {
        return protocolType(field) ? defaultName : super.nameForField(config, field, defaultName);
    }

    @Override
    public String nameForGetterMethod(MapperConfig<?> config, AnnotatedMethod method, String defaultName) {
        return protocolType(method) ? defaultName : super.nameForGetterMethod(config, method, defaultName);
    }

    @Override
    public String nameForSetterMethod(MapperConfig<?> config, AnnotatedMethod method, String defaultName) {
        return protocolType(method) ? defaultName : super.nameForSetterMethod(config, method, defaultName);
    }

    @Override
    public String nameForConstructorParameter(MapperConfig<?> config, AnnotatedParameter parameter, String defaultName) {
        return protocolType(parameter) ? defaultName : super.nameForConstructorParameter(config, parameter, defaultName);
    }

    private static boolean protocolType(AnnotatedMember member) {
        return member != null && member.getDeclaringClass().getName().startsWith(MCP_PACKAGE);
    }
}
