package io.cyberbrain.launcher.notify;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.Readiness;

import io.cyberbrain.model.claim.ConsumerReadiness;

/** Readiness of the notification consumer: DOWN once it stopped heart-beating (recovering) or polling. */
@Readiness
@Singleton
public class NotificationConsumerHealth extends ConsumerReadiness {

    public NotificationConsumerHealth(NotificationDispatcher dispatcher) {
        super("notification consumer", dispatcher::liveness);
    }
}
