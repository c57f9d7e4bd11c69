package io.cyberbrain.model.run;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.support.SqlRows;
import io.smallrye.mutiny.Uni;

/**
 * Writes planned runs, as many as a batch has, in the caller's transaction: their ids first, then one insert
 * for the runs and one for their jobs, then one NOTIFY when any run is pending (the launchers claim whatever is
 * pending; the payload only wakes them). The only writer of new {@code run} and {@code run_job} rows.
 */
@ApplicationScoped
class LaunchWriter {

    private static final String INSERT_RUNS = """
            insert into run (id, status, run_trigger, directive_id, directive_snapshot, use_rag, task3_scope,
                             approval_required, requested_by, schedule_id, created_at)
            select r.id, r.status, r.run_trigger, r.directive_id, r.directive_snapshot, r.use_rag, r.task3_scope,
                   r.approval_required, r.requested_by, r.schedule_id, r.created_at
              from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as r(id bigint, status text, run_trigger text,
                   directive_id bigint, directive_snapshot jsonb, use_rag boolean, task3_scope text,
                   approval_required boolean, requested_by text, schedule_id bigint, created_at timestamptz)""";

    private static final String INSERT_JOBS = """
            insert into run_job (id, run_id, job_id, task_key, status, config, max_attempts, created_at)
            select j.id, j.run_id, j.job_id, j.task_key, j.status, j.config, j.max_attempts, j.created_at
              from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as j(id bigint, run_id bigint, job_id bigint,
                   task_key text, status text, config jsonb, max_attempts integer, created_at timestamptz)""";

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
        int jobCount = runs.stream().mapToInt(r -> r.jobs().size()).sum();
        return SqlRows.nextIds("run", runs.size()).flatMap(runIds -> SqlRows.nextIds("run_job", jobCount).flatMap(jobIds -> {
            Instant now = clock.instant();
            List<Map<String, Object>> runRows = new ArrayList<>(runs.size());
            List<Map<String, Object>> jobRows = new ArrayList<>(jobCount);
            Long firstPending = null;
            int nextJob = 0;
            for (int i = 0; i < runs.size(); i++) {
                PlannedRun run = runs.get(i);
                long runId = runIds.get(i);
                runRows.add(runRow(runId, run, now));
                for (PlannedRun.PlannedJob job : run.jobs()) {
                    jobRows.add(jobRow(jobIds.get(nextJob++), runId, job, now));
                }
                if (firstPending == null && !run.gated()) {
                    firstPending = runId;
                }
            }
            Long wake = firstPending;
            return SqlRows.execute(INSERT_RUNS, runRows)
                    .flatMap(n -> SqlRows.execute(INSERT_JOBS, jobRows))
                    .flatMap(n -> wake == null ? Uni.createFrom().voidItem() : events.jobsPending(wake))
                    .replaceWith(runIds);
        }));
    }

    private static Map<String, Object> runRow(long id, PlannedRun run, Instant now) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("status", run.status().wire());
        row.put("run_trigger", run.trigger().wire());
        row.put("directive_id", run.snapshot().directiveId());
        row.put("directive_snapshot", run.snapshot());
        row.put("use_rag", run.useRag());
        row.put("task3_scope", run.task3Scope().wire());
        row.put("approval_required", run.gated());
        row.put("requested_by", run.requestedBy());
        row.put("schedule_id", run.scheduleId());
        row.put("created_at", now);
        return row;
    }

    private static Map<String, Object> jobRow(long id, long runId, PlannedRun.PlannedJob job, Instant now) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("run_id", runId);
        row.put("job_id", job.jobId());
        row.put("task_key", job.taskKey().wire());
        row.put("status", job.status().wire());
        row.put("config", job.config());
        row.put("max_attempts", job.maxAttempts());
        row.put("created_at", now);
        return row;
    }
}
