package io.cyberbrain.api.auth;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.auth.ApiToken;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.error.ConflictException;
import io.cyberbrain.model.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ApiTokenService {

    /** A token and, only at creation, its secret. */
    public record Created(ApiToken token, String secret) {
    }

    private final Clock clock;

    public ApiTokenService(Clock clock) {
        this.clock = clock;
    }

    public Uni<Created> create(String name, Role role, String createdBy) {
        return createWithSecret(name, role, createdBy, TokenSecrets.generate());
    }

    Uni<Created> createWithSecret(String name, Role role, String createdBy, String secret) {
        return Panache.withTransaction(() -> ApiToken.count("name", name).flatMap(existing -> {
            if (existing > 0) {
                throw new ConflictException("a token named '" + name + "' already exists");
            }
            ApiToken token = new ApiToken();
            token.name = name;
            token.role = role;
            token.tokenHash = TokenSecrets.hash(secret);
            token.tokenPrefix = TokenSecrets.displayPrefix(secret);
            token.createdBy = createdBy;
            token.createdAt = clock.instant();
            return token.<ApiToken>persist().map(saved -> new Created(saved, secret));
        }));
    }

    public Uni<Page<ApiToken>> list(PageRequest page) {
        return Panache.withSession(() -> {
            return Page.fetch(ApiToken.<ApiToken>findAll(Sort.by("id")), page);
        });
    }

    public Uni<ApiToken> revoke(long id) {
        return Panache.withTransaction(() -> ApiToken.<ApiToken>findById(id).flatMap(token -> {
            if (token == null) {
                throw new NotFoundException("token", id);
            }
            if (!token.isActive()) {
                return Uni.createFrom().item(token);
            }
            Uni<Long> otherAdmins = token.role == Role.ADMIN
                    ? ApiToken.count("role = ?1 and revokedAt is null and id <> ?2", Role.ADMIN, id)
                    : Uni.createFrom().item(1L);
            return otherAdmins.map(others -> {
                if (others == 0) {
                    throw new ConflictException("token '" + token.name + "' is the last active admin token; create another admin token first");
                }
                token.revokedAt = clock.instant();
                return token;
            });
        }));
    }

    public Uni<Boolean> activeAdminExists() {
        return Panache.withSession(() -> ApiToken.count("role = ?1 and revokedAt is null", Role.ADMIN).map(n -> n > 0));
    }

    public Uni<List<ApiToken>> activeAdmins() {
        return Panache.withSession(() -> ApiToken.list("role = ?1 and revokedAt is null", Role.ADMIN));
    }
}
