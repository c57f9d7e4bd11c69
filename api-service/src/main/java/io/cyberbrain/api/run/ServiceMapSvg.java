package io.cyberbrain.api.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cyberbrain.api.ui.Svg;

/**
 * Draws a service map as SVG on the server, so the page needs no diagram library: containers in columns by how
 * deep their dependencies go (a container is drawn right of everything it depends on), edges as arrows labelled
 * with kind and port. Names come from containers and are escaped.
 */
public final class ServiceMapSvg {

    static final int BOX_W = 170;
    static final int BOX_H = 36;
    static final int COL_GAP = 110;
    static final int ROW_GAP = 26;
    static final int MARGIN = 20;

    private ServiceMapSvg() {
    }

    public static String render(List<String> nodes, List<ServiceMapView.Edge> edges) {
        if (nodes.isEmpty()) {
            return "";
        }
        Map<String, Integer> column = columns(nodes, edges);
        Map<Integer, List<String>> byColumn = new LinkedHashMap<>();
        nodes.forEach(n -> byColumn.computeIfAbsent(column.get(n), c -> new ArrayList<>()).add(n));
        int columns = byColumn.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        int rows = byColumn.values().stream().mapToInt(List::size).max().orElse(1);
        Map<String, int[]> at = new HashMap<>();
        byColumn.forEach((c, names) -> {
            for (int i = 0; i < names.size(); i++) {
                at.put(names.get(i), new int[] {MARGIN + c * (BOX_W + COL_GAP), MARGIN + i * (BOX_H + ROW_GAP)});
            }
        });
        int width = MARGIN * 2 + columns * BOX_W + (columns - 1) * COL_GAP;
        int height = MARGIN * 2 + rows * BOX_H + (rows - 1) * ROW_GAP;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"map-title\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" class=\"service-map\">")
                .append("<title id=\"map-title\">Service map: ").append(nodes.size()).append(" containers, ")
                .append(edges.size()).append(" connections (listed in the table below)</title>")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" ")
                .append("markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#4a5260\"/>")
                .append("</marker></defs>");
        for (ServiceMapView.Edge e : edges) {
            int[] from = at.get(e.from());
            int[] to = at.get(e.to());
            if (from == null || to == null || from == to) {
                continue;
            }
            boolean rightward = from[0] >= to[0];
            int x1 = rightward ? from[0] : from[0] + BOX_W;
            int x2 = rightward ? to[0] + BOX_W : to[0];
            int y1 = from[1] + BOX_H / 2;
            int y2 = to[1] + BOX_H / 2;
            svg.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2)
                    .append("\" y2=\"").append(y2).append("\" stroke=\"#4a5260\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>");
            String label = e.kind() + (e.port() != null ? " :" + e.port() : "");
            svg.append("<text x=\"").append((x1 + x2) / 2).append("\" y=\"").append((y1 + y2) / 2 - 4)
                    .append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1b1f24\">").append(Svg.escape(label)).append("</text>");
        }
        for (String n : nodes) {
            int[] p = at.get(n);
            svg.append("<rect x=\"").append(p[0]).append("\" y=\"").append(p[1]).append("\" width=\"").append(BOX_W)
                    .append("\" height=\"").append(BOX_H).append("\" rx=\"6\" fill=\"#e8eef5\" stroke=\"#0d2b4a\"/>")
                    .append("<text x=\"").append(p[0] + BOX_W / 2).append("\" y=\"").append(p[1] + BOX_H / 2 + 4)
                    .append("\" font-size=\"13\" text-anchor=\"middle\" fill=\"#0d2b4a\">").append(Svg.escape(shorten(n)))
                    .append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    /** Column = length of the longest chain of dependencies below the container (cycles cut at the first revisit). */
    private static Map<String, Integer> columns(List<String> nodes, List<ServiceMapView.Edge> edges) {
        Map<String, List<String>> dependsOn = new HashMap<>();
        for (ServiceMapView.Edge e : edges) {
            dependsOn.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
        }
        Map<String, Integer> depth = new HashMap<>();
        for (String n : nodes) {
            depth(n, dependsOn, depth, new java.util.HashSet<>());
        }
        return depth;
    }

    private static int depth(String node, Map<String, List<String>> dependsOn, Map<String, Integer> known,
                             java.util.Set<String> path) {
        Integer cached = known.get(node);
        if (cached != null) {
            return cached;
        }
        if (!path.add(node)) {
            return 0;
        }
        int d = 0;
        for (String next : dependsOn.getOrDefault(node, List.of())) {
            d = Math.max(d, depth(next, dependsOn, known, path) + 1);
        }
        path.remove(node);
        known.put(node, d);
        return d;
    }

    private static String shorten(String name) {
        return name.length() <= 22 ? name : name.substring(0, 21) + "…";
    }
}
