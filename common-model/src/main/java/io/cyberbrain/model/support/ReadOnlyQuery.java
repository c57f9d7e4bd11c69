package io.cyberbrain.model.support;

import java.util.List;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Entities read only to be looked at, in the caller's session: Hibernate keeps no snapshot of them and never
 * dirty-checks them, which matters when a batch reads many rows (the Panache queries do not take the hint).
 */
public final class ReadOnlyQuery {

    private ReadOnlyQuery() {
    }

    /**
     * @param hql    a query of the entity, e.g. {@code from Job where taskKey in ?1} (a constant of the caller)
     * @param params its positional parameters, {@code ?1} first
     */
    public static <T> Uni<List<T>> list(Class<T> type, String hql, Object... params) {
        return Panache.getSession().flatMap(session -> {
            var query = session.createSelectionQuery(hql, type).setReadOnly(true);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return query.getResultList();
        });
    }
}
