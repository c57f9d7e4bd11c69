package io.cyberbrain.api.mcp;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.auth.Role;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The REST roles applied to MCP tools. Every MCP request is already authenticated by the HTTP permission on
 * {@code /mcp}; a tool asks here before it acts, and a caller without the role gets the protocol's security error
 * (-32001), the MCP counterpart of REST's 403, with a message naming the role. {@link McpToolVisibility} lists a
 * tool only to callers that hold its role, from the same table.
 */
@ApplicationScoped
public class McpAccess {

    /** The role each product tool needs: the one table both the check and {@code tools/list} read. */
    static final Map<String, Role> TOOL_ROLES = Map.ofEntries(
            Map.entry("list_runs", Role.VIEWER), Map.entry("get_run", Role.VIEWER),
            Map.entry("get_run_report", Role.VIEWER), Map.entry("list_directives", Role.VIEWER),
            Map.entry("get_directive", Role.VIEWER), Map.entry("get_allowlist", Role.VIEWER),
            Map.entry("list_schedules", Role.VIEWER), Map.entry("rag_search", Role.VIEWER),
            Map.entry("rag_list_documents", Role.VIEWER), Map.entry("rag_upload_status", Role.VIEWER),
            Map.entry("token_stats", Role.VIEWER), Map.entry("list_alerts", Role.VIEWER),
            Map.entry("get_alert", Role.VIEWER), Map.entry("list_alert_rules", Role.VIEWER),
            Map.entry("list_hosts", Role.VIEWER), Map.entry("get_host", Role.VIEWER),
            Map.entry("get_investigation", Role.VIEWER),
            Map.entry("launch_run", Role.OPERATOR), Map.entry("cancel_run", Role.OPERATOR),
            Map.entry("create_schedule", Role.OPERATOR), Map.entry("set_schedule_enabled", Role.OPERATOR),
            Map.entry("run_schedule_now", Role.OPERATOR), Map.entry("start_investigation", Role.OPERATOR),
            Map.entry("approve_run", Role.ADMIN), Map.entry("deny_run", Role.ADMIN),
            Map.entry("set_allowlist", Role.ADMIN));

    private final CurrentIdentityAssociation identities;

    public McpAccess(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /** The caller's name, once it is known to hold the role {@code tool} needs. */
    public String requireTool(String tool) {
        Role role = roleFor(tool).orElseThrow(() -> new IllegalStateException("no role declared for MCP tool " + tool));
        return require(role, tool);
    }

    /** The role a product tool needs; empty for a tool this table does not know. */
    static Optional<Role> roleFor(String tool) {
        return Optional.ofNullable(TOOL_ROLES.get(tool));
    }

    /** The caller's name, once it is known to hold {@code role}. */
    public String require(Role role, String what) {
        SecurityIdentity identity = identities.getIdentity();
        if (identity == null || identity.isAnonymous()) {
            throw new McpException("Unauthorized: send Authorization: Bearer <api token>", JsonRpcErrorCodes.SECURITY_ERROR);
        }
        if (!identity.hasRole(role.wire())) {
            throw new McpException("Forbidden (403): " + what + " needs the " + role.wire() + " role; this token's roles are "
                    + String.join(", ", identity.getRoles().stream().sorted().toList()), JsonRpcErrorCodes.SECURITY_ERROR);
        }
        return identity.getPrincipal().getName();
    }
}
