package io.cyberbrain.model.claim;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one claim/lease mechanism (rule 7, docs/design-rules.md): rows are claimed with {@code FOR UPDATE SKIP LOCKED}, held
 * by a lease that a heartbeat extends, given back on graceful shutdown, and recovered when a lease expires:
 * put back while attempts remain, given up with a reason after that. Every change after the claim is fenced
 * by {@code lease_owner}, so a claimer that lost its lease cannot overwrite the new holder's work.
 */
@ApplicationScoped
public class LeaseClaimer {

    static final String GIVE_UP_REASON =
            "lease expired after the last of its attempts: the launcher running it stopped heart-beating";

    private final Pool pool;
    private final Clock clock;
    private final MeterRegistry registry;

    public LeaseClaimer(Pool pool, Clock clock, MeterRegistry registry) {
        this.pool = pool;
        this.clock = clock;
        this.registry = registry;
    }

    /** Claims up to {@code limit} ready rows for {@code owner}; returns their ids in claim order. */
    public Uni<List<Long>> claim(ClaimSpec spec, String owner, Duration lease, int limit) {
        return claim(spec, ClaimFilter.NONE, owner, lease, limit);
    }

    /** Claims up to {@code limit} of the ready rows {@code filter} lets this claimer take; returns their ids in claim order. */
    public Uni<List<Long>> claim(ClaimSpec spec, ClaimFilter filter, String owner, Duration lease, int limit) {
        Statement s = new Statement(now());
        String attempts = spec.countsAttempts() ? " and attempts < max_attempts" : "";
        String bump = spec.countsAttempts() ? ", attempts = t.attempts + 1" : "";
        String narrowed = filter.condition() == null ? "" : " and (" + filter.bind(filter.condition(), s::bind) + ")";
        s.sql.append("with picked as (select id from ").append(spec.table()).append(" where ").append(s.condition(spec.readyCondition()))
                .append(attempts).append(narrowed).append(" order by ").append(spec.orderBy()).append(" limit ").append(s.bind(limit))
                .append(" for update skip locked) update ").append(spec.table()).append(" t set lease_owner = ")
                .append(s.bind(owner)).append(", lease_expires_at = ").append(s.bind(s.now.plus(lease)))
                .append(", heartbeat_at = ").append(s.nowParameter()).append(bump).append(s.assignments(spec.onClaim(), null))
                .append(filter.onClaim() == null ? "" : s.assignments(filter.bind(filter.onClaim(), s::bind), null))
                .append(" from picked where t.id = picked.id returning t.id");
        Counter claimed = claims(spec);
        return s.execute().invoke(ids -> claimed.increment(ids.size()));
    }

