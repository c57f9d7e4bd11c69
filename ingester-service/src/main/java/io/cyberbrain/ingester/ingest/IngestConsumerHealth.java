package io.cyberbrain.ingester.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the upload consumer: DOWN once its heartbeat or its polling stopped running (see
 * {@link IngestDispatcher#liveness()}), so that an instance that claims nothing more is restarted instead of
 * looking healthy. UP, saying so, when ingestion is disabled.
 */
@Readiness
@ApplicationScoped
public class IngestConsumerHealth implements HealthCheck {

    private final IngestDispatcher dispatcher;

    public IngestConsumerHealth(IngestDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public HealthCheckResponse call() {
        IngestDispatcher.Liveness l = dispatcher.liveness();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("upload consumer").status(l.alive())
                .withData("enabled", l.enabled());
        if (l.lastHeartbeat() != null) {
            b.withData("lastHeartbeat", l.lastHeartbeat().toString());
        }
        if (l.lastPoll() != null) {
            b.withData("lastPoll", l.lastPoll().toString());
        }
        if (l.problem() != null) {
            b.withData("problem", l.problem());
        }
        return b.build();
    }
}
