package io.cyberbrain.model.run;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.support.SqlRows;
import io.smallrye.mutiny.Uni;

/**
 * Writes planned runs, as many as a batch has, in the caller's transaction: one statement inserts the runs and
 * their jobs (ids drawn in the statement, returned in order), then one NOTIFY when any run is pending (the
 * launchers claim whatever is pending; the payload only wakes them). The only writer of new {@code run} and
 * {@code run_job} rows.
 */
@ApplicationScoped
class LaunchWriter {

    // Snapshots and configs are shared by many runs of a batch (a directive's text, a job's defaults), so they are
    // sent once. Jobs are inserted in their runs' order and, within a run, in its tasks' order, so their ids are too.
    private static final String INSERT = """
            with shared as materialized (select cast(cast(:shared as text) as jsonb) as doc),
                 input as materialized (
                   select r.*, nextval('run_id_seq') as id
                     from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as r(ord integer, status text,
                          run_trigger text, directive_id bigint, snapshot integer, use_rag boolean, task3_scope text,
                          approval_required boolean, requested_by text, schedule_id bigint, target jsonb, jobs jsonb)),
                 runs as (
                   insert into run (id, status, run_trigger, directive_id, directive_snapshot, use_rag, task3_scope,
                                    approval_required, requested_by, schedule_id, target, created_at)
                   select i.id, i.status, i.run_trigger, i.directive_id, s.doc -> i.snapshot, i.use_rag, i.task3_scope,
                          i.approval_required, i.requested_by, i.schedule_id, i.target, cast(:now as timestamptz)
                     from input i cross join shared s),
                 jobs as (
                   insert into run_job (run_id, job_id, task_key, status, config, max_attempts, target_host, target_labels,
                                        created_at, queued_at)
                   select i.id, j.job_id, j.task_key, j.status, s.doc -> j.config, j.max_attempts, j.target_host,
                          j.target_labels, cast(:now as timestamptz), cast(:now as timestamptz)
                     from input i cross join shared s cross join lateral jsonb_to_recordset(i.jobs) as j(ord integer,
                          job_id bigint, task_key text, status text, config integer, max_attempts integer, target_host text,
                          target_labels jsonb)
                    order by i.ord, j.ord)
            select id from input order by ord""";

    private final Clock clock;
    private final RunEvents events;

    LaunchWriter(Clock clock, RunEvents events) {
        this.clock = clock;
        this.events = events;
    }

    Uni<List<Long>> write(List<PlannedRun> runs) {
        if (runs.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        SqlRows.Shared shared = new SqlRows.Shared();
        List<Map<String, Object>> rows = runs.stream().map(run -> row(run, shared)).toList();
        return SqlRows.insertReturningIds(INSERT, rows, shared, clock.instant()).flatMap(ids -> {
            for (int i = 0; i < runs.size(); i++) {
                if (!runs.get(i).gated()) {
                    return events.jobsPending(ids.get(i)).replaceWith(ids);
                }
            }
            return Uni.createFrom().item(ids);
        });
    }

    private static Map<String, Object> row(PlannedRun run, SqlRows.Shared shared) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("status", run.status().wire());
        row.put("run_trigger", run.trigger().wire());
        row.put("directive_id", run.snapshot().directiveId());
        row.put("snapshot", shared.add(run.snapshot()));
        row.put("use_rag", run.useRag());
        row.put("task3_scope", run.task3Scope().wire());
        row.put("approval_required", run.gated());
        row.put("requested_by", run.requestedBy());
        row.put("schedule_id", run.scheduleId());
        row.put("target", run.target());
        List<Map<String, Object>> jobs = new ArrayList<>(run.jobs().size());
        for (PlannedRun.PlannedJob job : run.jobs()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put(SqlRows.ORD, jobs.size());
            j.put("job_id", job.jobId());
            j.put("task_key", job.taskKey().wire());
            j.put("status", job.status().wire());
            j.put("config", shared.add(job.config()));
            j.put("max_attempts", job.maxAttempts());
            j.put("target_host", job.targetHost());
            j.put("target_labels", job.targetLabels() == null || job.targetLabels().isEmpty() ? null : job.targetLabels());
            jobs.add(j);
        }
        row.put("jobs", jobs);
        return row;
    }
}
