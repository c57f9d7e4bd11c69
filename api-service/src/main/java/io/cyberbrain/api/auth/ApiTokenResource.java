package io.cyberbrain.api.auth;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.auth.ApiToken;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.support.WireEnum;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/api/tokens")
@Tag(name = "API tokens", description = "Bearer tokens and their roles (admin only); a token's secret is shown once, at creation")
@RolesAllowed(Role.ADMIN_ROLE)
public class ApiTokenResource {

    public record TokenInput(
            @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' and '-' only") String name,
            @NotNull String role) {
    }

    public record TokenView(Long id, String name, String role, String tokenPrefix, String createdBy,
                            Instant createdAt, Instant lastUsedAt, Instant revokedAt, boolean active) {
        public static TokenView of(ApiToken t) {
            return new TokenView(t.id, t.name, t.role.wire(), t.tokenPrefix, t.createdBy, t.createdAt,
                    t.lastUsedAt, t.revokedAt, t.isActive());
        }
    }

    /** The only response that ever carries a token's secret. */
    public record CreatedTokenView(TokenView token, String secret) {
    }

    private final ApiTokenService service;
    private final SecurityIdentity identity;

    public ApiTokenResource(ApiTokenService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "listTokens")
    public Uni<Page<TokenView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(PageRequest.of(page, size)).map(p -> p.map(TokenView::of));
    }

    @POST
    @Operation(operationId = "createToken")
    @APIResponse(responseCode = "201", description = "Token; the secret is shown only in this answer created; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreatedTokenView.class)))
    public Uni<Response> create(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "A viewer token for a dashboard", value = "{\"name\": \"grafana-readonly\", \"role\": \"viewer\"}"))) @Valid @NotNull TokenInput input) {
        Role role = WireEnum.parse(Role.class, input.role())
                .orElseThrow(() -> new InvalidRequestException("role", "must be one of " + WireEnum.allowed(Role.class)));
        return service.create(input.name(), role, identity.getPrincipal().getName())
                .map(c -> Response.status(201).entity(new CreatedTokenView(TokenView.of(c.token()), c.secret())).build());
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "revokeToken")
    public Uni<TokenView> revoke(@PathParam("id") long id) {
        return service.revoke(id).map(TokenView::of);
    }
}
