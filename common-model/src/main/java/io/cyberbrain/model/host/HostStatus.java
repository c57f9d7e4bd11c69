package io.cyberbrain.model.host;

import java.time.Instant;

import io.cyberbrain.model.support.WireEnum;

/** Whether a host's launcher is alive, derived from its last heartbeat; never stored. */
public enum HostStatus implements WireEnum {
    ONLINE, STALE, OFFLINE;

    public static HostStatus of(Instant lastHeartbeat, Instant stoppedAt, Instant now, HostsConfig config) {
        if (stoppedAt != null && !stoppedAt.isBefore(lastHeartbeat)) {
            return OFFLINE;
        }
        if (!lastHeartbeat.isBefore(now.minus(config.staleAfter()))) {
            return ONLINE;
        }
        return lastHeartbeat.isBefore(now.minus(config.offlineAfter())) ? OFFLINE : STALE;
    }

    /**
     * The SQL condition "host {@code alias} is online", the same rule as {@link #of}: {@code sinceParameter} is bound
     * to {@link #onlineSince}.
     */
    public static String onlineSql(String alias, String sinceParameter) {
        return "(" + alias + ".stopped_at is null or " + alias + ".stopped_at < " + alias + ".last_heartbeat_at) and "
                + alias + ".last_heartbeat_at >= " + sinceParameter;
    }

    /** The oldest heartbeat of an online host at {@code now}. */
    public static Instant onlineSince(Instant now, HostsConfig config) {
        return now.minus(config.staleAfter());
    }
}
