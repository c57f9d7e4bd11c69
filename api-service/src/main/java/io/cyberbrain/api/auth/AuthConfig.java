package io.cyberbrain.api.auth;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "cyberbrain.auth")
public interface AuthConfig {

    /** AUTH_ENABLED; false admits every request as an admin (allowlists, redaction and the LLM guard stay on). */
    @WithDefault("true")
    boolean enabled();

    /** CYBERBRAIN_ADMIN_TOKEN: the first admin token's secret; when absent one is generated and printed once. */
    Optional<String> adminToken();
}
