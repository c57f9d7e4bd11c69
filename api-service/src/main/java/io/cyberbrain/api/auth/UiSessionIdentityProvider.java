package io.cyberbrain.api.auth;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** A session cookie to the identity of the token that opened it, with the same roles the token has over REST. */
@ApplicationScoped
public class UiSessionIdentityProvider implements IdentityProvider<UiSessionRequest> {

    /** The form token a session's pages carry; unsafe UI requests must send it back. */
    public static final String CSRF_ATTRIBUTE = "cyberbrain.csrf";

    private final UiSessionStore sessions;

    public UiSessionIdentityProvider(UiSessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public Class<UiSessionRequest> getRequestType() {
        return UiSessionRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UiSessionRequest request, AuthenticationRequestContext context) {
        return sessions.find(request.cookieValue()).map(session -> {
            if (session == null) {
                throw new AuthenticationFailedException("unknown or expired session");
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(session.tokenName()))
                    .addRoles(session.role().grantedRoles())
                    .addAttribute(ApiTokenIdentityProvider.TOKEN_ID_ATTRIBUTE, session.tokenId())
                    .addAttribute(CSRF_ATTRIBUTE, session.csrfToken())
                    .build();
        });
    }
}
