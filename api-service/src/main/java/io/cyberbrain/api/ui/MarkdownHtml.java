package io.cyberbrain.api.ui;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Reports to HTML for the run page. Reports quote log lines and container names, which are attacker-controlled
 * text, so raw HTML in the Markdown is escaped and link targets other than http(s)/mailto are dropped. A report links a
 * library document by its API path ({@code /api/rag/documents/<id>}); on a page that link opens the document in the
 * UI's library instead.
 */
@ApplicationScoped
public class MarkdownHtml {

    private final Parser parser;
    private final HtmlRenderer renderer;

    public MarkdownHtml() {
        List<Extension> extensions = List.of(TablesExtension.create());
        this.parser = Parser.builder().extensions(extensions).build();
        this.renderer = HtmlRenderer.builder().extensions(extensions).escapeHtml(true).sanitizeUrls(true)
                .attributeProviderFactory(context -> MarkdownHtml::documentLinks).build();
    }

    private static final Pattern API_DOCUMENT = Pattern.compile("/api/rag/documents/(\\d{1,18})");

    private static void documentLinks(Node node, String tag, Map<String, String> attributes) {
        if (node instanceof Link) {
            Matcher m = API_DOCUMENT.matcher(attributes.getOrDefault("href", ""));
            if (m.matches()) {
                attributes.put("href", libraryLink(Long.parseLong(m.group(1))));
            }
        }
    }

    /** The UI's place for a library document. */
    public static String libraryLink(long documentId) {
        return "/ui/library#document-" + documentId;
    }

    public String render(String markdown) {
        return markdown == null ? "" : renderer.render(parser.parse(markdown));
    }
}
