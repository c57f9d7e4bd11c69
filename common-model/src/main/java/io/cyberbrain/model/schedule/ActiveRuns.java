package io.cyberbrain.model.schedule;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cyberbrain.model.job.Job;
import io.cyberbrain.model.run.PlannedRun;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The active runs (pending or running) that concurrency limits count, globally and per job, kept up to date
 * with a batch's own launches as it decides them.
 */
final class ActiveRuns {

    /**
     * Serialises fires that check limits, across scheduler instances, for the rest of their transaction: the
     * count and the launches it allows must not interleave with another instance's.
     */
    static final long LIMITS_LOCK_KEY = 0x6379_6265_7273_6368L;

    private long global;
    private final Map<Long, Long> perJob;

    private ActiveRuns(long global, Map<Long, Long> perJob) {
        this.global = global;
        this.perJob = perJob;
    }

    /**
     * The counts, when any of the schedules has a limit: taken under the limits lock, which the caller's
     * transaction then holds. The count is a statement of its own, after the lock, so that it sees what the
     * lock's previous holder committed.
     */
    static Uni<ActiveRuns> countIfLimited(List<Schedule> schedules) {
        if (schedules.stream().noneMatch(s -> s.maxGlobal != null || s.maxPerJob != null)) {
            return Uni.createFrom().item(new ActiveRuns(0, new HashMap<>()));
        }
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select cast(pg_advisory_xact_lock(:key) as text)")
                .setParameter("key", LIMITS_LOCK_KEY)
                .getSingleResultOrNull()
                .flatMap(locked -> session.createNativeQuery("""
                                select null, count(*) from run where status in ('pending', 'running')
                                union all
                                select job_id, count(distinct run_id) from run_job
                                 where status in ('pending', 'running') group by job_id""", Object[].class)
                        .getResultList())
                .map(rows -> {
                    long global = 0;
                    Map<Long, Long> perJob = new HashMap<>();
                    for (Object[] row : rows) {
                        long count = ((Number) row[1]).longValue();
                        if (row[0] == null) {
                            global = count;
                        } else {
                            perJob.put(((Number) row[0]).longValue(), count);
                        }
                    }
                    return new ActiveRuns(global, perJob);
                }));
    }

    /** Why the limits hold a fire of {@code schedule} back now, or null. */
    String limitReached(Schedule schedule, Job job) {
        if (schedule.maxGlobal != null && global >= schedule.maxGlobal) {
            return global + " runs active, max_global is " + schedule.maxGlobal;
        }
        long ofJob = perJob.getOrDefault(job.id, 0L);
        if (schedule.maxPerJob != null && ofJob >= schedule.maxPerJob) {
            return ofJob + " runs of " + job.taskKey.wire() + " active, max_per_job is " + schedule.maxPerJob;
        }
        return null;
    }

    /** Counts a run the batch launches. */
    void launched(PlannedRun run) {
        if (!run.active()) {
            return;
        }
        global++;
        run.jobs().stream().map(PlannedRun.PlannedJob::jobId).distinct().forEach(id -> perJob.merge(id, 1L, Long::sum));
    }
}
