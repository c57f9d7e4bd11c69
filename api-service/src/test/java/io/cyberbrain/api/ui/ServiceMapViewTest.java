package io.cyberbrain.api.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.cyberbrain.api.run.ServiceMapView;

class ServiceMapViewTest {

    /** The shape the launcher writes: tasks.service_map.result with nodes, edges and policies. */
    static Map<String, Object> report() {
        return Map.of("tasks", Map.of("service_map", Map.of("status", "success", "result", Map.of(
                "nodes", List.of(Map.of("name", "web"), Map.of("name", "api"), Map.of("name", "db<script>")),
                "edges", List.of(
                        Map.of("from", "api", "to", "db<script>", "kind", "env", "port", 5432, "evidence", "DB_HOST=db"),
                        Map.of("from", "web", "to", "api", "kind", "depends_on", "evidence", "compose depends_on")),
                "policies", List.of(Map.of("service", "db<script>", "allowed_from", List.of("api"),
                        "yaml", "kind: NetworkPolicy\n"))))));
    }

    private static int x(String svg, String label) {
        Matcher m = Pattern.compile("<text x=\"(\\d+)\"[^>]*>" + Pattern.quote(label) + "</text>").matcher(svg);
        assertTrue(m.find(), label + " is drawn");
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aContainerIsDrawnRightOfWhatItDependsOn() {
        ServiceMapView map = ServiceMapView.from(report());
        String svg = map.svg();
        int db = x(svg, "db&lt;script&gt;");
        int api = x(svg, "api");
        int web = x(svg, "web");
        assertTrue(db < api && api < web, "db, then api, then web from left to right: " + db + " " + api + " " + web);
        assertEquals(2, svg.split("marker-end").length - 1, "one arrow per edge");
        assertTrue(svg.contains(">env :5432</text>"), "edges are labelled with kind and port");
    }

    @Test
    void namesFromContainersAreEscapedInTheDrawing() {
        String svg = ServiceMapView.from(report()).svg();
        assertFalse(svg.contains("<script>"), "no markup from container names");
        assertTrue(svg.contains("<title id=\"map-title\">Service map: 3 containers, 2 connections"));
    }

    @Test
    void edgesAndPoliciesAreReadForTheTables() {
        ServiceMapView map = ServiceMapView.from(report());
        assertEquals(List.of("web", "api", "db<script>"), map.nodes());
        assertEquals(5432, map.edges().get(0).port());
        assertNull(map.edges().get(1).port());
        assertEquals(List.of("api"), map.policies().get(0).allowedFrom());
        assertEquals("kind: NetworkPolicy\n", map.policies().get(0).yaml());
    }

    @Test
    void aRunWithoutAServiceMapHasNone() {
        assertNull(ServiceMapView.from(null));
        assertNull(ServiceMapView.from(Map.of("tasks", Map.of("gpu_report", Map.of("result", Map.of())))));
        assertTrue(ServiceMapView.from(Map.of("tasks", Map.of("service_map", Map.of("result", Map.of())))).svg().isEmpty());
    }
}
