package io.cyberbrain.api.common;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * The API speaks snake_case (the original API's names), but the same ObjectMapper also writes the MCP
 * protocol's own messages, which must keep the spec's camelCase: {@link WireNamingStrategy} says which is which.
 */
@Singleton
public class WireNaming implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(new WireNamingStrategy());
    }
}
