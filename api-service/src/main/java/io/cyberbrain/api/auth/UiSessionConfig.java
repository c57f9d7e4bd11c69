package io.cyberbrain.api.auth;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code cyberbrain.ui.*}: the web UI's sessions. */
@ConfigMapping(prefix = "cyberbrain.ui")
public interface UiSessionConfig {

    /** How long a login lasts; every page view within it keeps it, none extends it. */
    @WithDefault("12h")
    Duration sessionTtl();

    /**
     * Mark the session cookie {@code Secure}. Unset: secure when {@code cyberbrain.public-url} is https, which is the
     * case behind a TLS reverse proxy.
     */
    Optional<Boolean> secureCookie();
}
