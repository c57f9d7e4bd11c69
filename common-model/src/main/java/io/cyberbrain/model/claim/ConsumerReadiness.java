package io.cyberbrain.model.claim;

import java.util.function.Supplier;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * A queue consumer in readiness: DOWN once it stopped heart-beating or polling ({@link QueueConsumer#liveness()}), so
 * that an instance that claims nothing more is restarted instead of looking healthy; UP, saying so, when disabled.
 * A service declares one {@code @Readiness} subclass per consumer.
 */
public abstract class ConsumerReadiness implements HealthCheck {

    private final String name;
    private final Supplier<ConsumerLiveness> liveness;

    protected ConsumerReadiness(String name, Supplier<ConsumerLiveness> liveness) {
        this.name = name;
        this.liveness = liveness;
    }

    @Override
    public HealthCheckResponse call() {
        ConsumerLiveness l = liveness.get();
        HealthCheckResponseBuilder b = HealthCheckResponse.named(name).status(l.alive()).withData("enabled", l.enabled());
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
