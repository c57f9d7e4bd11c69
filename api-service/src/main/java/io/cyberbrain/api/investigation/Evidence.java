package io.cyberbrain.api.investigation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.run.RunStatus;
import io.cyberbrain.model.support.WireEnum;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the steps read from the database: a run's outcome, the comparison of a task's latest run with its last
 * success, GPU history. Figures come from the rows as they are; nothing is estimated. Blocking (engine threads).
 */
@ApplicationScoped
public class Evidence {

    /** Templates and GPUs listed per run in a finding (the run itself has them all). */
    static final int MAX_LISTED = 10;

    private final Pool pool;
    private final Clock clock;

    public Evidence(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** A run as a step sees it: status, decision, and per job the counts line and the structured result. */
    record RunState(long id, RunStatus status, String deniedBy, String errorSummary, List<JobState> jobs) {
        boolean denied() {
            return deniedBy != null;
        }
    }

    record JobState(String task, String status, String summary, Map<String, Object> result, String errorSummary) {
    }

    Optional<RunState> run(long runId) {
        var runs = pool.preparedQuery("select status, denied_by, error_summary from run where id = $1")
                .execute(Tuple.of(runId)).await().indefinitely();
        if (runs.size() == 0) {
            return Optional.empty();
        }
        Row r = runs.iterator().next();
        List<JobState> jobs = new ArrayList<>();
        for (Row j : pool.preparedQuery("select task_key, status, summary, result_json::text, error_summary from run_job "
                + "where run_id = $1 order by id").execute(Tuple.of(runId)).await().indefinitely()) {
            jobs.add(new JobState(j.getString(0), j.getString(1), j.getString(2),
                    j.getString(3) == null ? Map.of() : InvestigationStore.readMap(j.getString(3)), j.getString(4)));
        }
        return Optional.of(new RunState(runId, WireEnum.parse(RunStatus.class, r.getString(0)).orElseThrow(), r.getString(1),
                r.getString(2), jobs));
    }

    /** The evidence of a finished run: its id, status, each job's counts line, top templates and GPU figures. */
    static Map<String, Object> runOutcome(RunState run) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", run.id());
        out.put("run_status", run.status().wire());
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (JobState j : run.jobs()) {
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("task", j.task());
            job.put("status", j.status());
            job.put("summary", j.summary());
            List<Map<String, Object>> templates = templates(j.result());
            if (!templates.isEmpty()) {
                job.put("templates", templates);
            }
            List<Map<String, Object>> gpus = gpus(j.result());
            if (!gpus.isEmpty() || TaskKey.GPU_REPORT.wire().equals(j.task())) {
                job.put("gpus", gpus);
            }
            jobs.add(job);
        }
        out.put("jobs", jobs);
        return out;
    }

