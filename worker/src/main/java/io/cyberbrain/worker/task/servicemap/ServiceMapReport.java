package io.cyberbrain.worker.task.servicemap;

import java.util.List;
import java.util.stream.Collectors;

/** The task's section of the run report, written from the structured values only. */
public final class ServiceMapReport {

    /** Characters of Mermaid shown inline in the report; larger maps are left to the artifacts. */
    static final int MAX_INLINE_DIAGRAM = 200_000;

    private ServiceMapReport() {
    }

    public static String summary(ServiceGraph graph, List<PolicyRecommendation> policies) {
        return count(graph.nodes().size(), "container") + ", " + count(graph.edges().size(), "edge") + ", "
                + count(policies.size(), "policy", "policies");
    }

    public static String markdown(ServiceGraph graph, List<PolicyRecommendation> policies, String mermaid,
                                  String scope, String policyFile) {
        StringBuilder md = new StringBuilder("## Service map\n\n");
        long userNetworks = graph.networks().stream().filter(NetworkView::userDefined).count();
        md.append(count(graph.nodes().size(), "container")).append(", ")
                .append(count(graph.edges().size(), "edge")).append(", ")
                .append(count((int) userNetworks, "user-defined network")).append(", ")
                .append(count(policies.size(), "policy", "policies"));
        if (scope != null) {
            md.append(" (scope: ").append(scope).append(')');
        }
        md.append(".\n\n");
        if (graph.nodes().isEmpty()) {
            return md.append("No containers were in scope.\n").toString();
        }

        if (mermaid.length() <= MAX_INLINE_DIAGRAM) {
            md.append("```mermaid\n").append(mermaid).append("```\n\n");
        } else {
            // the launcher rejects reports over 512 KiB; a diagram this large is unreadable inline anyway
            md.append("The diagram is too large to show inline; it is in `service-map.mmd` and `service-map.dot`.\n\n");
        }
        md.append("Shared user-defined networks are drawn as network nodes linked to their members; arrows point ")
                .append("from the client to the container it uses.\n\n");

        md.append("### Edges\n\n");
        if (graph.edges().isEmpty()) {
            md.append("No dependencies were observed.\n\n");
        } else {
            md.append("| From | To | Kind | Port | Evidence |\n|---|---|---|---|---|\n");
            for (Edge e : graph.edges()) {
                md.append("| ").append(cell(e.from())).append(" | ").append(cell(e.to())).append(" | ")
                        .append(e.kind().key()).append(" | ").append(e.port() == null ? "-" : e.port().port())
                        .append(" | ").append(cell(e.evidence())).append(" |\n");
            }
            md.append('\n');
        }

        List<NetworkView> shown = graph.networks().stream().filter(NetworkView::userDefined).toList();
        if (!shown.isEmpty()) {
            md.append("### Networks\n\n| Network | Driver | Members |\n|---|---|---|\n");
            for (NetworkView n : shown) {
                md.append("| ").append(cell(n.name())).append(" | ").append(cell(n.driver() == null ? "-" : n.driver()))
                        .append(" | ").append(cell(String.join(", ", n.members()))).append(" |\n");
            }
            md.append('\n');
        }

        md.append("### NetworkPolicies\n\n");
        md.append("One `networking.k8s.io/v1` NetworkPolicy per service admits ingress only from observed dependents ")
                .append("on the ports they use; all are in `").append(policyFile).append("`.\n\n");
        md.append("| Service | Namespace | Allowed from | Ports |\n|---|---|---|---|\n");
        for (PolicyRecommendation p : policies) {
            md.append("| ").append(cell(p.service())).append(" | ").append(cell(p.namespace())).append(" | ")
                    .append(p.denyAll() ? "none (all ingress denied)" : cell(String.join(", ", p.allowedFrom())))
                    .append(" | ")
                    .append(p.ports().isEmpty() ? (p.denyAll() ? "-" : "all")
                            : p.ports().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append(" |\n");
        }

        if (!graph.unresolved().isEmpty()) {
            md.append("\n### Unresolved references\n\n");
            for (Unresolved u : graph.unresolved()) {
                md.append("- ").append(cell(u.from())).append(": ").append(u.kind().key()).append(" -> ")
                        .append(cell(u.target())).append(" (").append(u.reason()).append(")\n");
            }
        }
        return md.toString();
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    private static String count(int n, String singular) {
        return count(n, singular, singular + "s");
    }

    private static String count(int n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
