package io.cyberbrain.api.rag;

import io.quarkus.qute.TemplateExtension;

/** What the search page asks of a hit. */
@TemplateExtension
public class RagPageExtensions {

    private RagPageExtensions() {
    }

    /** A passage's relevance (0 to 1) with two decimals, as the MCP tool writes it. */
    static String relevanceText(RagViews.SearchHitView hit) {
        return String.format(java.util.Locale.ROOT, "%.2f", hit.relevance());
    }
}
