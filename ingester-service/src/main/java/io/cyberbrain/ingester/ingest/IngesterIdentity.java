package io.cyberbrain.ingester.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/** This ingester's name in leases: configured, or host, pid and a random suffix so restarts differ. */
@ApplicationScoped
public class IngesterIdentity {

    private final String name;

    public IngesterIdentity(IngestConfig config) {
        this.name = config.instanceId().filter(s -> !s.isBlank()).orElseGet(IngesterIdentity::generated);
    }

    public String name() {
        return name;
    }

    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "ingester";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}
