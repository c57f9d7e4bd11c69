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
            "/api/containers", "/api/allowlist/containers",
            "/api/agent-runs", "/api/investigations");

    /** The original's web pages and where they are now; any other {@code /webui/x} goes to {@code /ui/x}. */
    static final Map<String, String> WEB_PAGES = Map.of(
            "/webui", "/ui",
            "/webui/rag/upload", "/ui/library",
            "/webui/rag/uploads", "/ui/library",
            "/webui/rag/search", "/ui/search",
            "/webui/rag", "/ui/library");

    void install(@Observes Router router) {
        // Before every other route, so the rewritten path is what security and JAX-RS see.
        router.route().order(Integer.MIN_VALUE).handler(this::rewrite);
        // A person opening the service's address gets the web UI (its login page when not logged in).
        router.route("/").order(Integer.MIN_VALUE + 1).handler(rc -> rc.redirect("/ui"));
        // The original's web pages: a bookmark keeps working. The Location is a path, never built from Host.
        router.routeWithRegex("/webui(/.*)?").order(Integer.MIN_VALUE + 1).handler(rc -> {
            String query = rc.request().query();
            rc.response().setStatusCode(301)
                    .putHeader("Location", webPage(rc.normalizedPath()) + (query == null ? "" : "?" + query)).end();
        });
    }

    /** Where an original {@code /webui/...} page is now. */
    static String webPage(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String mapped = WEB_PAGES.get(p);
        return mapped != null ? mapped : "/ui" + p.substring("/webui".length());
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
        // "/api/" too: the API's root is /api.
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (var alias : ALIASES.entrySet()) {
            if (p.equals(alias.getKey()) || p.startsWith(alias.getKey() + "/")) {
                return alias.getValue() + p.substring(alias.getKey().length());
            }
        }
        return p;
    }
}
