package io.cyberbrain.launcher.servicemap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service maps of several hosts as one: every node, edge, network, policy and unresolved reference carries its
 * {@code host}, and names are qualified by it ({@code host/name}) so that two hosts' {@code postgres} stay two nodes
 * (containers on different engines never share a network; edges stay within a host). Counts add up. The per-host
 * Mermaid and DOT drawings stay with each host's result.
 */
final class ServiceMapMerge {

    static final List<String> LISTS = List.of("nodes", "edges", "networks", "unresolved", "policies");

    private ServiceMapMerge() {
    }

    static Map<String, Object> merge(Map<String, Map<String, Object>> byHost) {
        Map<String, Object> merged = new LinkedHashMap<>();
        Map<String, Object> counts = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> lists = new LinkedHashMap<>();
        LISTS.forEach(l -> lists.put(l, new ArrayList<>()));
        byHost.forEach((host, result) -> {
            if (result.get("scope") != null) {
                merged.putIfAbsent("scope", result.get("scope"));
            }
            if (result.get("counts") instanceof Map<?, ?> c) {
                c.forEach((k, v) -> {
                    if (v instanceof Number n) {
                        counts.merge(String.valueOf(k), n.longValue(), (a, b) -> ((Number) a).longValue() + ((Number) b).longValue());
                    }
                });
            }
            for (String list : LISTS) {
                if (result.get(list) instanceof List<?> items) {
                    for (Object item : items) {
                        if (item instanceof Map<?, ?> m) {
                            lists.get(list).add(withHost(list, host, m));
                        }
                    }
                }
            }
        });
        merged.put("hosts", List.copyOf(byHost.keySet()));
        merged.put("counts", counts);
        lists.forEach(merged::put);
        return merged;
    }

    private static Map<String, Object> withHost(String list, String host, Map<?, ?> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.forEach((k, v) -> out.put(String.valueOf(k), v));
        out.put("host", host);
        switch (list) {
            case "nodes" -> qualify(out, host, "name");
            case "edges" -> {
                qualify(out, host, "from");
                qualify(out, host, "to");
            }
            case "unresolved" -> qualify(out, host, "from");
            case "policies" -> qualify(out, host, "container");
            default -> { }
        }
        return out;
    }

    private static void qualify(Map<String, Object> item, String host, String key) {
        Object v = item.get(key);
        if (v != null) {
            item.put(key, host + "/" + v);
        }
    }
}
