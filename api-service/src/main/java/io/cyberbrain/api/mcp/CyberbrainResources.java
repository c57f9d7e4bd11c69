package io.cyberbrain.api.mcp;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.directive.DirectiveService;
import io.cyberbrain.api.directive.DirectiveView;
import io.cyberbrain.api.run.RunQueryService;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.policy.ConfigSecrets;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.RequestUri;
import io.quarkiverse.mcp.server.Resource;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.TextResourceContents;
import io.smallrye.mutiny.Uni;

/**
 * Read-only MCP resources: a run's report as Markdown, and the directives (an index and each one as Markdown), so
 * that an agent can attach them to its context without calling tools.
 */
@ApplicationScoped
public class CyberbrainResources {

    static final String MARKDOWN = "text/markdown";

    private final RunQueryService runs;
    private final DirectiveService directives;
    private final McpAccess access;
    private final ObjectMapper mapper;

    public CyberbrainResources(RunQueryService runs, DirectiveService directives, McpAccess access, ObjectMapper mapper) {
        this.runs = runs;
        this.directives = directives;
        this.access = access;
        this.mapper = mapper;
    }

    @ResourceTemplate(name = "run_report", uriTemplate = "cyberbrain://runs/{id}/report", mimeType = MARKDOWN,
            description = "The Markdown report of run {id} (counts and findings; never LLM output)")
    public Uni<TextResourceContents> runReport(String id, RequestUri uri) {
        access.require(Role.VIEWER, "resources/read");
        return resolve(() -> runs.get(number(id, "run")).map(r -> new TextResourceContents(uri.value(),
                r.run().reportMarkdown != null ? r.run().reportMarkdown
                        : "# Run " + r.run().id + "\n\nStatus: " + r.run().status.wire() + ". The report is written when "
                                + "the run ends.\n", MARKDOWN)));
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

    private static long number(String id, String what) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new McpException(what + " id must be a number, not '" + id.replaceAll("[^A-Za-z0-9_-]", "?") + "'",
                    JsonRpcErrorCodes.INVALID_PARAMS);
        }
    }

    /** A missing run or directive is the spec's "resource not found" error (-32002), not an internal error. */
    private static <T> Uni<T> resolve(java.util.function.Supplier<Uni<? extends T>> read) {
        return Uni.createFrom().<T>deferred(read).onFailure(CyberbrainException.class)
                .transform(e -> new McpException(e.getMessage(), JsonRpcErrorCodes.RESOURCE_NOT_FOUND));
    }
}
