package io.cyberbrain.api.mcp;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.auth.Role;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The REST roles applied to MCP tools. Every MCP request is already authenticated by the HTTP permission on
 * {@code /mcp}; a tool that needs more than viewer asks here, and a caller without the role gets the protocol's
 * security error (-32001), the MCP counterpart of REST's 403, with a message naming the role.
 */
@ApplicationScoped
public class McpAccess {

    private final CurrentIdentityAssociation identities;

    public McpAccess(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /** The caller's name, once it is known to hold {@code role}. */
    public String require(Role role, String tool) {
        SecurityIdentity identity = identities.getIdentity();
        if (identity == null || identity.isAnonymous()) {
            throw new McpException("Unauthorized: send Authorization: Bearer <api token>", JsonRpcErrorCodes.SECURITY_ERROR);
        }
        if (!identity.hasRole(role.wire())) {
            throw new McpException("Forbidden (403): " + tool + " needs the " + role.wire() + " role; this token's roles are "
                    + String.join(", ", identity.getRoles().stream().sorted().toList()), JsonRpcErrorCodes.SECURITY_ERROR);
        }
        return identity.getPrincipal().getName();
    }
}
