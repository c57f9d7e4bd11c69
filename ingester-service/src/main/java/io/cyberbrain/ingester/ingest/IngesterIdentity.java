package io.cyberbrain.ingester.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.claim.LeaseOwnerNames;

/** This ingester's name in leases (see {@link LeaseOwnerNames}). */
@ApplicationScoped
public class IngesterIdentity {

    private final String name;

    public IngesterIdentity(IngestConfig config) {
        this.name = LeaseOwnerNames.of(config.instanceId(), "ingester");
    }

    public String name() {
        return name;
    }
}
