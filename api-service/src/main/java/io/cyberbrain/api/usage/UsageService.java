package io.cyberbrain.api.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.common.TimeWindow;
import io.cyberbrain.api.usage.UsageViews.CostReport;
import io.cyberbrain.api.usage.UsageViews.DayUsage;
import io.cyberbrain.api.usage.UsageViews.DirectiveUsage;
import io.cyberbrain.api.usage.UsageViews.ModelCost;
import io.cyberbrain.api.usage.UsageViews.ModelUsage;
import io.cyberbrain.api.usage.UsageViews.TokenStats;
import io.cyberbrain.model.llm.LlmCall;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Token statistics, cost and per-directive usage, aggregated in Postgres. */
@ApplicationScoped
public class UsageService {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private static final String BY_MODEL = """
            select model, count(*) as calls, count(*) filter (where not success) as failed,
                   coalesce(sum(input_tokens), 0) as input, coalesce(sum(output_tokens), 0) as output,
                   coalesce(sum(total_tokens), 0) as total
            from llm_call where created_at >= $1 and created_at < $2
            group by model order by total desc, model""";

    private static final String BY_DAY = """
            select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day,
                   count(*) as calls, coalesce(sum(total_tokens), 0) as total
            from llm_call where created_at >= $1 and created_at < $2
            group by 1 order by 1""";

    private static final String BY_DIRECTIVE = """
            select directive_id, directive_snapshot ->> 'name' as name, count(*) as runs,
                   count(*) filter (where status = 'success') as ok, count(*) filter (where status = 'failed') as failed,
                   coalesce(sum(input_tokens), 0) as input, coalesce(sum(output_tokens), 0) as output,
                   coalesce(sum(total_tokens), 0) as total, max(created_at) as last_run
            from run where created_at >= $1 and created_at < $2
            group by directive_id, directive_snapshot ->> 'name' order by total desc, runs desc, name""";

    private final Pool pool;
    private final CostConfig costs;

    public UsageService(Pool pool, CostConfig costs) {
        this.pool = pool;
        this.costs = costs;
    }

    public Uni<Page<LlmCall>> calls(String model, Long runId, Boolean success, TimeWindow window, PageRequest page) {
        List<String> clauses = new ArrayList<>(List.of("createdAt >= :since", "createdAt < :until"));
        Map<String, Object> params = new HashMap<>(Map.of("since", window.since(), "until", window.until()));
        if (model != null) {
            clauses.add("model = :model");
            params.put("model", model);
        }
        if (runId != null) {
            clauses.add("runId = :runId");
            params.put("runId", runId);
        }
        if (success != null) {
            clauses.add("success = :success");
            params.put("success", success);
        }
        return Panache.withSession(() -> {
            return Page.fetch(LlmCall.<LlmCall>find(String.join(" and ", clauses), Sort.descending("createdAt", "id"), params)
                    , page);
        });
    }

    public Uni<TokenStats> tokenStats(TimeWindow window) {
        Tuple range = Tuple.of(window.sinceUtc(), window.untilUtc());
        return byModel(range).flatMap(models -> pool.preparedQuery(BY_DAY).execute(range).map(rows -> {
            List<DayUsage> days = new ArrayList<>();
            rows.forEach(r -> days.add(new DayUsage(r.getString("day"), r.getLong("calls"), r.getLong("total"))));
            long calls = models.stream().mapToLong(ModelUsage::calls).sum();
            long failed = models.stream().mapToLong(ModelUsage::failedCalls).sum();
            long input = models.stream().mapToLong(ModelUsage::promptTokens).sum();
            long output = models.stream().mapToLong(ModelUsage::completionTokens).sum();
            long total = models.stream().mapToLong(ModelUsage::totalTokens).sum();
            return new TokenStats(window.since(), window.until(), calls, failed, input, output, total, models, days);
        }));
    }

    public Uni<CostReport> costReport(TimeWindow window) {
        return byModel(Tuple.of(window.sinceUtc(), window.untilUtc())).map(models -> {
            List<ModelCost> lines = new ArrayList<>();
            List<String> unpriced = new ArrayList<>();
            BigDecimal sum = BigDecimal.ZERO;
            for (ModelUsage m : models) {
                CostConfig.Price price = costs.prices().getOrDefault(m.model(), costs.prices().get("default"));
                if (price == null) {
                    unpriced.add(m.model());
                    lines.add(new ModelCost(m.model(), m.promptTokens(), m.completionTokens(), m.totalTokens(), false, null, null, null));
                    continue;
                }
                BigDecimal cost = cost(m.promptTokens(), price.inputPerMillion()).add(cost(m.completionTokens(), price.outputPerMillion()))
                        .setScale(6, RoundingMode.HALF_UP);
                sum = sum.add(cost);
                lines.add(new ModelCost(m.model(), m.promptTokens(), m.completionTokens(), m.totalTokens(), true,
                        price.inputPerMillion(), price.outputPerMillion(), cost));
            }
            return new CostReport(window.since(), window.until(), costs.currency(), sum.setScale(6, RoundingMode.HALF_UP), lines, unpriced);
        });
    }

    public Uni<List<DirectiveUsage>> byDirective(TimeWindow window) {
        return pool.preparedQuery(BY_DIRECTIVE).execute(Tuple.of(window.sinceUtc(), window.untilUtc())).map(rows -> {
            List<DirectiveUsage> result = new ArrayList<>();
            rows.forEach(r -> result.add(new DirectiveUsage(r.getLong("directive_id"), r.getString("name"), r.getLong("runs"),
                    r.getLong("ok"), r.getLong("failed"), r.getLong("input"), r.getLong("output"), r.getLong("total"),
                    r.getOffsetDateTime("last_run").toInstant())));
            return result;
        });
    }

    private Uni<List<ModelUsage>> byModel(Tuple range) {
        return pool.preparedQuery(BY_MODEL).execute(range).map(rows -> {
            List<ModelUsage> result = new ArrayList<>();
            for (Row r : rows) {
                result.add(new ModelUsage(r.getString("model"), r.getLong("calls"), r.getLong("failed"), r.getLong("input"),
                        r.getLong("output"), r.getLong("total")));
            }
            return result;
        });
    }

    private static BigDecimal cost(long tokens, BigDecimal perMillion) {
        return BigDecimal.valueOf(tokens).multiply(perMillion).divide(MILLION, 9, RoundingMode.HALF_UP);
    }
}
