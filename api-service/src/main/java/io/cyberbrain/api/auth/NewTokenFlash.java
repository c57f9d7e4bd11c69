package io.cyberbrain.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.auth.ApiTokenResource.TokenView;

/**
 * A token created in the web UI, held between the post and the page it redirects to (Post/Redirect/Get), so a reload
 * never creates a second token and the secret is shown exactly once. Kept in memory, per UI session, for a few
 * minutes at most: the secret is never written anywhere.
 */
@ApplicationScoped
public class NewTokenFlash {

    static final Duration KEPT_FOR = Duration.ofMinutes(5);

    public record Created(TokenView token, String secret, Instant at) {
    }

    private final Map<String, Created> bySession = new ConcurrentHashMap<>();
    private final Clock clock;

    public NewTokenFlash(Clock clock) {
        this.clock = clock;
    }

    /** Keeps a new token for the session's next look at the tokens page. */
    void put(String sessionKey, TokenView token, String secret) {
        Instant now = clock.instant();
        bySession.values().removeIf(c -> c.at().isBefore(now.minus(KEPT_FOR)));
        bySession.put(sessionKey, new Created(token, secret, now));
    }

    /** The token this session just created, once; empty afterwards or when it waited too long. */
    Optional<Created> take(String sessionKey) {
        Created created = bySession.remove(sessionKey);
        return Optional.ofNullable(created).filter(c -> !c.at().isBefore(clock.instant().minus(KEPT_FOR)));
    }
}
