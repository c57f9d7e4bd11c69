package io.cyberbrain.scheduler.fire;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.FlushMode;

import io.cyberbrain.model.claim.ClaimSpec;
import io.cyberbrain.model.claim.TransactionClaimer;
import io.cyberbrain.model.schedule.Schedule;
import io.cyberbrain.model.schedule.ScheduleFiring;
import io.cyberbrain.model.schedule.ScheduleFiring.Fire;
import io.cyberbrain.model.schedule.ScheduledRunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * Fires due schedules: each batch is one transaction that locks due schedules ({@code FOR UPDATE SKIP
 * LOCKED}), fires them through {@link ScheduleFiring} (set-based: a statement per table for the batch) and
 * moves them past now. A fire is therefore committed
 * together with its run and its move, or not at all, and an instance that dies mid-batch leaves the batch due
 * for the others. A schedule that was overdue by many slots fires once (the slot it was due for) and moves on
 * to its first time after now: the misfire policy.
 */
@Startup // created at start, not at first use: its meters are exposed (at 0) before their first event
@ApplicationScoped
public class DueScheduleFirer {

    // Ordered by the due-time index alone, so that a claim reads only the rows it locks: with a tie-breaker the
    // index does not cover, every claim would sort all the schedules due at the same instant (a backlog of
    // thousands due at one minute boundary) to lock its batch.
    static final ClaimSpec DUE = ClaimSpec.withinTransaction("schedule", "enabled and next_run_at <= :now", "next_run_at");

    private final TransactionClaimer claimer;
    private final ScheduleFiring firing;
    private final Clock clock;
    private final MeterRegistry registry;
    private final DistributionSummary lag;

    public DueScheduleFirer(TransactionClaimer claimer, ScheduleFiring firing, Clock clock, MeterRegistry registry) {
        this.claimer = claimer;
        this.firing = firing;
        this.clock = clock;
        this.registry = registry;
        // Buckets, not client-side percentiles: Prometheus aggregates them across instances (histogram_quantile),
        // and 1 s, the alert's threshold, is a bucket boundary.
        this.lag = DistributionSummary.builder("cyberbrain.scheduler.lag")
                .description("From a fire's due time to its launch")
                .baseUnit("seconds")
                .serviceLevelObjectives(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60, 300)
                .register(registry);
        for (ScheduledRunStatus status : FIRE_OUTCOMES) {
            fires(status); // registered at 0, so increase() also counts a first fire
        }
    }

    /** The outcomes a fire of this firer can have (success and cancelled belong to the runs, later). */
    static final List<ScheduledRunStatus> FIRE_OUTCOMES =
            List.of(ScheduledRunStatus.LAUNCHED, ScheduledRunStatus.SKIPPED_CONCURRENCY, ScheduledRunStatus.FAILED);

    /** Fires up to {@code limit} due schedules in one transaction; returns how many fired. */
    public Uni<Integer> fireDue(int limit) {
        return Panache.withTransaction(() -> Panache.getSession()
                // Nothing managed here is changed (the batch writes with statements), so nothing is to flush
                // before the batch's queries.
                .invoke(session -> session.setFlushMode(FlushMode.COMMIT))
                .flatMap(session -> claimer.lockReady(DUE, limit, Schedule.class))
                .map(DueScheduleFirer::inDueOrder)
                .flatMap(schedules -> schedules.isEmpty() ? Uni.createFrom().item(0)
                        : firing.fireAll(schedules.stream().map(s -> new Fire(s, s.nextRunAt, "schedule:" + s.name)).toList())
                                .flatMap(fired -> {
                                    Instant now = clock.instant();
                                    return firing.moveOn(schedules, now).invoke(() -> fired.forEach(f -> {
                                        count(f.status());
                                        lag.record(Duration.between(f.fire().firedFor(), now).toMillis() / 1000.0);
                                    })).replaceWith(fired.size());
                                })));
    }

    /** Fires are made in due order, ties by id: the claim orders by due time only (see {@link #DUE}). */
    private static List<Schedule> inDueOrder(List<Schedule> schedules) {
        return schedules.stream().sorted(Comparator.comparing((Schedule s) -> s.nextRunAt).thenComparing(s -> s.id)).toList();
    }

    /**
     * Records the first due schedule as failed and moves it on, in a transaction of its own: the way out when
     * firing it fails the whole transaction (a database error), so one broken schedule cannot block the rest.
     */
    public Uni<Boolean> failFirstDue(String reason) {
        return Panache.withTransaction(() -> claimer.lockReady(DUE, 1, Schedule.class)
                .flatMap(schedules -> {
                    if (schedules.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    Schedule schedule = schedules.get(0);
                    count(ScheduledRunStatus.FAILED);
                    return firing.recordFailure(schedule, schedule.nextRunAt, reason)
                            .flatMap(ok -> firing.moveOn(schedules, clock.instant())).replaceWith(true);
                }));
    }

    /** The earliest due time of an enabled schedule, for the wake-up timer. */
    public Uni<Optional<Instant>> nextDue() {
        return Panache.withSession(() -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery("select min(next_run_at) from schedule where enabled", Instant.class)
                        .getSingleResultOrNull())
                .map(Optional::ofNullable));
    }

    private void count(ScheduledRunStatus status) {
        fires(status).increment();
    }

    private Counter fires(ScheduledRunStatus status) {
        return Counter.builder("cyberbrain.scheduler.fires").description("Schedule fires by outcome")
                .tag("outcome", status.wire()).register(registry);
    }
}
