package io.cyberbrain.model.claim;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

import org.jboss.logging.Logger;

/**
 * Keeps a fixed number of worker slots busy with claimed rows: each {@link #wake()} claims as many rows as there
 * are free slots and runs each on the executor; wake-ups that arrive while a claim is running cause one more
 * round, and every finished row wakes it again. The {@link QueueConsumer} around it wakes it from NOTIFY and
 * polling, and holds, recovers and gives back its leases.
 */
public final class ClaimPump {

    private static final Logger LOG = Logger.getLogger(ClaimPump.class);

    private final LeaseClaimer claimer;
    private final ClaimSpec spec;
    private final ClaimFilter filter;
    private final String owner;
    private final Duration lease;
    private final int slots;
    private final ExecutorService workers;
    private final LongConsumer work;
    private final String what;

    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean wakeAgain = new AtomicBoolean();
    private volatile boolean accepting = true;

    /**
     * @param work runs one claimed row on a worker thread; what it throws is logged
     * @param what the rows in log lines, e.g. "jobs"
     */
    public ClaimPump(LeaseClaimer claimer, ClaimSpec spec, String owner, Duration lease, int slots, ExecutorService workers,
                     LongConsumer work, String what) {
        this(claimer, spec, ClaimFilter.NONE, owner, lease, slots, workers, work, what);
    }

    /** A pump that claims only the rows {@code filter} lets it take. */
    public ClaimPump(LeaseClaimer claimer, ClaimSpec spec, ClaimFilter filter, String owner, Duration lease, int slots,
                     ExecutorService workers, LongConsumer work, String what) {
        this.claimer = claimer;
        this.spec = spec;
        this.filter = filter;
        this.owner = owner;
        this.lease = lease;
        this.slots = slots;
        this.workers = workers;
        this.work = work;
        this.what = what;
    }

    public void wake() {
        if (!accepting) {
            return;
        }
        if (!claiming.compareAndSet(false, true)) {
            wakeAgain.set(true);
            return;
        }
        int free = slots - inFlight.size();
        if (free <= 0) {
            claimDone();
            return;
        }
        try {
            claimer.claim(spec, filter, owner, lease, free).subscribe().with(ids -> {
                try {
                    ids.forEach(this::submit);
                } finally {
                    claimDone();
                }
            }, e -> {
                LOG.warnf("claiming %s failed: %s", what, e.getMessage());
                claimDone();
            });
        } catch (Throwable t) {
            // Whatever failed (even an Error), the pump must not stay "claiming" forever: that would wedge it.
            LOG.errorf(t, "claiming %s failed", what);
            claimDone();
        }
    }

    private void claimDone() {
        claiming.set(false);
        if (wakeAgain.getAndSet(false)) {
            wake();
        }
    }

    private void submit(long id) {
        inFlight.add(id);
        try {
            workers.execute(() -> {
                try {
                    work.accept(id);
                } catch (Throwable t) {
                    // Errors too (out of memory, stack overflow): the row's own handling failed, the slot lives on.
                    LOG.errorf(t, "%s %d", what, id);
                } finally {
                    inFlight.remove(id);
                    wake();
                }
            });
        } catch (Throwable notStarted) {
            // Rejected (shutting down) or no thread to run it (out of memory): the slot is free again, and the row
            // stays claimed until it is given back or its lease expires and recovery puts it back.
            inFlight.remove(id);
            LOG.warnf("%s %d not started: %s", what, id, notStarted);
        }
    }

    /** Claims nothing more; rows in flight run on. */
    public void stopAccepting() {
        accepting = false;
    }

    public boolean isInFlight(long id) {
        return inFlight.contains(id);
    }

    /** The rows this instance is working on now. */
    public Set<Long> inFlight() {
        return Set.copyOf(inFlight);
    }
}
