package io.cyberbrain.api.alert;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.alert.AlertRuleViews.AlertRuleView;
import io.cyberbrain.api.alert.AlertViews.AlertView;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.mcp.CheckedToolArguments;
import io.cyberbrain.api.mcp.McpAccess;
import io.cyberbrain.api.mcp.McpResults;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;

/** Alerts and alert rules over MCP, read through the same services as REST. */
@ApplicationScoped
@CheckedToolArguments
public class AlertTools {

    public record AlertList(List<AlertView> items, int page, int size, long total) {
    }

    public record AlertRuleList(List<AlertRuleView> items, int page, int size, long total) {
    }

    private final AlertQueryService alerts;
    private final AlertRuleService rules;
    private final McpAccess access;

    public AlertTools(AlertQueryService alerts, AlertRuleService rules, McpAccess access) {
        this.alerts = alerts;
        this.rules = rules;
        this.access = access;
    }

    @Tool(name = "list_alerts", description = "Lists alerts received from Alertmanager and other monitors, newest first: "
            + "fingerprint, status (firing or resolved), redacted labels, the rule that routed it, the decision "
            + "(run_launched, investigation_started, duplicate, no_rule, launch_refused, resolved, ...) and the run or "
            + "investigation it led to.",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = AlertList.class))
    public Uni<ToolResponse> listAlerts(
            @ToolArg(name = "fingerprint", description = "Only alerts with this fingerprint", required = false) String fingerprint,
            @ToolArg(name = "status", description = "firing or resolved", required = false) String status,
            @ToolArg(name = "decision", description = "Only alerts with this decision", required = false) String decision,
            @ToolArg(name = "since", description = "Received at or after this ISO-8601 instant", required = false) String since,
            @ToolArg(name = "page", description = "Zero-based page", defaultValue = "0") int page,
            @ToolArg(name = "size", description = "Items per page, 1-500", defaultValue = "50") int size) {
        access.requireTool("list_alerts");
        return McpResults.answer(() -> alerts.list(AlertFilter.parse(fingerprint, status, decision, null, since),
                PageRequest.of(page, size)), p -> {
                    AlertList list = new AlertList(p.items().stream().map(AlertView::of).toList(), p.page(), p.size(), p.total());
                    return McpResults.of(list, p.total() + " alert(s): " + McpResults.listing(
                            list.items().stream().map(AlertTools::line).toList(), "; "));
                });
    }

    @Tool(name = "get_alert", description = "One alert with its redacted labels and annotations, its decision and why, "
            + "and the run or investigation it led to (and, for the alert that opened one, when it was resolved).",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = AlertView.class))
    public Uni<ToolResponse> getAlert(@ToolArg(name = "id", description = "Alert id (list_alerts)") long id) {
        access.requireTool("get_alert");
        return McpResults.answer(() -> alerts.get(id), a -> {
            AlertView view = AlertView.of(a);
            return McpResults.of(view, line(view) + (view.decisionDetail() == null ? "" : " (" + view.decisionDetail() + ")"));
        });
    }

    @Tool(name = "list_alert_rules", description = "Lists the alert rules in the order they are tried (priority, then "
            + "age): what each matches (alert_name, match_labels, match_regex) and what it opens (a run with tasks, "
            + "directive and label templates, or an investigation with a goal and budgets).",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = AlertRuleList.class))
    public Uni<ToolResponse> listAlertRules(
            @ToolArg(name = "page", description = "Zero-based page", defaultValue = "0") int page,
            @ToolArg(name = "size", description = "Items per page, 1-500", defaultValue = "50") int size) {
        access.requireTool("list_alert_rules");
        return McpResults.answer(() -> rules.list(PageRequest.of(page, size)), p -> {
            AlertRuleList list = new AlertRuleList(p.items().stream().map(AlertRuleView::of).toList(), p.page(), p.size(),
                    p.total());
            return McpResults.of(list, p.total() + " alert rule(s): " + McpResults.listing(list.items().stream()
                    .map(r -> "#" + r.id() + " " + r.name() + " (priority " + r.priority() + ", " + r.action()
                            + (r.enabled() ? "" : ", disabled") + ")").toList(), "; "));
        });
    }

    private static String line(AlertView a) {
        return "#" + a.id() + " " + (a.alertName() == null ? a.fingerprint() : a.alertName()) + " " + a.status() + " -> "
                + a.decision() + (a.runId() != null ? ", run " + a.runId() : "")
                + (a.investigationId() != null ? ", investigation " + a.investigationId() : "");
    }
}
