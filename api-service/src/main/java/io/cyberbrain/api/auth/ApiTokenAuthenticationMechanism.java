package io.cyberbrain.api.auth;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.auth.Role;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code Authorization: Bearer <api token>} everywhere, and on web UI pages ({@code /ui}) the session cookie a login
 * with a token opened. The cookie is honoured nowhere else, so the REST API and MCP cannot be driven by a browser's
 * ambient credentials. With auth disabled every caller is an admin.
 */
@ApplicationScoped
public class ApiTokenAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String AUTH_DISABLED_PRINCIPAL = "auth-disabled";
    public static final String SESSION_COOKIE = "cb_session";
    public static final String UI_PATH = "/ui";
    public static final String LOGIN_PATH = "/ui/login";

    private final AuthConfig config;
    private final SecurityIdentity authDisabledIdentity;

    public ApiTokenAuthenticationMechanism(AuthConfig config) {
        this.config = config;
        this.authDisabledIdentity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(AUTH_DISABLED_PRINCIPAL))
                .addRoles(Role.ADMIN.grantedRoles())
                // Forms still need a token no other site can know, even when nobody logs in.
                .addAttribute(UiSessionIdentityProvider.CSRF_ATTRIBUTE, TokenSecrets.generate())
                .build();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!config.enabled()) {
            return Uni.createFrom().item(authDisabledIdentity);
        }
        String token = bearerToken(context.request().getHeader("Authorization"));
        if (token == null) {
            Cookie session = isUiPath(context) ? context.request().getCookie(SESSION_COOKIE) : null;
            if (session == null || session.getValue().isBlank()) {
                return Uni.createFrom().nullItem();
            }
            UiSessionRequest request = new UiSessionRequest(session.getValue());
            HttpSecurityUtils.setRoutingContextAttribute(request, context);
            return identityProviderManager.authenticate(request);
        }
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new TokenCredential(token, "bearer"));
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identityProviderManager.authenticate(request);
    }

    static String bearerToken(String header) {
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (isUiPath(context)) {
            return Uni.createFrom().item(new ChallengeData(302, "Location", LOGIN_PATH));
        }
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"cyberbrain\""));
    }

    static boolean isUiPath(RoutingContext context) {
        return isUiPath(context.normalizedPath());
    }

    public static boolean isUiPath(String path) {
        return path != null && (path.equals(UI_PATH) || path.startsWith(UI_PATH + "/"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class, UiSessionRequest.class);
    }
}