    /** The most severe templates of a triage result: hash, level, count, whether new. */
    static List<Map<String, Object>> templates(Map<String, Object> result) {
        List<Map<String, Object>> out = new ArrayList<>();
        Object list = result.get("top_by_severity");
        if (!(list instanceof List<?> items)) {
            return out;
        }
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m) || out.size() >= MAX_LISTED) {
                continue;
            }
            Map<?, ?> t = m.get("template") instanceof Map<?, ?> inner ? inner : m;
            Map<String, Object> template = new LinkedHashMap<>();
            copy(t, template, "hash", "level", "count");
            if (m.get("is_new") != null) {
                template.put("is_new", m.get("is_new"));
            }
            if (!template.isEmpty()) {
                out.add(template);
            }
        }
        return out;
    }

    /** Per GPU of a GPU report: index, name, VRAM used and total, utilisation, temperature. */
    static List<Map<String, Object>> gpus(Map<String, Object> result) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!(result.get("gpus") instanceof List<?> items)) {
            return out;
        }
        for (Object item : items) {
            if (item instanceof Map<?, ?> g && out.size() < MAX_LISTED) {
                Map<String, Object> gpu = new LinkedHashMap<>();
                copy(g, gpu, "index", "name", "memory_used_mib", "memory_total_mib", "utilization_gpu_pct", "temperature_c");
                out.add(gpu);
            }
        }
        return out;
    }

    private static void copy(Map<?, ?> from, Map<String, Object> to, String... keys) {
        for (String k : keys) {
            Object v = from.get(k);
            if (v instanceof Number || v instanceof String || v instanceof Boolean) {
                to.put(k, v);
            }
        }
    }

    /**
     * The latest ended run of {@code task} against the last successful one before it: each numeric figure of their
     * results that both have, and their counts lines. Empty when there is nothing to compare.
     */
    Map<String, Object> compareWithLastSuccess(TaskKey task, Long latestRunId) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", task.wire());
        Row latest = first("""
                select j.run_id, j.status, j.summary, j.result_json::text, j.ended_at from run_job j
                where j.task_key = $1 and j.status in ('success', 'failed', 'timed_out') and ($2::bigint is null or j.run_id = $2)
                order by j.ended_at desc nulls last, j.id desc limit 1""", Tuple.of(task.wire(), latestRunId));
        if (latest == null) {
            out.put("compared", false);
            out.put("reason", "no ended " + task.wire() + " run to compare");
            return out;
        }
        Row baseline = first("""
                select j.run_id, j.status, j.summary, j.result_json::text from run_job j
                where j.task_key = $1 and j.status = 'success' and j.run_id <> $2 and j.ended_at <= $3
                order by j.ended_at desc, j.id desc limit 1""", Tuple.of(task.wire(), latest.getLong(0), latest.getOffsetDateTime(4)));
        out.put("run_id", latest.getLong(0));
        out.put("run_summary", latest.getString(2));
        if (baseline == null) {
            out.put("compared", false);
            out.put("reason", "no earlier successful " + task.wire() + " run");
            return out;
        }
        out.put("compared", true);
        out.put("baseline_run_id", baseline.getLong(0));
        out.put("baseline_summary", baseline.getString(2));
        Map<String, Object> now = numbers(latest.getString(3));
        Map<String, Object> before = numbers(baseline.getString(3));
        Map<String, Object> changes = new LinkedHashMap<>();
        now.forEach((k, v) -> {
            if (before.containsKey(k) && !before.get(k).equals(v)) {
                changes.put(k, Map.of("now", v, "before", before.get(k)));
            }
        });
        out.put("changes", changes);
        return out;
    }

    private static Map<String, Object> numbers(String json) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (json != null) {
            InvestigationStore.readMap(json).forEach((k, v) -> {
                if (v instanceof Number) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    /** Per GPU over the last {@code hours}: samples, peaks and the latest figures, from {@code gpu_state}. */
    Map<String, Object> gpuHistory(int hours) {
        Instant since = clock.instant().minus(Duration.ofHours(hours));
        List<Map<String, Object>> gpus = new ArrayList<>();
        for (Row r : pool.preparedQuery("""
                select gpu_index, count(*), max(memory_used_mb), max(memory_total_mb), max(utilization_gpu_pct),
                       max(temperature_c), max(captured_at), min(name)
                from gpu_state where captured_at >= $1 group by gpu_index order by gpu_index""")
                .execute(Tuple.of(InvestigationStore.utc(since))).await().indefinitely()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("gpu_index", r.getInteger(0));
            g.put("name", r.getString(7));
            g.put("samples", r.getLong(1));
            g.put("max_memory_used_mb", r.getInteger(2));
            g.put("memory_total_mb", r.getInteger(3));
            g.put("max_utilization_pct", r.getInteger(4));
            g.put("max_temperature_c", r.getInteger(5));
            g.put("last_captured_at", r.getOffsetDateTime(6).toInstant().toString());
            gpus.add(g);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hours", hours);
        out.put("gpus", gpus);
        return out;
    }

    /** The text of a known template (masked by the triage that found it), by its hash. */
    Optional<String> templateText(String hash) {
        Row r = first("select template_text from log_template where template_hash = $1", Tuple.of(hash));
        return r == null ? Optional.empty() : Optional.ofNullable(r.getString(0));
    }

    private Row first(String sql, Tuple tuple) {
        var rows = pool.preparedQuery(sql).execute(tuple).await().indefinitely();
        return rows.size() == 0 ? null : rows.iterator().next();
    }
}
