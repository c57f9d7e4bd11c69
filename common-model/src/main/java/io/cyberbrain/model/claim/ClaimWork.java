package io.cyberbrain.model.claim;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a feature does with the rows its {@link QueueConsumer} claims: all that differs from one queue to another.
 * The hooks default to doing nothing.
 */
public interface ClaimWork {

    /** Works on one claimed row, on one of the consumer's threads. What it throws is logged; the slot lives on. */
    void run(long id);

    /** Another holder has the row now (this instance missed its heartbeats): its work is fenced out, stop it. */
    default void leaseLost(long id) {
    }

    /** Rows of dead holders were recovered (requeued, or given up after their last attempt); on the timer thread. */
    default void recovered(LeaseClaimer.Recovery recovery) {
    }

    /** Shutting down: these rows were in flight and have been given back (as far as this instance still held them). */
    default void stopping(List<Long> inFlight) {
    }

    /** Further NOTIFY channels heard on the consumer's connection; handlers run on the event loop and must not block. */
    default Map<String, Consumer<String>> listens() {
        return Map.of();
    }
}
