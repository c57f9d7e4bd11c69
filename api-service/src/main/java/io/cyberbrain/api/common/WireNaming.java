package io.cyberbrain.api.common;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * The API speaks snake_case (the original API's names), but the same ObjectMapper also writes the MCP
 * protocol's own messages ({@code isError}, {@code structuredContent}, {@code mimeType}), which must keep the
 * spec's camelCase. So: snake_case for everything except the MCP extension's types.
 */
@Singleton
public class WireNaming implements ObjectMapperCustomizer {

    static final class SnakeCaseExceptMcp extends PropertyNamingStrategies.SnakeCaseStrategy {

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

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(new SnakeCaseExceptMcp());
    }
}
