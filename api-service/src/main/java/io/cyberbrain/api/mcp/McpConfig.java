package io.cyberbrain.api.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code cyberbrain.mcp.*}: who may reach the MCP endpoints from a browser, and how long a tool may wait. */
@ConfigMapping(prefix = "cyberbrain.mcp")
public interface McpConfig {

    /**
     * Browser origins allowed to call {@code /mcp} (scheme://host[:port]). The public URL's origin and loopback
     * origins are always allowed; any other {@code Origin} header is refused with 403 (DNS rebinding).
     */
    Optional<List<String>> allowedOrigins();

    /** Longest a {@code launch_run} with {@code wait: true} blocks before returning the run as it stands. */
    @WithDefault("10m")
    Duration maxWait();

    /** How often a waiting {@code launch_run} looks at its run and reports progress. */
    @WithDefault("1s")
    Duration waitPollInterval();
}
