package io.cyberbrain.model.claim;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

/** Builds {@link QueueConsumer}s on this service's claimer, listener and clock. */
@ApplicationScoped
public class QueueConsumers {

    private final LeaseClaimer claimer;
    private final PgListener listener;
    private final Clock clock;

    public QueueConsumers(LeaseClaimer claimer, PgListener listener, Clock clock) {
        this.claimer = claimer;
        this.listener = listener;
        this.clock = clock;
    }

    /** A consumer of the queue {@code settings} describe, not started yet. */
    public QueueConsumer create(QueueSettings settings, ClaimWork work) {
        return new QueueConsumer(claimer, listener, clock, settings, work);
    }
}
