package io.cyberbrain.api.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.cyberbrain.model.auth.Role;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * At first start there is no admin token, so nobody could create one: make it from
 * CYBERBRAIN_ADMIN_TOKEN, or generate one and print it once.
 */
@ApplicationScoped
public class AdminTokenBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminTokenBootstrap.class);
    static final String FIRST_ADMIN_NAME = "admin";

    private final ApiTokenService tokens;
    private final AuthConfig config;

    public AdminTokenBootstrap(ApiTokenService tokens, AuthConfig config) {
        this.tokens = tokens;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(this::ensureAdmin);
    }

    Uni<Void> ensureAdmin() {
        return tokens.activeAdminExists().flatMap(exists -> {
            if (exists) {
                return Uni.createFrom().voidItem();
            }
            var given = config.adminToken().filter(s -> !s.isBlank());
            Uni<ApiTokenService.Created> created = given.isPresent()
                    ? tokens.createWithSecret(uniqueName(), Role.ADMIN, "bootstrap", given.get().trim())
                    : tokens.create(uniqueName(), Role.ADMIN, "bootstrap");
            return created.invoke(c -> announce(c, given.isPresent())).replaceWithVoid();
        });
    }

    private static String uniqueName() {
        return FIRST_ADMIN_NAME + "-" + Long.toString(System.currentTimeMillis(), 36);
    }

    private static void announce(ApiTokenService.Created created, boolean fromEnvironment) {
        if (fromEnvironment) {
            LOG.infof("Created admin token '%s' from CYBERBRAIN_ADMIN_TOKEN", created.token().name);
            return;
        }
        // Printed to stdout, past the redacting log filter, exactly once: it is the only way in.
        System.out.println("""
                ==================================================================
                 Cyberbrain: first start, no admin token existed. Created '%s':
                   %s
                 It is shown only now. Use it as: Authorization: Bearer <token>
                ==================================================================""".formatted(created.token().name, created.secret()));
        System.out.flush();
    }
}
