package io.cyberbrain.model.notification;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * {@code cyberbrain.notifications.allowed-hosts} and {@code allowed-cidrs}: the internal destinations an
 * operator lets notifications reach (a webhook receiver on the LAN, a local SMTP relay). Without them only
 * public addresses are reached; see {@link EgressPolicy}.
 */
@ConfigMapping(prefix = "cyberbrain.notifications")
public interface EgressConfig {

    /** Exact host names (or IP literals) accepted whatever they resolve to. */
    Optional<List<String>> allowedHosts();

    /** Address ranges such as {@code 192.168.1.0/24} or a single {@code 10.0.0.7}, accepted in any scope. */
    Optional<List<String>> allowedCidrs();
}
