package io.cyberbrain.api.mcp;

import jakarta.inject.Singleton;

import io.quarkiverse.mcp.server.FilterContext;
import io.quarkiverse.mcp.server.McpMethod;
import io.quarkiverse.mcp.server.ToolFilter;
import io.quarkiverse.mcp.server.ToolManager.ToolInfo;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * {@code tools/list} offers a caller only the tools its role may call (McpAccess's table). A call to a tool that is
 * not listed still reaches the tool, whose own check answers with a message naming the role it needs: clearer to an
 * agent than "unknown tool".
 */
@Singleton
public class McpToolVisibility implements ToolFilter {

    private final CurrentIdentityAssociation identities;

    public McpToolVisibility(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @Override
    public boolean test(ToolInfo tool, FilterContext context) {
        if (context.method() != McpMethod.TOOLS_LIST) {
            return true;
        }
        return McpAccess.roleFor(tool.name()).map(role -> {
            SecurityIdentity identity = identities.getIdentity();
            return identity != null && !identity.isAnonymous() && identity.hasRole(role.wire());
        }).orElse(true);
    }
}
