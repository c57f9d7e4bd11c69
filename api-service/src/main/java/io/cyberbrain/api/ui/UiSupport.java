package io.cyberbrain.api.ui;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.cyberbrain.api.auth.UiSessionIdentityProvider;
import io.cyberbrain.api.common.ProblemException;
import io.cyberbrain.model.auth.Role;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;

/** The current page user, the form-token check every unsafe UI request passes, and redirects after a post. */
@ApplicationScoped
public class UiSupport {

    private final CurrentIdentityAssociation identities;

    public UiSupport(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    public UiUser user() {
        return user(identities.getIdentity());
    }

    /** The page user of an identity already resolved (where waiting for it would block the event loop). */
    public static UiUser user(SecurityIdentity identity) {
        Role role = identity.hasRole(Role.ADMIN_ROLE) ? Role.ADMIN
                : identity.hasRole(Role.OPERATOR_ROLE) ? Role.OPERATOR
                : identity.hasRole(Role.VIEWER_ROLE) ? Role.VIEWER : Role.ALERTS;
        String csrf = identity.getAttribute(UiSessionIdentityProvider.CSRF_ATTRIBUTE);
        return new UiUser(identity.getPrincipal().getName(), role, csrf);
    }

    /**
     * Refuses a form post whose token is not the session's: a page of another site can make the browser post, but
     * cannot read the token. (The cookie is SameSite=Strict as well; this holds even where that is not honoured.)
     */
    public UiUser checkedUser(String formToken) {
        UiUser user = user();
        if (user.csrf() == null || formToken == null || !java.security.MessageDigest.isEqual(
                user.csrf().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                formToken.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw new ProblemException(403, "the form was not sent from this page (its token is missing or stale); "
                    + "reload the page and try again");
        }
        return user;
    }

    /** 303 See Other: after a post the browser gets the page, so a reload does not post twice. */
    public static Response seeOther(String path) {
        return seeOtherBuilder(path).build();
    }

    /**
     * A 303 whose Location stays the relative path given: {@code Response.seeOther(URI)} would make it absolute
     * from the request's Host header, which the client chooses (a poisoned cache or proxy would send users away).
     */
    public static Response.ResponseBuilder seeOtherBuilder(String path) {
        if (!path.startsWith("/") || path.startsWith("//")) {
            throw new IllegalArgumentException("a redirect stays on this site: " + path);
        }
        return Response.status(Response.Status.SEE_OTHER).header("Location", path);
    }

    /** A form field as the services take it: blank is absent, anything else without surrounding spaces. */
    public static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
