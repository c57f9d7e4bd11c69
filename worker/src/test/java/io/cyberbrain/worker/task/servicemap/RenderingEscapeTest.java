package io.cyberbrain.worker.task.servicemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Names with quotes, brackets, pipes, markup and backslashes cannot break Mermaid, DOT or the Markdown table. */
class RenderingEscapeTest {

    static final String ODD_NAME = "we\"ird|name<b>]}";
    static final String ODD_IMAGE = "evil\"img:1 --> x \\N";
    static final String ODD_NETWORK = "net\"}} end";

    static ServiceGraph oddGraph() {
        Node odd = new Node(ODD_NAME, "0123456789ab", ODD_IMAGE, "exited", null, null,
                List.of(new PortSpec(80, "tcp")), List.of(), List.of(ODD_NETWORK), List.of(), null);
        Node plain = new Node("end", "ba9876543210", "alpine", "running", null, null,
                List.of(), List.of(), List.of(ODD_NETWORK), List.of(), null);
        return new ServiceGraph(List.of(odd, plain),
                List.of(new Edge("end", ODD_NAME, EdgeKind.ENV, new PortSpec(80, "tcp"), "env X|Y -> we:80"),
                        new Edge(ODD_NAME, "end", EdgeKind.NETWORK_MODE, null, "network_mode container:end")),
                List.of(new NetworkView(ODD_NETWORK, null, "bridge", false, true, List.of("end", ODD_NAME))),
                List.of());
    }

    static final List<Pattern> MERMAID_LINES = List.of(
            Pattern.compile("graph LR"),
            Pattern.compile("  n\\d+\\[\"[^\"\\[\\]{}|<>]*\"\\]"),
            Pattern.compile("  net\\d+\\{\\{\"[^\"\\[\\]{}|<>]*\"\\}\\}"),
            Pattern.compile("  n\\d+ -\\.- net\\d+"),
            Pattern.compile("  n\\d+ (-->|-\\.->|==>)\\|\"[^\"|]*\"\\| n\\d+"),
            Pattern.compile("  classDef \\w+ [^\"]+"),
            Pattern.compile("  class [\\w,]+ \\w+"));

    @Test
    void mermaidQuotesEveryLabelAndEncodesOddCharactersAsEntities() {
        String mermaid = MermaidRenderer.render(oddGraph());
        for (String line : mermaid.split("\n")) {
            // the node label's only markup is the <br/> the renderer adds between name and image
            String checked = line.replace("<br/>", "");
            assertTrue(MERMAID_LINES.stream().anyMatch(p -> p.matcher(checked).matches()), "bad Mermaid line: " + line);
        }
        assertTrue(mermaid.contains("  n0[\"we#34;ird#124;name#60;b#62;#93;#125;<br/>evil#34;img:1 --#62; x #92;N\"]"), mermaid);
        assertTrue(mermaid.contains("  net0{{\"net#34;#125;#125; end\"}}"), mermaid);
        assertTrue(mermaid.contains("  class n0 stopped"), mermaid);
    }

    /** A DOT statement whose strings are all properly closed, with escapes only of the form backslash + char. */
    static final Pattern DOT_STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    @Test
    void dotEscapesQuotesAndBackslashesInsideQuotedLabels() {
        String dot = DotRenderer.render(oddGraph());
        List<String> lines = List.of(dot.split("\n"));
        assertEquals("digraph service_map {", lines.get(0));
        assertEquals("}", lines.get(lines.size() - 1));
        for (String line : lines.subList(1, lines.size() - 1)) {
            String outside = DOT_STRING.matcher(line).replaceAll("S");
            assertFalse(outside.contains("\""), "unbalanced quote: " + line);
            assertTrue(outside.matches("  (\\w+ \\[.*\\];|\\w+=\\w+;|n\\d+ -> (n|net)\\d+ \\[.*\\];)"), "bad DOT line: " + line);
        }
        assertTrue(dot.contains("label=\"we\\\"ird|name<b>]}\\nevil\\\"img:1 --> x \\\\N\""), dot);
        assertTrue(dot.contains("net0 [label=\"net\\\"}} end\""), dot);
    }

    @Test
    void markdownTableEscapesPipes() {
        ServiceGraph g = oddGraph();
        List<PolicyRecommendation> policies = NetworkPolicyGenerator.generate(g, null);
        String md = ServiceMapReport.markdown(g, policies, MermaidRenderer.render(g), null, "networkpolicies.yaml");
        assertTrue(md.contains("| end | we\\\"ird\\|name<b>]} | env | 80 | env X\\|Y -> we:80 |".replace("\\\"", "\"")), md);
    }

    @Test
    void oddNamesBecomeValidUniquePolicyNames() {
        List<PolicyRecommendation> policies = NetworkPolicyGenerator.generate(oddGraph(), "Prod Namespace!");
        assertEquals(List.of("end", "we-ird-name-b"), policies.stream().map(PolicyRecommendation::service).sorted().toList());
        policies.forEach(p -> assertEquals("prod-namespace", p.namespace()));
    }
}
