package io.cyberbrain.launcher;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/** This launcher's name in leases: configured, or host, pid and a random suffix so restarts differ. */
@ApplicationScoped
public class LauncherIdentity {

    private final String name;

    public LauncherIdentity(LauncherConfig config) {
        this.name = config.instanceId().filter(s -> !s.isBlank()).orElseGet(LauncherIdentity::generated);
    }

    public String name() {
        return name;
    }

    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "launcher";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}
