package io.cyberbrain.model.notification;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/** Reads the process environment for {@code *_env} secrets; a bean so that tests can stand in for it. */
@ApplicationScoped
public class EnvironmentVariables {

    public Optional<String> get(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }
}
