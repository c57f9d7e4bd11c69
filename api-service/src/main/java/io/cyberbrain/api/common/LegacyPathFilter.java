package io.cyberbrain.api.common;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps the original API's paths working: a trailing slash is optional ({@code /api/runs/}) and the
 * paths whose names we improved are aliases of the new ones. Documented in docs/api.md.
 */
@ApplicationScoped
public class LegacyPathFilter {

    /** Old prefix to new prefix. */
    static final Map<String, String> ALIASES = Map.of(
            "/api/containers", "/api/allowlist/containers");

    void install(@Observes Router router) {
        // Before every other route, so the rewritten path is what security and JAX-RS see.
        router.route().order(Integer.MIN_VALUE).handler(this::rewrite);
        // A person opening the service's address gets the web UI (its login page when not logged in).
        router.route("/").order(Integer.MIN_VALUE + 1).handler(rc -> rc.redirect("/ui"));
    }

    void rewrite(RoutingContext rc) {
        String path = rc.normalizedPath();
        String target = canonical(path);
        if (target.equals(path)) {
            rc.next();
            return;
        }
        String query = rc.request().query();
        rc.reroute(query == null ? target : target + "?" + query);
    }

    static String canonical(String path) {
        if (!path.startsWith("/api/")) {
            return path;
        }
        String p = path.length() > "/api/".length() && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (var alias : ALIASES.entrySet()) {
            if (p.equals(alias.getKey()) || p.startsWith(alias.getKey() + "/")) {
                return alias.getValue() + p.substring(alias.getKey().length());
            }
        }
        return p;
    }
}
