package io.cyberbrain.api.ui;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.cyberbrain.api.auth.ApiTokenAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Browser hardening on every web UI answer, pages, redirects and error pages alike (the login page included):
 * scripts, styles and images only from this server (the pages carry no inline script or style, htmx is told not to
 * inject its own), never framed, no MIME sniffing, no referrer sent to other sites, nothing kept in caches.
 */
@ApplicationScoped
public class UiSecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    void register(@Observes Filters filters) {
        // Above authentication, so the login redirect and the 401/403 pages carry the headers too.
        filters.register(this::filter, 3_000);
    }

    private void filter(RoutingContext ctx) {
        if (ApiTokenAuthenticationMechanism.isUiPath(ctx.normalizedPath())) {
            ctx.addHeadersEndHandler(v -> {
                MultiMap headers = ctx.response().headers();
                headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                headers.set("X-Frame-Options", "DENY");
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("Referrer-Policy", "same-origin");
                // Pages hold per-user data (a new token's secret, once): no copy in any cache, nor the back button's.
                if (!headers.contains("Cache-Control")) {
                    headers.set("Cache-Control", "no-store");
                }
            });
        }
        ctx.next();
    }
}
