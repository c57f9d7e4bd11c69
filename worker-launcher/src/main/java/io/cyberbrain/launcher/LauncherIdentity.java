package io.cyberbrain.launcher;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.claim.LeaseOwnerNames;

/** This launcher's name in leases (see {@link LeaseOwnerNames}). */
@ApplicationScoped
public class LauncherIdentity {

    private final String name;

    public LauncherIdentity(LauncherConfig config) {
        this.name = LeaseOwnerNames.of(config.instanceId(), "launcher");
    }

    public String name() {
        return name;
    }
}
