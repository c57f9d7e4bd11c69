package io.cyberbrain.launcher.servicemap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Two hosts' service maps become one, each node with its host, two hosts' same-named containers kept apart. */
class ServiceMapMergeTest {

    @Test
    void mergedMapsKeepEachNodesHostAndNeverJoinTwoHostsContainers() {
        Map<String, Map<String, Object>> byHost = new LinkedHashMap<>();
        byHost.put("nas", map("postgres", "app"));
        byHost.put("gpu", map("postgres", "ollama"));

        Map<String, Object> merged = ServiceMapMerge.merge(byHost);

        assertEquals(List.of("nas", "gpu"), merged.get("hosts"));
        assertEquals(List.of("nas/postgres", "nas/app", "gpu/postgres", "gpu/ollama"),
                ((List<?>) merged.get("nodes")).stream().map(n -> ((Map<?, ?>) n).get("name")).toList());
        assertEquals(List.of("nas", "nas", "gpu", "gpu"),
                ((List<?>) merged.get("nodes")).stream().map(n -> ((Map<?, ?>) n).get("host")).toList());
        Map<?, ?> edge = (Map<?, ?>) ((List<?>) merged.get("edges")).get(1);
        assertEquals("gpu/ollama", edge.get("from"));
        assertEquals("gpu/postgres", edge.get("to"));
        assertEquals("gpu", edge.get("host"));
        assertEquals(Map.of("containers", 4L, "edges", 2L), merged.get("counts"));
    }

    private static Map<String, Object> map(String db, String app) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scope", "allowlist");
        result.put("counts", Map.of("containers", 2, "edges", 1));
        result.put("nodes", List.of(Map.of("name", db), Map.of("name", app)));
        result.put("edges", List.of(Map.of("from", app, "to", db, "kind", "env")));
        result.put("mermaid", "graph LR");
        return result;
    }
}
