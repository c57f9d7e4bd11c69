package io.cyberbrain.api.root;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.cyberbrain.api.root.ApiResources.ApiResource;
import io.cyberbrain.model.auth.Role;

/**
 * {@code GET /api} (and {@code /api/}): what the API offers, as the original system's browsable root did. The
 * list is read from the registered resource classes, so it cannot drift from what is served.
 */
@Path("/api")
@Tag(name = "API root", description = "What the API offers: each resource path with its methods")
@RolesAllowed(Role.VIEWER_ROLE)
public class ApiRootResource {

    public record ApiRoot(String name, String openapi, List<ApiResource> resources) {
    }

    private final ApiResources resources;

    public ApiRootResource(ApiResources resources) {
        this.resources = resources;
    }

    @GET
    @Operation(operationId = "getApiRoot", summary = "List the API's resources: each path with its methods")
    public ApiRoot root() {
        return new ApiRoot("Cyberbrain Orchestrator API", "/q/openapi", resources.all());
    }
}
