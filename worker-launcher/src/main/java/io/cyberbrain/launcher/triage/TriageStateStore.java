package io.cyberbrain.launcher.triage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import io.cyberbrain.worker.JobSpec;
import io.cyberbrain.worker.WorkerJson;
import io.cyberbrain.worker.WorkerMain;
import io.cyberbrain.worker.task.triage.LogTriageTask;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What log triage remembers between runs: per-file cursors, the templates seen so far and their per-run counts
 * (the baseline for spikes). The launcher hands it to the worker as inputs, and applies the worker's new state
 * ({@code triage-state.json}) only when the whole run succeeded, so a failed run is read again next time and
 * "new since the last success" stays true. Blocking, like the job lifecycle that calls it: worker threads only.
 */
@ApplicationScoped
public class TriageStateStore {

    static final int KNOWN_TEMPLATES = 50_000;
    static final int SEEDED_TEMPLATES = 5_000;
    static final int BASELINE_WINDOWS = 5;
    static final int MAX_SOURCES = 16;

    private final Pool pool;
    private final Clock clock;

    public TriageStateStore(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** The inputs a triage worker needs from the database. */
    public Map<String, Object> inputs() {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("log_cursors", cursors());
        List<String[]> known = knownTemplates();
        inputs.put("known_templates", known.stream().map(k -> k[0]).toList());
        // The most recent texts seed the worker's miner, so a template keeps its identity from run to run.
        inputs.put("template_history", known.stream().limit(SEEDED_TEMPLATES).map(k -> k[1]).toList());
        inputs.put("template_baselines", baselines());
        return inputs;
    }

    private List<Map<String, Object>> cursors() {
        return pool.query("select source_key, device, inode, file_offset, file_size, head_sha256, line_count from log_cursor order by source_key")
                .execute().map(rows -> {
                    List<Map<String, Object>> list = new ArrayList<>();
                    for (Row r : rows) {
                        Map<String, Object> c = new LinkedHashMap<>();
                        c.put("source_key", r.getString(0));
                        c.put("device", r.getLong(1));
                        c.put("inode", r.getLong(2));
                        c.put("offset", r.getLong(3));
                        c.put("file_size", r.getLong(4));
                        c.put("head_sha256", r.getString(5));
                        c.put("lines", r.getLong(6));
                        list.add(c);
                    }
                    return list;
                }).await().indefinitely();
    }

    /** Hash and text of the templates seen so far, most recently seen first. */
    private List<String[]> knownTemplates() {
        return pool.preparedQuery("select template_hash, template_text from log_template order by last_seen desc, id desc limit $1")
                .execute(Tuple.of(KNOWN_TEMPLATES)).map(rows -> {
                    List<String[]> known = new ArrayList<>(rows.size());
                    rows.forEach(r -> known.add(new String[] {r.getString(0), r.getString(1)}));
                    return known;
                }).await().indefinitely();
    }

    private Map<String, List<Map<String, Object>>> baselines() {
        return pool.preparedQuery("""
                        with recent as (select run_id, max(window_end) as window_end from log_template_window
                                        group by run_id order by 2 desc limit $1)
                        select t.template_hash, w.window_start, w.window_end, w.line_count
                          from log_template_window w join log_template t on t.id = w.template_id
                         where w.run_id in (select run_id from recent)
                         order by t.template_hash, w.window_end desc""")
                .execute(Tuple.of(BASELINE_WINDOWS)).map(rows -> {
                    Map<String, List<Map<String, Object>>> byHash = new LinkedHashMap<>();
                    for (Row r : rows) {
                        Map<String, Object> w = new LinkedHashMap<>();
                        w.put("window_start", r.getOffsetDateTime(1).toInstant().toString());
                        w.put("window_end", r.getOffsetDateTime(2).toInstant().toString());
                        w.put("line_count", r.getLong(3));
                        byHash.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(w);
                    }
                    return byHash;
                }).await().indefinitely();
    }

    /**
     * Applies the state a triage job left in its folder, once its run has succeeded. A job without a state file
     * (nothing to remember) changes nothing.
     */
    public void applySucceededJob(long runId, Path jobDir) throws IOException {
        Path stateFile = jobDir.resolve(LogTriageTask.STATE_ARTIFACT);
        if (!Files.isRegularFile(stateFile)) {
            return;
        }
        JobSpec spec = WorkerJson.MAPPER.readValue(jobDir.resolve(WorkerMain.JOB_FILE).toFile(), JobSpec.class);
        commit(runId, read(stateFile), spec.windowStart(), spec.windowEnd());
    }

    /** The worker's new state, as written to {@link LogTriageTask#STATE_ARTIFACT}. */
    public record State(List<Map<String, Object>> cursors, List<Map<String, Object>> templates) {
    }

    public static State read(Path stateFile) throws IOException {
        Map<String, List<Map<String, Object>>> raw = WorkerJson.MAPPER.readValue(stateFile.toFile(), new TypeReference<>() {
        });
        return new State(raw.getOrDefault("cursors", List.of()), raw.getOrDefault("templates", List.of()));
    }

    /**
     * Applies a successful run's state in one transaction: the cursors replace the stored ones (files that
     * disappeared lose theirs), templates are merged into the history, and this window's counts are kept.
     */
    public void commit(long runId, State state, Instant windowStart, Instant windowEnd) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        OffsetDateTime start = utc(windowStart == null ? windowEnd : windowStart);
        OffsetDateTime end = utc(windowEnd);
        pool.withTransaction(tx -> replaceCursors(tx, runId, state.cursors(), now)
                .flatMap(v -> mergeTemplates(tx, runId, state.templates(), start, end))).await().indefinitely();
    }

