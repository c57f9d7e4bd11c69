package io.cyberbrain.api.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.support.WireEnum;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Web UI sessions in {@code ui_session}: opened by a login with an API token, looked up on every page, closed by
 * logout, and dead as soon as their token is revoked. Plain SQL on the reactive pool, like token lookups: it runs
 * during authentication, before any Hibernate session exists.
 */
@ApplicationScoped
public class UiSessionStore {

    /** A live session: whose it is, the role of its token, and the form token its pages must send back. */
    public record Session(long tokenId, String tokenName, Role role, String csrfToken) {
    }

    /** A new session: the cookie value (never stored) and its form token. */
    public record Opened(String cookieValue, String csrfToken, Instant expiresAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String LOOKUP = """
            update ui_session s set last_seen_at = $2
            from api_token t
            where s.id_hash = $1 and s.expires_at > $2 and t.id = s.token_id and t.revoked_at is null
            returning t.id, t.name, t.role, s.csrf_token""";

    private final Pool pool;
    private final Clock clock;
    private final UiSessionConfig config;

    public UiSessionStore(Pool pool, Clock clock, UiSessionConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
    }

    public java.time.Duration ttl() {
        return config.sessionTtl();
    }

    public Uni<Opened> open(long tokenId) {
        String cookie = random();
        String csrf = random();
        Instant now = clock.instant();
        Instant expires = now.plus(config.sessionTtl());
        return pool.preparedQuery("""
                        insert into ui_session (id_hash, token_id, csrf_token, created_at, expires_at, last_seen_at)
                        values ($1, $2, $3, $4, $5, $4)""")
                .execute(Tuple.of(TokenSecrets.hash(cookie), tokenId, csrf, utc(now), utc(expires)))
                .map(ignored -> new Opened(cookie, csrf, expires));
    }

    /** The live session behind a cookie value, or null when it is unknown, expired or its token revoked. */
    public Uni<Session> find(String cookieValue) {
        return pool.preparedQuery(LOOKUP).execute(Tuple.of(TokenSecrets.hash(cookieValue), utc(clock.instant())))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return WireEnum.parse(Role.class, row.getString("role"))
                            .map(role -> new Session(row.getLong("id"), row.getString("name"), role,
                                    row.getString("csrf_token")))
                            .orElse(null);
                });
    }

    public Uni<Void> close(String cookieValue) {
        return pool.preparedQuery("delete from ui_session where id_hash = $1")
                .execute(Tuple.of(TokenSecrets.hash(cookieValue))).replaceWithVoid();
    }

    /** Drops sessions that have expired; returns how many. */
    public Uni<Integer> purgeExpired() {
        return pool.preparedQuery("delete from ui_session where expires_at <= $1")
                .execute(Tuple.of(utc(clock.instant()))).map(rows -> rows.rowCount());
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
