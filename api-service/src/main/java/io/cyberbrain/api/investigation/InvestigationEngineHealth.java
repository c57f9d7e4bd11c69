package io.cyberbrain.api.investigation;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.Readiness;

import io.cyberbrain.model.claim.ConsumerReadiness;

/** Readiness of the investigation engine: DOWN once its heartbeat or polling stopped succeeding. */
@Readiness
@Singleton
public class InvestigationEngineHealth extends ConsumerReadiness {

    public InvestigationEngineHealth(InvestigationEngine engine) {
        super("investigation engine", engine::liveness);
    }
}
