package io.cyberbrain.model.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.job.Job;
import io.cyberbrain.model.run.LaunchRequest;
import io.cyberbrain.model.run.PlannedRun;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.RunLaunchService.Prepared;
import io.cyberbrain.model.run.RunTrigger;
import io.cyberbrain.model.support.ReadOnlyQuery;
import io.cyberbrain.model.support.SqlRows;
import io.smallrye.mutiny.Uni;

/**
 * Fires of schedules, in the caller's transaction: the concurrency limits, the launch through the one launch
 * path, and the {@code scheduled_run} rows. The scheduler fires a batch of due schedules at once ({@link #fireAll});
 * the API's run-now fires one ({@link #fire}), which is a batch of one. Moving a schedule on after a due fire is
 * {@link #moveOn}.
 *
 * <p>A batch applies the rules of single fires made one after the other: each fire's limits see the runs the
 * fires before it launched. The active runs are counted once per batch and the batch's own launches added as
 * it goes, and all its runs are written together.
 */
@ApplicationScoped
public class ScheduleFiring {

    private static final String INSERT_FIRES = """
            with input as materialized (
                   select f.*, nextval('scheduled_run_id_seq') as id
                     from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as f(ord integer, schedule_id bigint,
                          run_id bigint, status text, fired_for timestamptz, error_summary text)),
                 fires as (
                   insert into scheduled_run (id, schedule_id, run_id, status, fired_for, started_at, finished_at, error_summary)
                   select id, schedule_id, run_id, status, fired_for, cast(:now as timestamptz),
                          case when status = 'launched' then null else cast(:now as timestamptz) end, error_summary
                     from input)
            select id from input order by ord""";

    private static final String MOVE_ON = """
            update schedule s set last_run_at = m.last_run_at, next_run_at = m.next_run_at
              from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as m(id bigint, last_run_at timestamptz, next_run_at timestamptz)
             where s.id = m.id""";

    private final RunLaunchService launches;
    private final Clock clock;

    public ScheduleFiring(RunLaunchService launches, Clock clock) {
        this.launches = launches;
        this.clock = clock;
    }

    /** A fire to make: {@code schedule} (its row locked by the caller) for its due time {@code firedFor}. */
    public record Fire(Schedule schedule, Instant firedFor, String requestedBy) {
    }

    /** A fire made: its {@code scheduled_run} row's id, outcome, run (when launched) and reason (when not). */
    public record Fired(long id, Fire fire, ScheduledRunStatus status, Long runId, String error) {
    }

    /**
     * Fires {@code schedule} for {@code firedFor}; the caller holds the schedule's row lock. A launch the launch
     * path refuses (inactive directive, disabled job) is recorded as {@code failed} with its reason instead of
     * failing the transaction.
     */
    public Uni<ScheduledRun> fire(Schedule schedule, Instant firedFor, String requestedBy) {
        return fireAll(List.of(new Fire(schedule, firedFor, requestedBy)))
                .flatMap(fired -> ScheduledRun.<ScheduledRun>findById(fired.get(0).id()));
    }

