package io.cyberbrain.api.mcp;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * DNS-rebinding protection for the MCP endpoints, whatever address the service binds to: a request whose
 * {@code Origin} is neither loopback, the public URL nor a configured origin is refused with 403, and when the
 * service listens on loopback only, so is a request whose {@code Host} is not a loopback name. Runs before
 * authentication, so a hostile page learns nothing, not even whether a token is valid.
 */
@ApplicationScoped
public class McpOriginGuard {

    private static final Logger LOG = Logger.getLogger(McpOriginGuard.class);
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Set<String> allowedOrigins;
    private final boolean loopbackBind;

    public McpOriginGuard(McpConfig config,
                          @ConfigProperty(name = "cyberbrain.public-url") String publicUrl,
                          @ConfigProperty(name = "quarkus.http.host") String bindHost) {
        Set<String> origins = new HashSet<>();
        origins.add(origin(publicUrl));
        config.allowedOrigins().orElse(List.of()).forEach(o -> origins.add(origin(o)));
        this.allowedOrigins = Set.copyOf(origins);
        this.loopbackBind = LOOPBACK.contains(bindHost.toLowerCase(Locale.ROOT));
    }

    void register(@Observes Filters filters) {
        // Above the authentication filters (priority 1000+ runs first).
        filters.register(this::filter, 2_000);
    }

    private void filter(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!(path.equals("/mcp") || path.startsWith("/mcp/"))) {
            ctx.next();
            return;
        }
        String refusal = refusal(ctx.request().getHeader("Origin"), ctx.request().authority() == null
                ? null : ctx.request().authority().host());
        if (refusal == null) {
            ctx.next();
            return;
        }
        LOG.debugf("MCP request refused: %s", refusal);
        ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                .end("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,\"message\":\"" + refusal + "\"}}");
    }

    /** Why a request with these headers is refused, or null when it may pass. */
    String refusal(String originHeader, String host) {
        if (loopbackBind && host != null && !LOOPBACK.contains(host.toLowerCase(Locale.ROOT))) {
            return "Forbidden: this server listens on loopback only and does not answer for host " + quoteSafe(host);
        }
        if (originHeader == null || originHeader.isBlank()) {
            return null;
        }
        String origin = origin(originHeader);
        if (origin == null) {
            return "Forbidden: malformed Origin header";
        }
        if (allowedOrigins.contains(origin) || LOOPBACK.contains(URI.create(origin).getHost())) {
            return null;
        }
        return "Forbidden: origin " + quoteSafe(origin) + " is not allowed; add it to cyberbrain.mcp.allowed-origins";
    }

    /** scheme://host[:port] in lower case, or null when it is not an absolute http(s) URL. */
    static String origin(String url) {
        try {
            URI uri = URI.create(url.trim());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String quoteSafe(String value) {
        return "'" + value.replaceAll("[^A-Za-z0-9.:/\\[\\]_-]", "?") + "'";
    }
}
