package io.cyberbrain.worker.task.servicemap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the map as a Mermaid {@code graph LR}. Node ids are generated ({@code n0}, {@code net0}) so no
 * container name can collide with Mermaid keywords; every label is quoted and any character outside a
 * small safe set is written as a Mermaid entity code ({@code #34;}), so quotes, brackets, pipes and
 * markup in names or images cannot break the diagram. User-defined networks are hexagon nodes linked to
 * their members with undirected dotted lines.
 */
public final class MermaidRenderer {

    private MermaidRenderer() {
    }

    public static String render(ServiceGraph graph) {
        Map<String, String> ids = new LinkedHashMap<>();
        StringBuilder m = new StringBuilder("graph LR\n");
        List<String> stopped = new ArrayList<>();
        for (Node n : graph.nodes()) {
            String id = "n" + ids.size();
            ids.put(n.name(), id);
            String label = text(n.name()) + (n.image() == null ? "" : "<br/>" + text(n.image()));
            m.append("  ").append(id).append("[\"").append(label).append("\"]\n");
            if (n.state() != null && !n.state().equals("running")) {
                stopped.add(id);
            }
        }
        List<String> networkIds = new ArrayList<>();
        for (NetworkView net : graph.networks()) {
            if (!net.userDefined() || net.members().isEmpty()) {
                continue;
            }
            String id = "net" + networkIds.size();
            networkIds.add(id);
            m.append("  ").append(id).append("{{\"").append(text(net.name())).append("\"}}\n");
            for (String member : net.members()) {
                m.append("  ").append(ids.get(member)).append(" -.- ").append(id).append('\n');
            }
        }
        for (Edge e : graph.edges()) {
            m.append("  ").append(ids.get(e.from())).append(' ').append(arrow(e.kind()))
                    .append("|\"").append(text(edgeLabel(e))).append("\"| ").append(ids.get(e.to())).append('\n');
        }
        if (!networkIds.isEmpty()) {
            m.append("  classDef network fill:#eef4ff,stroke:#7a8fb8,stroke-dasharray:3 3\n");
            m.append("  class ").append(String.join(",", networkIds)).append(" network\n");
        }
        if (!stopped.isEmpty()) {
            m.append("  classDef stopped stroke-dasharray:5 5,color:#777\n");
            m.append("  class ").append(String.join(",", stopped)).append(" stopped\n");
        }
        return m.toString();
    }

    static String edgeLabel(Edge e) {
        return e.kind().key() + (e.port() == null ? "" : " :" + e.port().port());
    }

    private static String arrow(EdgeKind kind) {
        return switch (kind) {
            case DEPENDS_ON -> "-.->";
            case NETWORK_MODE -> "==>";
            default -> "-->";
        };
    }

    /** Text safe inside a quoted Mermaid label. */
    static String text(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> {
            boolean safe = cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9'
                    || " ._:/@+=,-".indexOf(cp) >= 0;
            if (safe) {
                out.appendCodePoint(cp);
            } else if (Character.isISOControl(cp)) {
                out.append(' ');
            } else {
                out.append('#').append(cp).append(';');
            }
        });
        return out.toString();
    }
}