    /** Fires these schedules, in order, as {@link #fire} would one after the other; returns the fires made. */
    public Uni<List<Fired>> fireAll(List<Fire> fires) {
        if (fires.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Instant startedAt = clock.instant();
        return allJobs().flatMap(jobs -> launches.prepare(fires.stream().map(f -> request(f, jobs)).toList())
                .flatMap(prepared -> ActiveRuns.countIfLimited(fires.stream().map(Fire::schedule).toList())
                        .flatMap(active -> launch(fires, jobs, prepared, active, startedAt))));
    }

    private Uni<List<Fired>> launch(List<Fire> fires, Map<Long, Job> jobs, List<Prepared> prepared, ActiveRuns active,
                                    Instant startedAt) {
        List<PlannedRun> toLaunch = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>(fires.size());
        for (int i = 0; i < fires.size(); i++) {
            Schedule schedule = fires.get(i).schedule();
            String limit = active.limitReached(schedule, jobs.get(schedule.jobId));
            Prepared p = prepared.get(i);
            if (limit != null) {
                outcomes.add(new Outcome(ScheduledRunStatus.SKIPPED_CONCURRENCY, -1, limit));
            } else if (p.refused()) {
                outcomes.add(new Outcome(ScheduledRunStatus.FAILED, -1, "launch refused: " + p.refusal().getMessage()));
            } else {
                outcomes.add(new Outcome(ScheduledRunStatus.LAUNCHED, toLaunch.size(), null));
                toLaunch.add(p.run());
                active.launched(p.run());
            }
        }
        return launches.write(toLaunch).flatMap(runIds -> {
            List<Fired> fired = new ArrayList<>(fires.size());
            for (int i = 0; i < fires.size(); i++) {
                Outcome o = outcomes.get(i);
                fired.add(new Fired(0, fires.get(i), o.status(), o.run() < 0 ? null : runIds.get(o.run()), o.error()));
            }
            return record(fired, startedAt);
        });
    }

    /** A fire's outcome before its run has an id: the index of its run among the batch's launches, or -1. */
    private record Outcome(ScheduledRunStatus status, int run, String error) {
    }

    /** Records a fire that could not be made at all, with the reason. */
    public Uni<Void> recordFailure(Schedule schedule, Instant firedFor, String reason) {
        return record(List.of(new Fired(0, new Fire(schedule, firedFor, null), ScheduledRunStatus.FAILED, null, reason)),
                clock.instant()).replaceWithVoid();
    }

    /**
     * Moves schedules on after their due fires at {@code now}: each to its first time after now, once, however
     * many it missed (the misfire policy), with one statement for all of them.
     */
    public Uni<Void> moveOn(List<Schedule> schedules, Instant now) {
        List<Map<String, Object>> rows = new ArrayList<>(schedules.size());
        for (Schedule s : schedules) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", s.id);
            row.put("last_run_at", now);
            row.put("next_run_at", s.nextAfter(now));
            rows.add(row);
        }
        return SqlRows.execute(MOVE_ON, rows).replaceWithVoid();
    }

    private static LaunchRequest request(Fire fire, Map<Long, Job> jobs) {
        Schedule schedule = fire.schedule();
        return new LaunchRequest(List.of(jobs.get(schedule.jobId).taskKey.wire()), schedule.directiveId,
                schedule.customDirectiveText, schedule.useRag, schedule.task3Scope.wire(), RunTrigger.SCHEDULE,
                fire.requestedBy(), schedule.id, LaunchRequest.LogScopeInput.of(schedule.logScope),
                LaunchRequest.TargetInput.of(schedule.target));
    }

    /** All jobs, one per task: a handful of rows, read with a query whose plan Hibernate keeps. */
    private static Uni<Map<Long, Job>> allJobs() {
        return ReadOnlyQuery.list(Job.class, "from Job")
                .map(list -> list.stream().collect(Collectors.toMap(j -> j.id, Function.identity())));
    }

    /** Inserts the fires' {@code scheduled_run} rows; returns the fires with their rows' ids. */
    private Uni<List<Fired>> record(List<Fired> fired, Instant startedAt) {
        List<Map<String, Object>> rows = new ArrayList<>(fired.size());
        for (Fired f : fired) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("schedule_id", f.fire().schedule().id);
            row.put("run_id", f.runId());
            row.put("status", f.status().wire());
            row.put("fired_for", f.fire().firedFor());
            row.put("error_summary", f.error() == null ? null : truncate(f.error()));
            rows.add(row);
        }
        return SqlRows.insertReturningIds(INSERT_FIRES, rows, null, startedAt).map(ids -> {
            List<Fired> recorded = new ArrayList<>(fired.size());
            for (int i = 0; i < fired.size(); i++) {
                Fired f = fired.get(i);
                recorded.add(new Fired(ids.get(i), f.fire(), f.status(), f.runId(), f.error()));
            }
            return recorded;
        });
    }

    private static String truncate(String error) {
        return error.length() <= 2000 ? error : error.substring(0, 1997) + "...";
    }
}
