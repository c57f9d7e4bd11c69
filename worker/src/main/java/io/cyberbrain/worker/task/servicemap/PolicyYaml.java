package io.cyberbrain.worker.task.servicemap;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes the one fixed NetworkPolicy shape as YAML, two-space indented, block style. Hand-written because
 * the worker carries no YAML library; the shape is small and every value is either a DNS-1123 name, a
 * number or a fixed word, and {@link #scalar} quotes anything else defensively.
 */
public final class PolicyYaml {

    public static final String MANAGED_BY = "cyberbrain-orchestrator";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9._/-]*");
    private static final Pattern YAML_WORDS = Pattern.compile(
            "(?i)y|n|yes|no|on|off|true|false|null");

    private PolicyYaml() {
    }

    public static String render(PolicyRecommendation p) {
        StringBuilder y = new StringBuilder();
        line(y, 0, "apiVersion: networking.k8s.io/v1");
        line(y, 0, "kind: NetworkPolicy");
        line(y, 0, "metadata:");
        line(y, 1, "name: " + scalar(p.service()));
        line(y, 1, "namespace: " + scalar(p.namespace()));
        line(y, 1, "labels:");
        line(y, 2, "app.kubernetes.io/managed-by: " + scalar(MANAGED_BY));
        line(y, 0, "spec:");
        line(y, 1, "podSelector:");
        line(y, 2, "matchLabels:");
        line(y, 3, "app: " + scalar(p.service()));
        line(y, 1, "policyTypes:");
        line(y, 2, "- Ingress");
        if (p.denyAll()) {
            line(y, 1, "# no observed dependents: no ingress rule, so all ingress is denied");
            return y.toString();
        }
        line(y, 1, "ingress:");
        for (PolicyRecommendation.Rule rule : p.rules()) {
            line(y, 2, "- from:");
            for (String client : rule.from()) {
                line(y, 4, "- podSelector:");
                line(y, 6, "matchLabels:");
                line(y, 7, "app: " + scalar(client));
            }
            if (!rule.ports().isEmpty()) {
                line(y, 3, "ports:");
                for (PortSpec port : rule.ports()) {
                    line(y, 4, "- protocol: " + port.k8sProtocol());
                    line(y, 5, "port: " + port.port());
                }
            }
        }
        return y.toString();
    }

    /** All policies as one multi-document stream. */
    public static String stream(List<PolicyRecommendation> policies) {
        StringBuilder sb = new StringBuilder();
        for (PolicyRecommendation p : policies) {
            sb.append("---\n").append(p.yaml());
        }
        return sb.toString();
    }

    /** A string scalar: plain when it cannot be misread (as a number, boolean, null, or YAML syntax), else double-quoted. */
    static String scalar(String s) {
        if (s != null && PLAIN.matcher(s).matches() && !YAML_WORDS.matcher(s).matches()) {
            return s;
        }
        StringBuilder q = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    private static void line(StringBuilder y, int level, String text) {
        y.append("  ".repeat(level)).append(text).append('\n');
    }
}
