package io.cyberbrain.model.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.job.Job;
import io.cyberbrain.model.run.LaunchRequest;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.RunTrigger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * One fire of a schedule, in the caller's transaction: the concurrency limits, the launch through the one
 * launch path, and the {@code scheduled_run} row. The scheduler's due fires and the API's run-now both come
 * here; moving the schedule on is the caller's part.
 */
@ApplicationScoped
public class ScheduleFiring {

    /**
     * Serialises fires that check limits, across scheduler instances, for the rest of their transaction: the
     * count and the launch it allows must not interleave with another instance's.
     */
    static final long LIMITS_LOCK_KEY = 0x6379_6265_7273_6368L;

    private final RunLaunchService launchService;
    private final Clock clock;

    public ScheduleFiring(RunLaunchService launchService, Clock clock) {
        this.launchService = launchService;
        this.clock = clock;
    }

    /**
     * Fires {@code schedule} for its due time {@code firedFor}. The caller holds the schedule's row lock.
     * A launch the launch path refuses (inactive directive, disabled job) is recorded as {@code failed} with
     * its reason instead of failing the transaction.
     */
    public Uni<ScheduledRun> fire(Schedule schedule, Instant firedFor, String requestedBy) {
        Instant startedAt = clock.instant();
        return Job.<Job>findById(schedule.jobId)
                .flatMap(job -> limitReached(schedule, job)
                        .flatMap(limit -> limit.isPresent()
                                ? record(schedule, firedFor, startedAt, ScheduledRunStatus.SKIPPED_CONCURRENCY, null, limit.get())
                                : launch(schedule, job, requestedBy, firedFor, startedAt)));
    }

    private Uni<ScheduledRun> launch(Schedule schedule, Job job, String requestedBy, Instant firedFor, Instant startedAt) {
        LaunchRequest request = new LaunchRequest(List.of(job.taskKey.wire()), schedule.directiveId,
                schedule.customDirectiveText, schedule.useRag, schedule.task3Scope.wire(), RunTrigger.SCHEDULE, requestedBy,
                schedule.id, LaunchRequest.LogScopeInput.of(schedule.logScope));
        return Uni.createFrom().deferred(() -> launchService.launch(request))
                .map(launched -> new Launch(launched.run().id, null))
                .onFailure(CyberbrainException.class).recoverWithItem(e -> new Launch(null, "launch refused: " + e.getMessage()))
                .flatMap(launch -> launch.runId() == null
                        ? record(schedule, firedFor, startedAt, ScheduledRunStatus.FAILED, null, launch.error())
                        : record(schedule, firedFor, startedAt, ScheduledRunStatus.LAUNCHED, launch.runId(), null));
    }

    private record Launch(Long runId, String error) {
    }

    /** Why the limits hold this fire back, or empty. Active runs are those pending or running. */
    private Uni<Optional<String>> limitReached(Schedule schedule, Job job) {
        if (schedule.maxGlobal == null && schedule.maxPerJob == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select cast(pg_advisory_xact_lock(:key) as text)")
                .setParameter("key", LIMITS_LOCK_KEY)
                .getSingleResultOrNull()
                .flatMap(locked -> session.createNativeQuery("""
                                select (select count(*) from run where status in ('pending', 'running')),
                                       (select count(distinct run_id) from run_job
                                         where job_id = :job and status in ('pending', 'running'))""", Object[].class)
                        .setParameter("job", job.id)
                        .getSingleResult())
                .map(counts -> {
                    long global = ((Number) counts[0]).longValue();
                    long perJob = ((Number) counts[1]).longValue();
                    if (schedule.maxGlobal != null && global >= schedule.maxGlobal) {
                        return Optional.of(global + " runs active, max_global is " + schedule.maxGlobal);
                    }
                    if (schedule.maxPerJob != null && perJob >= schedule.maxPerJob) {
                        return Optional.of(perJob + " runs of " + job.taskKey.wire() + " active, max_per_job is "
                                + schedule.maxPerJob);
                    }
                    return Optional.<String>empty();
                }));
    }

    /** Records a fire that could not be made at all, with the reason. */
    public Uni<ScheduledRun> recordFailure(Schedule schedule, Instant firedFor, String reason) {
        return record(schedule, firedFor, clock.instant(), ScheduledRunStatus.FAILED, null, reason);
    }

    private Uni<ScheduledRun> record(Schedule schedule, Instant firedFor, Instant startedAt, ScheduledRunStatus status,
                                     Long runId, String error) {
        ScheduledRun fire = new ScheduledRun();
        fire.scheduleId = schedule.id;
        fire.runId = runId;
        fire.status = status;
        fire.firedFor = firedFor;
        fire.startedAt = startedAt;
        fire.finishedAt = status == ScheduledRunStatus.LAUNCHED ? null : startedAt;
        fire.errorSummary = error == null ? null : truncate(error);
        return fire.persist();
    }

    private static String truncate(String error) {
        return error.length() <= 2000 ? error : error.substring(0, 1997) + "...";
    }
}
