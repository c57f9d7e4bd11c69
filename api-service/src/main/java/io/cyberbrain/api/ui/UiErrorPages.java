package io.cyberbrain.api.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.cyberbrain.api.auth.ApiTokenAuthenticationMechanism;
import io.cyberbrain.api.common.Problem;
import io.cyberbrain.api.common.ProblemMappers;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * A person on a UI page gets pages, not problem+json: every error of a {@code /ui} request (the same mappers as the
 * API produce it) becomes the error page, and "not logged in" becomes a redirect to the login page that returns
 * to where they were.
 */
public class UiErrorPages {

    private final CurrentIdentityAssociation identities;

    public UiErrorPages(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /**
     * Asynchronous: on a path no resource matched (an unknown {@code /ui/...} page) nothing has resolved the caller's
     * identity yet, and resolving it may need the database, which must not block the event loop.
     */
    @ServerResponseFilter
    public Uni<Void> toPage(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!ApiTokenAuthenticationMechanism.isUiPath(path) || !(response.getEntity() instanceof Problem problem)) {
            return Uni.createFrom().voidItem();
        }
        if (problem.status() == 401) {
            String next = request.getUriInfo().getRequestUri().getRawPath()
                    + (request.getUriInfo().getRequestUri().getRawQuery() == null ? ""
                    : "?" + request.getUriInfo().getRequestUri().getRawQuery());
            response.setStatus(303);
            // A relative Location, as UiSupport.seeOther: never one built from the request's Host header.
            response.getHeaders().putSingle("Location", ApiTokenAuthenticationMechanism.LOGIN_PATH + "?next="
                    + URLEncoder.encode("GET".equals(request.getMethod()) ? next : ApiTokenAuthenticationMechanism.UI_PATH,
                    StandardCharsets.UTF_8));
            response.getHeaders().remove("WWW-Authenticate");
            response.setEntity(null);
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity().onFailure().recoverWithNull()
                .invoke(identity -> render(problem, response,
                        identity == null || identity.isAnonymous() ? null : UiSupport.user(identity)))
                .replaceWithVoid();
    }

    private static void render(Problem problem, ContainerResponseContext response, UiUser user) {
        String title = switch (problem.status()) {
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "That cannot be done now";
            default -> problem.status() >= 500 ? "Something went wrong" : "That did not work";
        };
        String message = problem.status() == 403 && user != null && problem.detail().equals(ProblemMappers.FORBIDDEN)
                ? "Your role (" + user.roleName() + ") may not do this."
                : problem.detail();
        // Rendered here: the filter that renders returned templates has already run for this response.
        response.setEntity(UiPages.error(user, problem.status(), title, message).render(), null, MediaType.TEXT_HTML_TYPE);
    }
}
