package io.cyberbrain.launcher.dispatch;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.Readiness;

import io.cyberbrain.model.claim.ConsumerReadiness;

/** Readiness of the job consumer: DOWN once it stopped heart-beating or polling; UP, saying so, when disabled. */
@Readiness
@Singleton
public class JobConsumerHealth extends ConsumerReadiness {

    public JobConsumerHealth(JobDispatcher dispatcher) {
        super("job consumer", dispatcher::liveness);
    }
}
