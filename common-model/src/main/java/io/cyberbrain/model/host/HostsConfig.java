package io.cyberbrain.model.host;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How worker hosts are judged, the same in every service: the API's status, the launch path's fan-out, the
 * launchers' heartbeats and their check of jobs no host can take.
 */
@ConfigMapping(prefix = "cyberbrain.hosts")
public interface HostsConfig {

    /** CYBERBRAIN_HOSTS_HEARTBEAT_INTERVAL: how often a launcher stamps its host's heartbeat. */
    @WithDefault("15s")
    Duration heartbeatInterval();

    /** CYBERBRAIN_HOSTS_STALE_AFTER: a host whose last heartbeat is older is {@code stale} (missed heartbeats). */
    @WithDefault("45s")
    Duration staleAfter();

    /** CYBERBRAIN_HOSTS_OFFLINE_AFTER: a host whose last heartbeat is older is {@code offline}. */
    @WithDefault("5m")
    Duration offlineAfter();

    /**
     * CYBERBRAIN_HOSTS_UNPLACED_TIMEOUT: a pending job whose target no online, enabled host matches fails after waiting
     * this long, with the reason.
     */
    @WithDefault("10m")
    Duration unplacedTimeout();
}
