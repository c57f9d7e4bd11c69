package io.cyberbrain.api.auth;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.cyberbrain.api.auth.ApiTokenResource.TokenInput;
import io.cyberbrain.api.auth.ApiTokenResource.TokenView;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.common.Inputs;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.api.ui.UiPages;
import io.cyberbrain.api.ui.UiSupport;
import io.cyberbrain.api.ui.UiUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * API tokens for admins: create (then redirect; the tokens page shows the secret once), list, revoke. The flash is
 * keyed by the UI session's form token, which no other session has.
 */
@Path("/ui/tokens")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN_ROLE)
public class TokenPages {

    private final ApiTokenService tokens;
    private final Inputs inputs;
    private final UiSupport support;
    private final NewTokenFlash flash;

    public TokenPages(ApiTokenService tokens, Inputs inputs, UiSupport support, NewTokenFlash flash) {
        this.tokens = tokens;
        this.inputs = inputs;
        this.support = support;
        this.flash = flash;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> list() {
        String session = support.user().csrf();
        return session == null ? page(null, null, null, null) : flash.take(session)
                .map(created -> page(created.token(), created.secret(), null, null))
                .orElseGet(() -> page(null, null, null, null));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> create(@FormParam("csrf") String csrf, @FormParam("name") String name,
                              @FormParam("role") String role) {
        UiUser user = support.checkedUser(csrf);
        return Uni.createFrom().deferred(() -> {
            validate(name, role);
            return tokens.create(name.strip(), WireEnum.parse(Role.class, role).orElseThrow(), user.name());
        }).<Object>map(created -> {
            flash.put(user.csrf(), TokenView.of(created.token()), created.secret());
            return UiSupport.seeOther("/ui/tokens");
        })
                .onFailure(CyberbrainException.class)
                .recoverWithUni(e -> page(null, null, e.getMessage(), name).map(p -> (Object) Response.status(400)
                        .entity(p).type(MediaType.TEXT_HTML).build()));
    }

    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> revoke(@PathParam("id") long id, @FormParam("csrf") String csrf) {
        support.checkedUser(csrf);
        return tokens.revoke(id).map(t -> UiSupport.seeOther("/ui/tokens"));
    }

    private void validate(String name, String role) {
        if (WireEnum.parse(Role.class, role == null ? "" : role).isEmpty()) {
            throw new InvalidRequestException("role", "must be one of " + WireEnum.allowed(Role.class));
        }
        inputs.valid(new TokenInput(name == null ? null : name.strip(), role));
    }

    private Uni<TemplateInstance> page(TokenView created, String secret, String error, String name) {
        return tokens.list(PageRequest.of(0, PageRequest.MAX_SIZE)).map(p -> Templates.tokens(support.user(),
                p.items().stream().map(TokenView::of).toList(), created, secret, error, name));
    }

    /** This page's type-checked templates (src/main/resources/templates/ui/). */
    @CheckedTemplate(basePath = "ui")
    static class Templates {

        public static native TemplateInstance tokens(UiUser user, List<ApiTokenResource.TokenView> tokens,
                                                     ApiTokenResource.TokenView created, String secret, String error,
                                                     String name);
    }
}
