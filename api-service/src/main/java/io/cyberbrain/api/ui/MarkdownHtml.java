package io.cyberbrain.api.ui;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Reports to HTML for the run page. Reports quote log lines and container names, which are attacker-controlled
 * text, so raw HTML in the Markdown is escaped and link targets other than http(s)/mailto are dropped.
 */
@ApplicationScoped
public class MarkdownHtml {

    private final Parser parser;
    private final HtmlRenderer renderer;

    public MarkdownHtml() {
        List<Extension> extensions = List.of(TablesExtension.create());
        this.parser = Parser.builder().extensions(extensions).build();
        this.renderer = HtmlRenderer.builder().extensions(extensions).escapeHtml(true).sanitizeUrls(true).build();
    }

    public String render(String markdown) {
        return markdown == null ? "" : renderer.render(parser.parse(markdown));
    }
}
