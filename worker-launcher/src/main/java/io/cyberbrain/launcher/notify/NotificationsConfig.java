package io.cyberbrain.launcher.notify;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code cyberbrain.notifications.*}: how the launcher sends run notifications. */
@ConfigMapping(prefix = "cyberbrain.notifications")
public interface NotificationsConfig {

    /** Polling for due notifications; a run ending wakes the dispatcher at once anyway. */
    @WithDefault("10s")
    Duration pollInterval();

    /** Sends of one notification before it is marked failed. */
    @WithDefault("5")
    int maxAttempts();

    /** Wait after the first failed send; doubled after each further one. */
    @WithDefault("30s")
    Duration backoff();

    @WithDefault("1h")
    Duration maxBackoff();

    /** How long a claimed notification is held; longer than one send can take (HTTP 25s, SMTP 70s at worst). */
    @WithDefault("3m")
    Duration lease();

    /**
     * No longer used: notifications are sent one at a time as they become due, without rounds to bound, and
     * recovery runs on its own timer. Kept so that a configuration that sets it still starts.
     */
    @Deprecated
    @WithDefault("100")
    int batchLimit();
}
