package io.cyberbrain.model.claim;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.UUID;

/** The name an instance writes into the leases it holds: configured, or host, pid and a random suffix so restarts differ. */
public final class LeaseOwnerNames {

    private LeaseOwnerNames() {
    }

    /** {@code configured} when set, else a generated name ({@code fallbackHost} when the host has no name). */
    public static String of(Optional<String> configured, String fallbackHost) {
        return configured.filter(s -> !s.isBlank()).orElseGet(() -> generated(fallbackHost));
    }

    private static String generated(String fallbackHost) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = fallbackHost;
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}