    private static Uni<Void> replaceCursors(SqlClient tx, long runId, List<Map<String, Object>> cursors, OffsetDateTime now) {
        String[] keys = cursors.stream().map(c -> (String) c.get("source_key")).toArray(String[]::new);
        Uni<Void> delete = tx.preparedQuery("delete from log_cursor where not (source_key = any($1))").execute(Tuple.of(keys))
                .replaceWithVoid();
        if (cursors.isEmpty()) {
            return delete;
        }
        List<Tuple> rows = cursors.stream().map(c -> Tuple.from(new Object[] {c.get("source_key"), asLong(c.get("device")),
                asLong(c.get("inode")), asLong(c.get("offset")), asLong(c.get("file_size")), c.get("head_sha256"), runId, now, asLong(c.get("lines"))}))
                .toList();
        return delete.flatMap(v -> tx.preparedQuery("""
                insert into log_cursor (source_key, device, inode, file_offset, file_size, head_sha256, run_id, updated_at,
                                        line_count)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                on conflict (source_key) do update set device = excluded.device, inode = excluded.inode,
                    file_offset = excluded.file_offset, file_size = excluded.file_size, head_sha256 = excluded.head_sha256,
                    run_id = excluded.run_id, updated_at = excluded.updated_at, line_count = excluded.line_count""").executeBatch(rows).replaceWithVoid());
    }

    @SuppressWarnings("unchecked")
    private static Uni<Void> mergeTemplates(SqlClient tx, long runId, List<Map<String, Object>> templates, OffsetDateTime start,
                                           OffsetDateTime end) {
        if (templates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        List<Tuple> windows = new ArrayList<>();
        for (Map<String, Object> t : templates) {
            String hash = (String) t.get("hash");
            long count = asLong(t.get("count"));
            List<String> sources = (List<String>) t.getOrDefault("sources", List.of());
            rows.add(Tuple.from(new Object[] {hash, truncate((String) t.get("text"), 4000), t.get("level"),
                    time(t.get("first_seen"), start), time(t.get("last_seen"), end), count,
                    sources.stream().limit(MAX_SOURCES).toArray(String[]::new), runId}));
            windows.add(Tuple.from(new Object[] {runId, start, end, count, hash}));
        }
        return tx.preparedQuery("""
                        insert into log_template (template_hash, template_text, level, first_seen, last_seen, total_count, sources,
                                                  last_run_id)
                        values ($1, $2, $3, $4, $5, $6, $7, $8)
                        on conflict (template_hash) do update set
                            first_seen = least(log_template.first_seen, excluded.first_seen),
                            last_seen = greatest(log_template.last_seen, excluded.last_seen),
                            total_count = log_template.total_count + excluded.total_count,
                            level = coalesce(excluded.level, log_template.level),
                            sources = (select coalesce(array_agg(s), '{}') from (select distinct unnest(log_template.sources
                                       || excluded.sources) as s limit 16) u),
                            last_run_id = excluded.last_run_id""").executeBatch(rows)
                .flatMap(v -> tx.preparedQuery("""
                        insert into log_template_window (template_id, run_id, window_start, window_end, line_count)
                        select id, $1, $2, $3, $4 from log_template where template_hash = $5
                        on conflict (template_id, run_id) do nothing""").executeBatch(windows))
                .replaceWithVoid();
    }

    private static OffsetDateTime time(Object iso, OffsetDateTime fallback) {
        return iso instanceof String s && !s.isBlank() ? OffsetDateTime.ofInstant(Instant.parse(s), ZoneOffset.UTC) : fallback;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Long asLong(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
