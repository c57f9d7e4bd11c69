package io.cyberbrain.worker.task.servicemap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the map as a Graphviz digraph. Ids are generated and every label is a quoted string with
 * backslashes and quotes escaped, so names cannot inject attributes or DOT escapes such as {@code \N}.
 */
public final class DotRenderer {

    private DotRenderer() {
    }

    public static String render(ServiceGraph graph) {
        Map<String, String> ids = new LinkedHashMap<>();
        StringBuilder d = new StringBuilder("digraph service_map {\n");
        d.append("  rankdir=LR;\n");
        d.append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        d.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for (Node n : graph.nodes()) {
            String id = "n" + ids.size();
            ids.put(n.name(), id);
            String label = quote(n.name()) + (n.image() == null ? "" : "\\n" + quote(n.image()));
            d.append("  ").append(id).append(" [label=\"").append(label).append('"');
            if (n.state() != null && !n.state().equals("running")) {
                d.append(", style=\"rounded,dashed\", fontcolor=gray40");
            }
            d.append("];\n");
        }
        int networks = 0;
        for (NetworkView net : graph.networks()) {
            if (!net.userDefined() || net.members().isEmpty()) {
                continue;
            }
            String id = "net" + networks++;
            d.append("  ").append(id).append(" [label=\"").append(quote(net.name()))
                    .append("\", shape=ellipse, style=dashed, color=gray50];\n");
            for (String member : net.members()) {
                d.append("  ").append(ids.get(member)).append(" -> ").append(id)
                        .append(" [dir=none, style=dotted, color=gray50];\n");
            }
        }
        for (Edge e : graph.edges()) {
            d.append("  ").append(ids.get(e.from())).append(" -> ").append(ids.get(e.to()))
                    .append(" [label=\"").append(quote(MermaidRenderer.edgeLabel(e))).append('"')
                    .append(style(e.kind())).append("];\n");
        }
        return d.append("}\n").toString();
    }

    private static String style(EdgeKind kind) {
        return switch (kind) {
            case DEPENDS_ON -> ", style=dashed";
            case NETWORK_MODE -> ", style=bold";
            default -> "";
        };
    }

    /** Content of a DOT double-quoted string. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp == '\\' || cp == '"') {
                out.append('\\').appendCodePoint(cp);
            } else if (Character.isISOControl(cp)) {
                out.append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
