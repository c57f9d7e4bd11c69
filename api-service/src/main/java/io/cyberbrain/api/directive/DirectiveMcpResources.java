package io.cyberbrain.api.directive;

import static io.cyberbrain.api.mcp.McpResources.MARKDOWN;
import static io.cyberbrain.api.mcp.McpResources.number;
import static io.cyberbrain.api.mcp.McpResources.resolve;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.mcp.McpAccess;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.policy.ConfigSecrets;
import io.quarkiverse.mcp.server.RequestUri;
import io.quarkiverse.mcp.server.Resource;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.TextResourceContents;
import io.smallrye.mutiny.Uni;

/**
 * The directives as read-only MCP resources (an index, and each one as Markdown), so that an agent can attach them to
 * its context without calling tools.
 */
@ApplicationScoped
public class DirectiveMcpResources {

    private final DirectiveService directives;
    private final McpAccess access;
    private final ObjectMapper mapper;

    public DirectiveMcpResources(DirectiveService directives, McpAccess access, ObjectMapper mapper) {
        this.directives = directives;
        this.access = access;
        this.mapper = mapper;
    }

    @ResourceTemplate(name = "directive", uriTemplate = "cyberbrain://directives/{id}", mimeType = MARKDOWN,
            description = "Directive {id}: its text and task configuration")
    public Uni<TextResourceContents> directive(String id, RequestUri uri) {
        access.require(Role.VIEWER, "resources/read");
        return resolve(() -> directives.get(number(id, "directive"))
                .map(d -> new TextResourceContents(uri.value(), markdown(d), MARKDOWN)));
    }

    @Resource(name = "directives", uri = "cyberbrain://directives", mimeType = "application/json",
            description = "Every directive (id, code, name, version, approval): read cyberbrain://directives/{id} for one")
    public Uni<TextResourceContents> directiveIndex(RequestUri uri) {
        access.require(Role.VIEWER, "resources/read");
        return resolve(() -> directives.list(PageRequest.of(0, PageRequest.MAX_SIZE), null).map(page -> {
            List<DirectiveView> views = page.items().stream().map(DirectiveView::of).toList();
            try {
                return new TextResourceContents(uri.value(), mapper.writeValueAsString(views), "application/json");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private String markdown(Directive d) {
        StringBuilder md = new StringBuilder("# ").append(d.code).append(" ").append(d.name).append(" (v").append(d.version)
                .append(")\n\n");
        if (d.description != null) {
            md.append(d.description).append("\n\n");
        }
        md.append("Type: ").append(d.type.wire()).append(". ")
                .append(d.approvalRequired ? "Runs need an admin's approval." : "Runs start without approval.")
                .append("\n\n## Text\n\n").append(d.text == null ? "" : d.text).append("\n");
        if (d.taskConfig != null && !d.taskConfig.isEmpty()) {
            try {
                md.append("\n## Task configuration\n\n```json\n")
                        .append(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(ConfigSecrets.masked(d.taskConfig))).append("\n```\n");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return md.toString();
    }
}
