package io.cyberbrain.model.claim;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link QueueConsumer} needs to know of its queue, read once from the feature's configuration.
 *
 * @param name        one row in words ("job", "upload"): thread names and log lines
 * @param spec        how rows are claimed, held and given back
 * @param owner       this instance's name in leases
 * @param threads     rows worked on at once, each on a thread of the consumer's own
 * @param timing      lease, heartbeat, polling and when readiness gives up on the consumer
 * @param wakeChannel the NOTIFY channel that says rows are ready, if any (polling is the fallback anyway)
 * @param onStop      what happens to the rows in flight on shutdown
 * @param filter      which of the ready rows this instance may claim ({@link ClaimFilter#NONE}: all)
 */
public record QueueSettings(String name, ClaimSpec spec, String owner, int threads, Timing timing,
                            Optional<String> wakeChannel, OnStop onStop, ClaimFilter filter) {

    /** A consumer that may claim every ready row. */
    public QueueSettings(String name, ClaimSpec spec, String owner, int threads, Timing timing, Optional<String> wakeChannel,
                         OnStop onStop) {
        this(name, spec, owner, threads, timing, wakeChannel, onStop, ClaimFilter.NONE);
    }

    public QueueSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(wakeChannel, "wakeChannel");
        Objects.requireNonNull(onStop, "onStop");
        Objects.requireNonNull(filter, "filter");
        if (threads < 1) {
            throw new IllegalArgumentException(name + " consumer: threads must be at least 1, not " + threads);
        }
    }

    /**
     * @param lease             how long a claim holds without a heartbeat
     * @param heartbeatInterval how often held leases are extended and expired ones recovered
     * @param pollInterval      how often the queue is looked at without being woken
     * @param livenessIntervals readiness goes DOWN once a heartbeat or poll has not succeeded for this many of its
     *                          intervals: the consumer is stuck (its timer thread blocked, the database gone)
     */
    public record Timing(Duration lease, Duration heartbeatInterval, Duration pollInterval, int livenessIntervals) {

        public Timing {
            positive(lease, "lease");
            positive(heartbeatInterval, "heartbeat interval");
            positive(pollInterval, "poll interval");
            livenessIntervals = Math.max(1, livenessIntervals);
        }

        private static void positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + d);
            }
        }
    }

    /** The rows in flight when the consumer stops. */
    public enum OnStop {
        /** Given back at once (the attempt not counted); their work is fenced out and ends on its own or by {@link ClaimWork#stopping}. */
        GIVE_BACK,
        /** Given back at once, and the consumer's threads interrupted. */
        GIVE_BACK_AND_INTERRUPT,
        /** Left to finish for a short grace, so that what they did is recorded; what is still running then is given back. */
        FINISH
    }
}
