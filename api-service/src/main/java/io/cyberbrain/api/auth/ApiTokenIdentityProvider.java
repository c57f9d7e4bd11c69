package io.cyberbrain.api.auth;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.support.WireEnum;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Resolves a bearer token to its name and role with one statement that also stamps last-used. Plain SQL
 * on the reactive pool: authentication runs before any Hibernate session exists.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    public static final String TOKEN_ID_ATTRIBUTE = "cyberbrain.token-id";

    private static final String LOOKUP = """
            update api_token set last_used_at = $2
            where token_hash = $1 and revoked_at is null
            returning id, name, role""";

    private final Pool pool;
    private final Clock clock;

    public ApiTokenIdentityProvider(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String hash = TokenSecrets.hash(request.getToken().getToken());
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return pool.preparedQuery(LOOKUP).execute(Tuple.of(hash, now)).map(this::toIdentity);
    }

    private SecurityIdentity toIdentity(RowSet<Row> rows) {
        if (rows.size() == 0) {
            throw new AuthenticationFailedException("unknown or revoked token");
        }
        Row row = rows.iterator().next();
        Role role = WireEnum.parse(Role.class, row.getString("role"))
                .orElseThrow(() -> new AuthenticationFailedException("token has an unknown role"));
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(row.getString("name")))
                .addRoles(role.grantedRoles())
                .addAttribute(TOKEN_ID_ATTRIBUTE, row.getLong("id"))
                .build();
    }
}
