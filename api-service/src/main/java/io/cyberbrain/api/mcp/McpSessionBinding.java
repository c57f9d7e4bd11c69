package io.cyberbrain.api.mcp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.cyberbrain.api.auth.ApiTokenIdentityProvider;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * An MCP session belongs to the API token that opened it: a request that names the session with another token is
 * answered 404, as for a session that does not exist (the transport's answer for an unknown session id, which also
 * tells a stranger nothing). Streamable HTTP sessions are bound when {@code initialize} answers with their
 * {@code Mcp-Session-Id}; a legacy HTTP+SSE session is bound by its first message, which only the client holding
 * the stream can address. Also answers the MCP paths' authentication failures itself: 401 with a
 * {@code WWW-Authenticate} challenge and a JSON-RPC error that names no server class.
 */
@ApplicationScoped
public class McpSessionBinding {

    private static final Logger LOG = Logger.getLogger(McpSessionBinding.class);
    static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String MESSAGES_PREFIX = "/mcp/messages/";
    /** After authorization (priority 100), so the caller's identity is known. */
    private static final int AFTER_AUTHORIZATION = 50;

    private record Binding(String caller, Instant lastSeen) {
    }

    private final Map<String, Binding> bindings = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idleTimeout;

    public McpSessionBinding(Clock clock,
                             @ConfigProperty(name = "quarkus.mcp.server.connection-idle-timeout", defaultValue = "30m")
                             Duration idleTimeout) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, AFTER_AUTHORIZATION);
    }

    void failures(@Observes Router router) {
        // Before the MCP extension's own failure route, which puts the exception's class name in its body.
        router.route("/mcp").order(Integer.MIN_VALUE + 100).failureHandler(this::authFailure);
        router.route("/mcp/*").order(Integer.MIN_VALUE + 100).failureHandler(this::authFailure);
    }

    private void authFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        boolean unauthenticated = failure instanceof AuthenticationException || failure instanceof UnauthorizedException;
        if (!(unauthenticated || failure instanceof ForbiddenException) || ctx.response().ended()) {
            ctx.next();
            return;
        }
        if (unauthenticated) {
            ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"cyberbrain\"");
            reply(ctx, "Unauthorized: send Authorization: Bearer <api token>");
        } else {
            ctx.response().setStatusCode(403);
            reply(ctx, "Forbidden: this token may not use the MCP endpoint");
        }
    }

    private void filter(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!(path.equals("/mcp") || path.startsWith("/mcp/"))) {
            ctx.next();
            return;
        }
        String caller = caller(ctx);
        if (caller == null) {
            ctx.next();
            return;
        }
        boolean legacy = path.startsWith(MESSAGES_PREFIX);
        String session = legacy ? path.substring(MESSAGES_PREFIX.length()) : ctx.request().getHeader(SESSION_HEADER);
        Instant now = clock.instant();
        if (session == null || session.isBlank()) {
            if (path.equals("/mcp") && ctx.request().method() == HttpMethod.POST) {
                ctx.addHeadersEndHandler(v -> {
                    String opened = ctx.response().headers().get(SESSION_HEADER);
                    if (opened != null && ctx.response().getStatusCode() < 300) {
                        bind(opened, caller, now);
                    }
                });
            }
            ctx.next();
            return;
        }
        Binding binding = legacy ? bindings.computeIfAbsent(session, s -> new Binding(caller, now)) : bindings.get(session);
        if (binding == null) {
            // Unknown here means unknown to the transport too (every session is bound as it opens): it answers 404.
            ctx.next();
            return;
        }
        if (!binding.caller().equals(caller)) {
            LOG.debugf("MCP session used with another token than the one that opened it: refused");
            ctx.response().setStatusCode(404);
            reply(ctx, "Session not found: start a new session with initialize");
            return;
        }
        bindings.put(session, new Binding(caller, now));
        if (ctx.request().method() == HttpMethod.DELETE) {
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() < 300) {
                    bindings.remove(session);
                }
            });
        }
        ctx.next();
    }

    private void bind(String session, String caller, Instant now) {
        if (!idleTimeout.isZero() && !idleTimeout.isNegative()) {
            // The transport closes sessions idle this long; their bindings go with them.
            Instant stale = now.minus(idleTimeout);
            bindings.values().removeIf(b -> b.lastSeen().isBefore(stale));
        }
        bindings.putIfAbsent(session, new Binding(caller, now));
    }

    /** The token behind the request: its id, or the principal where there is no token (auth disabled). */
    private static String caller(RoutingContext ctx) {
        if (!(ctx.user() instanceof QuarkusHttpUser user)) {
            return null;
        }
        SecurityIdentity identity = user.getSecurityIdentity();
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        Long tokenId = identity.getAttribute(ApiTokenIdentityProvider.TOKEN_ID_ATTRIBUTE);
        return tokenId != null ? "token:" + tokenId : "principal:" + identity.getPrincipal().getName();
    }

    private static void reply(RoutingContext ctx, String message) {
        ctx.response().putHeader("Content-Type", "application/json")
                .end("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,\"message\":\"" + message + "\"}}");
    }
}