    /** Extends the leases {@code owner} still holds among {@code ids}; returns the ids still held. */
    public Uni<List<Long>> heartbeat(ClaimSpec spec, String owner, List<Long> ids, Duration lease) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Statement s = new Statement(now());
        s.sql.append("update ").append(spec.table()).append(" set lease_expires_at = ").append(s.bind(s.now.plus(lease)))
                .append(", heartbeat_at = ").append(s.nowParameter())
                .append(" where id = any(").append(s.bind(ids.toArray(Long[]::new))).append(") and lease_owner = ")
                .append(s.bind(owner)).append(" and ").append(spec.heldCondition()).append(" returning id");
        return s.execute();
    }

    /**
     * Gives rows back on graceful shutdown: they become ready again at once and, since nothing failed, the
     * attempt is not counted.
     */
    public Uni<List<Long>> release(ClaimSpec spec, String owner, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Statement s = new Statement(now());
        String unbump = spec.countsAttempts() ? ", attempts = greatest(attempts - 1, 0)" : "";
        s.sql.append("update ").append(spec.table()).append(" set lease_owner = null, lease_expires_at = null").append(unbump)
                .append(s.assignments(spec.onRelease(), null))
                .append(" where id = any(").append(s.bind(ids.toArray(Long[]::new))).append(") and lease_owner = ")
                .append(s.bind(owner)).append(" and ").append(spec.heldCondition()).append(" returning id");
        return s.execute();
    }

    /** What recovery did with expired leases. */
    public record Recovery(List<Long> requeued, List<Long> givenUp) {
        public boolean isEmpty() {
            return requeued.isEmpty() && givenUp.isEmpty();
        }
    }

    /**
     * Recovers rows whose holder stopped heart-beating (killed, partitioned): back to ready while attempts
     * remain, otherwise {@code onGiveUp} with a reason.
     */
    public Uni<Recovery> recoverExpired(ClaimSpec spec) {
        Counter requeuedCount = recoveries(spec, "requeued");
        Counter givenUpCount = recoveries(spec, "given_up");
        return recover(spec).invoke(r -> {
            requeuedCount.increment(r.requeued().size());
            givenUpCount.increment(r.givenUp().size());
        });
    }

    private Uni<Recovery> recover(ClaimSpec spec) {
        OffsetDateTime now = now();
        Uni<List<Long>> requeued = expired(spec, now, spec.countsAttempts() ? " and attempts < max_attempts" : "",
                spec.onRelease(), null);
        if (!spec.countsAttempts()) {
            return requeued.map(r -> new Recovery(r, List.of()));
        }
        return requeued.flatMap(r -> expired(spec, now, " and attempts >= max_attempts", spec.onGiveUp(), GIVE_UP_REASON)
                .map(givenUp -> new Recovery(r, givenUp)));
    }

    private Uni<List<Long>> expired(ClaimSpec spec, OffsetDateTime now, String attempts, String assignments, String reason) {
        Statement s = new Statement(now);
        s.sql.append("with x as (select id from ").append(spec.table()).append(" where ").append(spec.heldCondition())
                .append(" and lease_expires_at < ").append(s.nowParameter()).append(attempts)
                .append(" for update skip locked) update ").append(spec.table())
                .append(" t set lease_owner = null, lease_expires_at = null").append(s.assignments(assignments, reason))
                .append(" from x where t.id = x.id returning t.id");
        return s.execute();
    }

    // Tagged by table, a handful of fixed names; registered before the first event so rate() sees it from 0.
    private Counter claims(ClaimSpec spec) {
        return Counter.builder("cyberbrain.claims").description("Rows claimed under a lease, by queue (table)")
                .tag("queue", spec.table()).register(registry);
    }

    private Counter recoveries(ClaimSpec spec, String outcome) {
        return Counter.builder("cyberbrain.lease.recoveries")
                .description("Expired leases recovered: requeued while attempts remain, else given up")
                .tag("queue", spec.table()).tag("outcome", outcome).register(registry);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** A statement being written: binds each value to the next {@code $n}, and {@code :now} to one of them. */
    private final class Statement {
        final StringBuilder sql = new StringBuilder();
        final List<Object> values = new ArrayList<>();
        final OffsetDateTime now;
        String nowPosition;

        Statement(OffsetDateTime now) {
            this.now = now;
        }

        String bind(Object value) {
            values.add(value);
            return "$" + values.size();
        }

        String nowParameter() {
            if (nowPosition == null) {
                nowPosition = bind(now);
            }
            return nowPosition;
        }

        /** A condition with {@code :now} bound (a row may become ready at a time, e.g. a deadline). */
        String condition(String fragment) {
            return fragment.contains(":now") ? fragment.replace(":now", nowParameter()) : fragment;
        }

        String assignments(String fragment, String reason) {
            if (fragment == null || fragment.isBlank()) {
                return "";
            }
            String bound = fragment.contains(":now") ? fragment.replace(":now", nowParameter()) : fragment;
            if (bound.contains(":reason")) {
                bound = bound.replace(":reason", bind(reason));
            }
            return ", " + bound;
        }

        Uni<List<Long>> execute() {
            return pool.preparedQuery(sql.toString()).execute(Tuple.from(values)).map(LeaseClaimer::ids);
        }
    }

    private static List<Long> ids(RowSet<Row> rows) {
        List<Long> ids = new ArrayList<>(rows.size());
        rows.forEach(r -> ids.add(r.getLong(0)));
        return ids;
    }
}
