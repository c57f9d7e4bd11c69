package io.cyberbrain.model.claim;

import java.time.Instant;

/**
 * Whether a {@link QueueConsumer} still works: when its heartbeat and its polling last succeeded, and why not.
 *
 * @param enabled false when the feature is switched off (then nothing is expected of it)
 */
public record ConsumerLiveness(boolean enabled, boolean alive, Instant lastHeartbeat, Instant lastPoll, String problem) {

    public static final ConsumerLiveness DISABLED = new ConsumerLiveness(false, true, null, null, null);
}
