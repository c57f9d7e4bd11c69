package io.cyberbrain.api.alert;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code cyberbrain.alerts.*}: how alerts are received and deduplicated. */
@ConfigMapping(prefix = "cyberbrain.alerts")
public interface AlertsConfig {

    /**
     * After an alert opened a run or an investigation, a repeat with the same fingerprint opens nothing for this long
     * (it is stored as a duplicate). Counted from the alert that opened; a resolved notice ends it early.
     */
    @WithDefault("1h")
    Duration quietWindow();

    /** Most alerts one Alertmanager notification may carry (its webhook's max_alerts should not exceed it). */
    @WithDefault("1000")
    int maxAlertsPerNotification();
}
