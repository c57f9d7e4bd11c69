package io.cyberbrain.api.auth;

import java.time.Duration;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import io.cyberbrain.model.auth.Role;
import io.cyberbrain.api.ui.UiPages;
import io.cyberbrain.api.ui.UiSupport;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;

/**
 * Logging in to the web UI with an API token: the token is checked like a bearer token, then a session opens and
 * the browser keeps only its cookie (HttpOnly, SameSite=Strict, Secure behind TLS), never the token.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class LoginPages {

    private final IdentityProviderManager identities;
    private final UiSessionStore sessions;
    private final UiSupport support;
    private final boolean secureCookie;

    public LoginPages(IdentityProviderManager identities, UiSessionStore sessions, UiSupport support, UiSessionConfig config,
                         @ConfigProperty(name = "cyberbrain.public-url") String publicUrl) {
        this.identities = identities;
        this.sessions = sessions;
        this.support = support;
        this.secureCookie = config.secureCookie().orElse(publicUrl.startsWith("https:"));
    }

    @GET
    @Path("/login")
    @PermitAll
    @Operation(hidden = true)
    public TemplateInstance loginPage(@QueryParam("next") String next) {
        return Templates.login(null, safeNext(next));
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> login(@FormParam("token") String token, @FormParam("next") String next) {
        String target = safeNext(next);
        if (token == null || token.isBlank()) {
            return Uni.createFrom().item(page(400, "Paste an API token to log in.", target));
        }
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new TokenCredential(token.strip(), "bearer"));
        return identities.authenticate(request)
                .flatMap(identity -> {
                    if (!identity.hasRole(Role.VIEWER_ROLE)) {
                        // an alerts token: it may post alerts and nothing else, so it opens no session
                        return Uni.createFrom().item(page(403, "This token may only post alerts. Log in with a viewer, "
                                + "operator or admin token.", target));
                    }
                    return sessions.open(identity.<Long>getAttribute(ApiTokenIdentityProvider.TOKEN_ID_ATTRIBUTE))
                            .map(opened -> UiSupport.seeOtherBuilder(target)
                                    .cookie(cookie(opened.cookieValue(), sessions.ttl())).build());
                })
                .onFailure(AuthenticationFailedException.class).recoverWithItem(
                        page(401, "That token is unknown or has been revoked. Ask an admin for a new one.", target));
    }

    @POST
    @Path("/logout")
    @RolesAllowed(Role.VIEWER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> logout(@FormParam("csrf") String csrf,
                                @CookieParam(ApiTokenAuthenticationMechanism.SESSION_COOKIE) String session) {
        support.checkedUser(csrf);
        Uni<Void> closed = session == null ? Uni.createFrom().voidItem() : sessions.close(session);
        return closed.map(ignored -> UiSupport.seeOtherBuilder(ApiTokenAuthenticationMechanism.LOGIN_PATH)
                .cookie(cookie("", Duration.ZERO)).build());
    }

    private Response page(int status, String error, String next) {
        return Response.status(status).entity(Templates.login(error, next)).type(MediaType.TEXT_HTML).build();
    }

    private NewCookie cookie(String value, Duration maxAge) {
        return new NewCookie.Builder(ApiTokenAuthenticationMechanism.SESSION_COOKIE).value(value)
                .path(ApiTokenAuthenticationMechanism.UI_PATH).httpOnly(true).secure(secureCookie)
                .sameSite(NewCookie.SameSite.STRICT).maxAge((int) maxAge.toSeconds()).build();
    }

    /** Only a page of this UI: an open redirect would let a link log someone in and send them elsewhere. */
    static String safeNext(String next) {
        if (next == null || !ApiTokenAuthenticationMechanism.isUiPath(next.split("[?#]", 2)[0]) || next.startsWith("//")
                || next.contains("\\") || next.startsWith(ApiTokenAuthenticationMechanism.LOGIN_PATH)) {
            return ApiTokenAuthenticationMechanism.UI_PATH;
        }
        return next;
    }

    /** This page's type-checked templates (src/main/resources/templates/ui/). */
    @CheckedTemplate(basePath = "ui")
    static class Templates {

        public static native TemplateInstance login(String error, String next);
    }
}
