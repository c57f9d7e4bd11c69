package io.cyberbrain.api.investigation;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.model.investigation.InvestigationOrigin;
import io.cyberbrain.model.investigation.InvestigationStatus;
import io.cyberbrain.model.investigation.InvestigationTool;
import io.cyberbrain.model.investigation.PlannerKind;
import io.cyberbrain.model.investigation.StepStatus;
import io.cyberbrain.model.run.DirectiveSnapshot;
import io.cyberbrain.model.support.WireEnum;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The engine's SQL on {@code investigation} and {@code investigation_step}. JSON goes in as text cast to jsonb (the
 * client would store a Java string as a JSON string). Every write is fenced by
 * {@code lease_owner}: an engine that lost its lease (it stalled, another took over) changes nothing. Blocking: the
 * callers are the engine's own threads.
 */
@ApplicationScoped
public class InvestigationStore {

    static final int MAX_NOTE = 1000;
    static final int MAX_ERROR = 2000;
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };
    /** Puts a row back without counting the attempt: attempts count only the holders that died. */
    private static final String UNHELD = "lease_owner = null, lease_expires_at = null, attempts = greatest(attempts - 1, 0)";

    private final Pool pool;
    private final Clock clock;

    public InvestigationStore(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** The investigation {@code owner} holds (any holder when null), with its steps; empty when it does not hold it. */
    public Optional<InvestigationState> load(long id, String owner) {
        RowSet<Row> rows = query("""
                select id, goal, status, origin, directive_snapshot::text, labels::text, planner, max_steps, max_tokens,
                       steps_used, total_tokens, waiting_run_id, cancel_requested, requested_by, created_at, started_at,
                       deadline_at, error_summary, max_wall_seconds
                from investigation where id = $1 and ($2::text is null or lease_owner = $2)""", Tuple.of(id, owner));
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row r = rows.iterator().next();
        return Optional.of(new InvestigationState(r.getLong(0), r.getString(1),
                parse(InvestigationStatus.class, r.getString(2)), parse(InvestigationOrigin.class, r.getString(3)),
                read(r.getString(4), DirectiveSnapshot.class), readLabels(r.getString(5)), parse(PlannerKind.class, r.getString(6)),
                r.getInteger(7), r.getInteger(18), r.getLong(8), r.getInteger(9), r.getLong(10), r.getLong(11), r.getBoolean(12),
                r.getString(13), instant(r, 14), instant(r, 15), instant(r, 16), r.getString(17), steps(id)));
    }

    private List<InvestigationState.Step> steps(long id) {
        List<InvestigationState.Step> steps = new ArrayList<>();
        for (Row r : query("""
                select id, position, tool, planned_by, arguments::text, status, run_id, outcome::text, note, input_tokens,
                       output_tokens, total_tokens
                from investigation_step where investigation_id = $1 order by position""", Tuple.of(id))) {
            steps.add(new InvestigationState.Step(r.getLong(0), r.getInteger(1), parse(InvestigationTool.class, r.getString(2)),
                    parse(PlannerKind.class, r.getString(3)), readMap(r.getString(4)), parse(StepStatus.class, r.getString(5)),
                    r.getLong(6), r.getString(7) == null ? null : readMap(r.getString(7)), r.getString(8), r.getLong(9),
                    r.getLong(10), r.getLong(11)));
        }
        return steps;
    }

    /** planning -> running: the clock of the wall-time budget starts now. */
    public boolean begin(long id, String owner, Instant now, Instant deadline) {
        return update("status = 'running', started_at = $3, deadline_at = $4", id, owner, utc(now), utc(deadline));
    }

    /**
     * A new step; counts against the step budget unless it is a planner fallback record or a step not run (the budget
     * was used up). Returns its id.
     */
    public Optional<Long> addStep(long id, String owner, int position, InvestigationTool tool, PlannerKind plannedBy,
                                  Map<String, Object> arguments, StepStatus status, String note, TokenUse tokens) {
        boolean counts = tool != InvestigationTool.PLANNER_FALLBACK && status != StepStatus.NOT_RUN;
        RowSet<Row> rows = query("""
                with held as (update investigation set steps_used = steps_used + $11::int,
                                     input_tokens = input_tokens + $8::bigint, output_tokens = output_tokens + $9::bigint,
                                     total_tokens = total_tokens + $8::bigint + $9::bigint
                              where id = $1 and lease_owner = $2 returning id)
                insert into investigation_step (investigation_id, position, tool, planned_by, arguments, status, note,
                                                input_tokens, output_tokens, total_tokens, started_at, ended_at)
                select held.id, $3::int, $4::text, $5::text, $6::text::jsonb, $7::text, $12::text, $8::bigint, $9::bigint,
                       $8::bigint + $9::bigint, $10::timestamptz,
                       case when $7::text in ('running', 'awaiting_approval') then null else $10::timestamptz end
                from held returning id""",
                Tuple.from(Arrays.asList(id, owner, position, tool.wire(), plannedBy.wire(), json(arguments), status.wire(),
                        tokens.input(), tokens.output(), utc(clock.instant()), counts ? 1 : 0, note(note))));
        return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0));
    }

    /** Tokens a planner spent without a step to show for them (a call that failed or ran over the budget). */
    public boolean addTokens(long id, String owner, TokenUse tokens) {
        return update("input_tokens = input_tokens + $3, output_tokens = output_tokens + $4, total_tokens = total_tokens + $3 + $4",
                id, owner, tokens.input(), tokens.output());
    }

    /** A step's end (or its move to awaiting approval), fenced by the investigation's lease. */
    public boolean updateStep(long id, String owner, long stepId, StepStatus status, Long runId, Map<String, Object> outcome,
                              String note) {
        boolean ends = status != StepStatus.RUNNING && status != StepStatus.AWAITING_APPROVAL;
        return query("""
                update investigation_step s set status = $4::text, run_id = coalesce($5::bigint, s.run_id),
                       outcome = coalesce($6::text::jsonb, s.outcome), note = coalesce($7::text, s.note),
                       ended_at = case when $8::boolean then $9::timestamptz else null end
                from investigation i where s.id = $3 and s.investigation_id = i.id and i.id = $1 and i.lease_owner = $2""",
                Tuple.from(Arrays.asList(id, owner, stepId, status.wire(), runId, outcome == null ? null : json(outcome),
                        note(note), ends, utc(clock.instant())))).rowCount() == 1;
    }

    /**
     * Puts the investigation to sleep until {@code runId} moves on, in {@code status} ({@code running} or
     * {@code awaiting_approval}); the claim is given back.
     */
    public boolean sleepOn(long id, String owner, long runId, InvestigationStatus status) {
        return update("waiting_run_id = $3, status = $4, " + UNHELD, id, owner, runId, status.wire());
    }

    /** Done with the run it waited for. */
    public boolean stopWaiting(long id, String owner) {
        return update("waiting_run_id = null, status = 'running'", id, owner);
    }

    /** The end: final status, report, reason; the claim is given back and nothing will claim it again. */
    public boolean finish(long id, String owner, InvestigationStatus status, String markdown, Map<String, Object> report,
                          String errorSummary) {
        return update("status = $3, report_markdown = $4, report_json = $5::text::jsonb, error_summary = $6, ended_at = $7, "
                        + "waiting_run_id = null, " + UNHELD,
                id, owner, status.wire(), markdown, json(report), truncate(errorSummary, MAX_ERROR), utc(clock.instant()));
    }

    /** Records one LLM call of the planner: tokens, duration and outcome only (rule 2). */
    public void llmCall(long id, String endpoint, String model, TokenUse tokens, long durationMs, boolean success,
                        String errorClass) {
        query("""
                insert into llm_call (investigation_id, endpoint, model, purpose, input_tokens, output_tokens, total_tokens,
                                      duration_ms, success, error_class, created_at)
                values ($1, $2, $3, 'investigation_planning', $4, $5, $6, $7, $8, $9, $10)""",
                Tuple.from(Arrays.asList(id, truncate(endpoint, 500), truncate(model, 200), (int) tokens.input(),
                        (int) tokens.output(), (int) tokens.total(), durationMs, success, truncate(errorClass, 100),
                        utc(clock.instant()))));
    }

    /** Report-ready data of an investigation an engine gave up on (recovery), written without a lease. */
    public boolean reportGivenUp(long id, String markdown, Map<String, Object> report) {
        return query("update investigation set report_markdown = $2, report_json = $3::text::jsonb where id = $1 and status = 'failed'"
                + " and report_markdown is null", Tuple.of(id, markdown, json(report))).rowCount() == 1;
    }

    /** The enabled allowlist's container names (what a model may name for a triage). */
    public java.util.Set<String> enabledContainerNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Row r : query("select name from container_allowlist where enabled and name is not null", Tuple.tuple())) {
            names.add(r.getString(0));
        }
        return names;
    }

    private boolean update(String assignments, Object... values) {
        return query("update investigation set " + assignments + " where id = $1 and lease_owner = $2",
                Tuple.from(Arrays.asList(values))).rowCount() == 1;
    }

    RowSet<Row> query(String sql, Tuple tuple) {
        return pool.preparedQuery(sql).execute(tuple).await().indefinitely();
    }

    /** Tokens of one planner call or the sum of several. */
    public record TokenUse(long input, long output) {
        public static final TokenUse NONE = new TokenUse(0, 0);

        public long total() {
            return input + output;
        }

        public TokenUse plus(TokenUse other) {
            return new TokenUse(input + other.input, output + other.output);
        }
    }

    // ---------------------------------------------------------------- values

    static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String value) {
        return WireEnum.parse(type, value).orElseThrow(() -> new IllegalStateException(type.getSimpleName() + " " + value));
    }

    static Instant instant(Row r, int column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value == null ? Map.of() : value);
        } catch (IOException e) {
            throw new IllegalStateException("not serialisable as JSON", e);
        }
    }

    static Map<String, Object> readMap(String json) {
        try {
            return json == null ? new LinkedHashMap<>() : JSON.readValue(json, MAP);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON unreadable", e);
        }
    }

    private static Map<String, String> readLabels(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, LABELS);
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " unreadable", e);
        }
    }

    static String note(String note) {
        return truncate(note, MAX_NOTE);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
