package io.cyberbrain.launcher.job;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.run.JobStatus;
import io.cyberbrain.model.run.RunStatus;
import io.cyberbrain.model.run.RunTransitions;
import io.cyberbrain.model.support.WireEnum;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The launcher's reads and writes, as SQL on the reactive pool. Blocking: callers run on worker threads and wait
 * for each result, since a job's execution is blocking work anyway (files, processes, containers); Quarkus refuses
 * such a wait on an event-loop thread. A run's status moves only as {@link RunTransitions} allows.
 */
@ApplicationScoped
public class LauncherStore {

    private final Pool pool;
    private final Clock clock;

    public LauncherStore(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    public Optional<JobContext> load(long jobId) {
        return pool.preparedQuery("""
                        select j.id, j.run_id, j.task_key, j.config, j.attempts, t.timeout_seconds, r.directive_snapshot,
                               r.task3_scope, r.use_rag, r.cancel_requested
                        from run_job j join run r on r.id = j.run_id join job t on t.id = j.job_id where j.id = $1""")
                .execute(Tuple.of(jobId)).map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<JobContext>empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new JobContext(r.getLong(0), r.getLong(1), r.getString(2), map(r.getJsonObject(3)),
                            r.getInteger(4), r.getInteger(5), map(r.getJsonObject(6)), r.getString(7), r.getBoolean(8),
                            r.getBoolean(9)));
                }).await().indefinitely();
    }

    public void markRunRunning(long runId) {
        pool.preparedQuery("update run set status = $3, started_at = coalesce(started_at, $2) where id = $1 and "
                        + RunTransitions.sqlFrom(RunStatus.RUNNING))
                .execute(Tuple.of(runId, now(), RunStatus.RUNNING.wire())).await().indefinitely();
    }

    /**
     * End of the task's last success in a run that succeeded: the start of the next window. A run that failed
     * elsewhere did not commit its state (log triage's cursors), so its window is not taken as covered. A job pinned
     * to a host (a fan-out's, or one targeted at it) continues that host's last success: each host has its own window.
     */
    public Optional<Instant> lastSuccess(String taskKey, long jobId) {
        return pool.preparedQuery("""
                        with me as (select target_host from run_job where id = $2)
                        select max(j.ended_at) from run_job j join run r on r.id = j.run_id cross join me
                        where j.task_key = $1 and j.status = 'success' and r.status = 'success'
                          and (me.target_host is null or j.host_name = me.target_host)""")
                .execute(Tuple.of(taskKey, jobId))
                .map(rows -> Optional.ofNullable(rows.iterator().next().getOffsetDateTime(0)).map(OffsetDateTime::toInstant))
                .await().indefinitely();
    }

    public Set<String> enabledAllowlist() {
        return pool.query("select container_id from container_allowlist where enabled").execute().map(rows -> {
            Set<String> ids = new HashSet<>();
            rows.forEach(r -> ids.add(r.getString(0)));
            return ids;
        }).await().indefinitely();
    }

    /** The allowlisted, enabled entry for {@code name:tag}: needs GPU and minimum VRAM. */
    public record AllowedImage(String reference, boolean needsGpu, int minVramMb) {
    }

    public Optional<AllowedImage> allowedImage(String name, String tag) {
        return pool.preparedQuery("select needs_gpu, min_vram_mb from worker_image_allowlist where image_name = $1 and image_tag = $2 and enabled")
                .execute(Tuple.of(name, tag)).map(rows -> rows.size() == 0 ? Optional.<AllowedImage>empty()
                        : Optional.of(new AllowedImage(name + ":" + tag, rows.iterator().next().getBoolean(0),
                                rows.iterator().next().getInteger(1))))
                .await().indefinitely();
    }

    public void audit(long runId, long jobId, String event, String executor, String workerRef, String image, String detail) {
        pool.preparedQuery("""
                        insert into worker_audit (run_id, run_job_id, event, executor, worker_ref, image, detail, created_at)
                        values ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .execute(Tuple.from(new Object[] {runId, jobId, event, executor, workerRef, image, truncate(detail, 2000), now()}))
                .await().indefinitely();
    }

    /** What one job produced, ready to record. */
    public record JobRecord(JobStatus status, String errorSummary, String summary, String reportMarkdown,
                            Map<String, Object> result, String executor, String workerRef, String image, Integer gpuIndex,
                            List<LlmCallRow> llmCalls, List<ArtifactRow> artifacts, TaskSide.TaskRows taskRows) {
    }

    public record LlmCallRow(String endpoint, String model, String purpose, int inputTokens, int outputTokens,
                             long durationMs, boolean success, String errorClass) {
    }

    public record ArtifactRow(String path, String type, long sizeBytes, String mimeType, String sha256) {
    }

    /**
     * Records a job's end in one transaction, fenced by the lease: if {@code owner} no longer holds the job
     * (its lease expired and another launcher took it), nothing is written and false is returned.
     */
    public boolean recordOutcome(long runId, long jobId, String owner, JobRecord record) {
        return pool.withTransaction(tx -> {
            long input = record.llmCalls().stream().mapToLong(LlmCallRow::inputTokens).sum();
            long output = record.llmCalls().stream().mapToLong(LlmCallRow::outputTokens).sum();
            OffsetDateTime now = now();
            Object[] values = {jobId, owner, record.status().wire(), now, truncate(record.errorSummary(), 2000), record.reportMarkdown(),
                    record.result() == null ? null : new JsonObject(record.result()), input, output, input + output,
                    record.llmCalls().size(), record.executor(), record.workerRef(), record.image(), record.gpuIndex(),
                    truncate(record.summary(), 500)};
            return tx.preparedQuery("""
                            update run_job set status = $3, ended_at = $4, error_summary = $5, report_markdown = $6, result_json = $7,
                                   input_tokens = $8, output_tokens = $9, total_tokens = $10, llm_call_count = $11, executor = $12,
                                   worker_ref = $13, worker_image = $14, gpu_index = $15, summary = $16, lease_owner = null,
                                   lease_expires_at = null
                            where id = $1 and lease_owner = $2 and status = 'running' returning id""")
                    .execute(Tuple.from(values))
                    .flatMap(rows -> rows.size() == 0 ? Uni.createFrom().item(false)
                            : insertChildren(tx, runId, jobId, record, now).replaceWith(true));
        }).await().indefinitely();
    }

    private Uni<Void> insertChildren(SqlClient tx, long runId, long jobId, JobRecord record, OffsetDateTime now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (!record.llmCalls().isEmpty()) {
            List<Tuple> calls = record.llmCalls().stream().map(c -> Tuple.from(new Object[] {runId, jobId, c.endpoint(), c.model(),
                    c.purpose(), c.inputTokens(), c.outputTokens(), c.inputTokens() + c.outputTokens(), c.durationMs(), c.success(),
                    c.errorClass(), now})).toList();
            chain = chain.flatMap(v -> tx.preparedQuery("""
                    insert into llm_call (run_id, run_job_id, endpoint, model, purpose, input_tokens, output_tokens, total_tokens,
                                          duration_ms, success, error_class, created_at)
                    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""").executeBatch(calls).replaceWithVoid());
        }
        if (!record.artifacts().isEmpty()) {
            chain = chain.flatMap(v -> insertArtifacts(tx, runId, jobId, record.artifacts(), now));
        }
        return chain.flatMap(v -> record.taskRows().insert(tx, now));
    }

    Uni<Void> insertArtifacts(SqlClient client, long runId, Long jobId, List<ArtifactRow> artifacts, OffsetDateTime now) {
        List<Tuple> rows = artifacts.stream().map(a -> Tuple.from(new Object[] {runId, jobId, a.path(), a.type(), a.sizeBytes(),
                a.mimeType(), a.sha256(), now})).toList();
        return client.preparedQuery("""
                insert into run_artifact (run_id, run_job_id, path, artifact_type, size_bytes, mime_type, sha256, created_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8)
                on conflict (run_id, path) do update set size_bytes = excluded.size_bytes, sha256 = excluded.sha256""")
                .executeBatch(rows).replaceWithVoid();
    }

    /**
     * Ends a job that never produced a result (refused, crashed, timed out, cancelled), fenced by the lease; the
     * artifacts it still has (its worker's log) are recorded in the same transaction.
     */
    public boolean endJob(long runId, long jobId, String owner, JobStatus status, String reason, String executor, String workerRef,
                          List<ArtifactRow> artifacts) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        update run_job set status = $3, ended_at = $4, error_summary = $5, executor = $6, worker_ref = $7,
                               lease_owner = null, lease_expires_at = null
                        where id = $1 and lease_owner = $2 and status = $8 returning id""")
                .execute(Tuple.from(new Object[] {jobId, owner, status.wire(), now(), truncate(reason, 2000), executor, workerRef,
                        JobStatus.RUNNING.wire()}))
                .flatMap(rows -> rows.size() == 0 ? Uni.createFrom().item(false)
                        : artifacts.isEmpty() ? Uni.createFrom().item(true)
                        : insertArtifacts(tx, runId, jobId, artifacts, now()).replaceWith(true)))
                .await().indefinitely();
    }

    /** The run's jobs, to decide whether it ended. */
    /**
     * @param hostName   the host whose launcher ran it (null if none claimed it)
     * @param targetHost the host it was meant for (null if any host matching its target)
     */
    public record JobState(long id, String taskKey, JobStatus status, long inputTokens, long outputTokens, String summary,
                           String reportMarkdown, Map<String, Object> result, String errorSummary, String hostName,
                           String targetHost) {

        /** The host's name in the report: where it ran, else where it was meant to run. */
        public String hostLabel() {
            return hostName != null ? hostName : targetHost != null ? targetHost : "no host";
        }
    }

    public List<JobState> jobsOf(long runId) {
        return pool.preparedQuery("""
                        select id, task_key, status, input_tokens, output_tokens, summary, report_markdown, result_json,
                               error_summary, host_name, target_host
                        from run_job where run_id = $1 order by id""")
                .execute(Tuple.of(runId)).map(rows -> {
                    List<JobState> jobs = new ArrayList<>();
                    rows.forEach(r -> jobs.add(new JobState(r.getLong(0), r.getString(1), WireEnum.parse(JobStatus.class, r.getString(2)).orElseThrow(), r.getLong(3), r.getLong(4),
                            r.getString(5), r.getString(6), map(r.getJsonObject(7)), r.getString(8), r.getString(9),
                            r.getString(10))));
                    return jobs;
                }).await().indefinitely();
    }

    /** @param target the run's target as launched ({@code {"all": true, ...}} for a fan-out), empty for the default */
    public record RunHeader(long id, RunStatus status, String trigger, Map<String, Object> directive, Instant createdAt,
                            Instant startedAt, boolean cancelRequested, Map<String, Object> target) {

        public boolean fannedOut() {
            return Boolean.TRUE.equals(target.get("all"));
        }
    }

    public Optional<RunHeader> run(long runId) {
        return pool.preparedQuery("select id, status, run_trigger, directive_snapshot, created_at, started_at, cancel_requested,"
                        + " target from run where id = $1")
                .execute(Tuple.of(runId)).map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<RunHeader>empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new RunHeader(r.getLong(0), WireEnum.parse(RunStatus.class, r.getString(1)).orElseThrow(), r.getString(2), map(r.getJsonObject(3)),
                            r.getOffsetDateTime(4).toInstant(),
                            r.getOffsetDateTime(5) == null ? null : r.getOffsetDateTime(5).toInstant(), r.getBoolean(6),
                            map(r.getJsonObject(7))));
                }).await().indefinitely();
    }

    /**
     * Ends the run if it has not ended yet: only the first caller wins (status guard), so two launchers that
     * finish the last two jobs at once write one report.
     */
    public boolean endRun(long runId, RunStatus status, long input, long output, String markdown, Map<String, Object> json,
                          String errorSummary, List<ArtifactRow> artifacts) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        update run set status = $2, ended_at = $3, input_tokens = $4, output_tokens = $5, total_tokens = $6,
                               report_markdown = $7, report_json = $8, error_summary = $9
                        where id = $1 and\s""" + RunTransitions.sqlFrom(status) + " returning id")
                .execute(Tuple.from(new Object[] {runId, status.wire(), now(), input, output, input + output, markdown, new JsonObject(json),
                        truncate(errorSummary, 2000)}))
                .flatMap(rows -> rows.size() == 0 ? Uni.createFrom().item(false)
                        : insertArtifacts(tx, runId, null, artifacts, now()).replaceWith(true)))
                .await().indefinitely();
    }

    /** Jobs this launcher should stop: their run was cancelled. */
    public List<Long> runningJobsOfRun(long runId) {
        return pool.preparedQuery("select id from run_job where run_id = $1 and status = 'running'").execute(Tuple.of(runId))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return ids;
                }).await().indefinitely();
    }

    public Set<Long> runningJobIds() {
        return pool.query("select id from run_job where status = 'running'").execute().map(rows -> {
            Set<Long> ids = new HashSet<>();
            rows.forEach(r -> ids.add(r.getLong(0)));
            return ids;
        }).await().indefinitely();
    }

    public List<Long> runIdsOfJobs(List<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        return pool.preparedQuery("select distinct run_id from run_job where id = any($1)").execute(Tuple.of(jobIds.toArray(Long[]::new)))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return ids;
                }).await().indefinitely();
    }

    static Map<String, Object> map(JsonObject json) {
        return json == null ? Map.of() : json.getMap();
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static JsonArray array(List<?> list) {
        return new JsonArray(new ArrayList<>(list));
    }
}
