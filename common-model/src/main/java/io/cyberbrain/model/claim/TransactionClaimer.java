package io.cyberbrain.model.claim;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Claims for work that is done inside the claiming transaction (a schedule's fire: launch, record, advance).
 * Rows are locked with {@code FOR UPDATE SKIP LOCKED} in the caller's transaction: the row lock is the lease,
 * held exactly as long as the work, and released by commit or, if the holder dies, by Postgres ending its
 * session. Other instances skip locked rows instead of waiting, and re-check the ready condition of rows
 * committed meanwhile, so each ready row is claimed once.
 */
@ApplicationScoped
public class TransactionClaimer {

    private final Clock clock;

    public TransactionClaimer(Clock clock) {
        this.clock = clock;
    }

    /**
     * Locks up to {@code limit} ready rows and returns them as read-only entities of {@code entity} (the work
     * changes them with statements of its own), in one round trip; must run inside a transaction.
     *
     * @param spec only {@code table}, {@code readyCondition} (may use {@code :now}) and {@code orderBy} apply
     */
    public <T> Uni<List<T>> lockReady(ClaimSpec spec, int limit, Class<T> entity) {
        String sql = "select * from " + spec.table() + " where id in (select id from " + spec.table() + " where "
                + spec.readyCondition() + " order by " + spec.orderBy() + " limit :limit for update skip locked)"
                + " order by " + spec.orderBy();
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, entity).setParameter("limit", limit).setReadOnly(true);
            if (spec.readyCondition().contains(":now")) {
                query.setParameter("now", clock.instant());
            }
            return query.getResultList();
        });
    }
}
