package io.cyberbrain.ingester.ingest;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.Readiness;

import io.cyberbrain.model.claim.ConsumerReadiness;

/**
 * Readiness of the upload consumer: DOWN once its heartbeat or its polling stopped succeeding, so that an instance
 * that claims nothing more is restarted instead of looking healthy. UP, saying so, when ingestion is disabled.
 */
@Readiness
@Singleton
public class IngestConsumerHealth extends ConsumerReadiness {

    public IngestConsumerHealth(IngestDispatcher dispatcher) {
        super("upload consumer", dispatcher::liveness);
    }
}
