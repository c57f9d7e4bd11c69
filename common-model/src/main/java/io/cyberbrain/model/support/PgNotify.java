package io.cyberbrain.model.support;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Postgres NOTIFY in the caller's transaction: listeners hear of a change only once it is committed, and
 * never of one that rolled back.
 */
public final class PgNotify {

    private PgNotify() {
    }

    public static Uni<Void> send(String channel, String payload) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery("select cast(pg_notify(:channel, :payload) as text)")
                        .setParameter("channel", channel)
                        .setParameter("payload", payload)
                        .getSingleResultOrNull())
                .replaceWithVoid();
    }
}
