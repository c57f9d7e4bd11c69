package io.cyberbrain.api.rag;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.rag.RagViews.DocumentView;
import io.cyberbrain.api.rag.RagViews.SearchInput;
import io.cyberbrain.api.rag.RagViews.SearchResult;
import io.cyberbrain.api.rag.RagViews.UploadView;
import io.cyberbrain.model.rag.RetrievalSource;
import io.cyberbrain.rag.search.Relevance;
import io.cyberbrain.api.mcp.CheckedToolArguments;
import io.cyberbrain.api.mcp.McpAccess;
import io.cyberbrain.api.mcp.McpResults;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;

/** The document library: hybrid search, documents, and upload progress (uploading itself is multipart REST). */
@ApplicationScoped
@CheckedToolArguments
public class RagTools {

    public record DocumentList(List<DocumentView> items, int page, int size, long total) {
    }

    public record UploadList(List<UploadView> items, int page, int size, long total) {
    }

    private final SearchService search;
    private final DocumentService documents;
    private final UploadService uploads;
    private final McpAccess access;

    public RagTools(SearchService search, DocumentService documents, UploadService uploads, McpAccess access) {
        this.search = search;
        this.documents = documents;
        this.uploads = uploads;
        this.access = access;
    }

    @Tool(name = "rag_search", description = "Searches the document library (runbooks, docs) by meaning and by words "
            + "together, and returns the best passages with document title, chunk index, offsets and relevance (closeness "
            + "in meaning, 0 to 1). Only passages of relevance " + Relevance.FLOOR + " or more are returned; when none "
            + "reaches it, the answer says there is no relevant passage. The query is not stored (only its SHA-256).",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = SearchResult.class))
    public Uni<ToolResponse> ragSearch(
            @ToolArg(name = "query", description = "What to look for, 1-2000 characters") String query,
            @ToolArg(name = "top_k", description = "How many passages, 1-100", defaultValue = "5") int topK,
            @ToolArg(name = "document_ids", description = "Search only these documents", required = false)
            List<Long> documentIds) {
        access.requireTool("rag_search");
        return McpResults.answer(() -> search.search(new SearchInput(query, topK, documentIds), RetrievalSource.MCP, null),
                result -> McpResults.of(result, result.noRelevantPassage() ? noRelevantPassage(result.relevanceFloor())
                        : String.join("\n\n", result.hits().stream().map(h -> "[" + h.documentTitle() + " #"
                                + h.chunkIndex() + ", relevance " + String.format(Locale.ROOT, "%.2f", h.relevance())
                                + "]\n" + h.text()).toList())));
    }

    static String noRelevantPassage(double floor) {
        return String.format(Locale.ROOT, "No relevant passage: nothing in the library reaches relevance %.2f (closeness "
                + "in meaning, 0 to 1) for this query.", floor);
    }

    @Tool(name = "rag_list_documents", description = "Lists the documents in the library with their chunk counts.",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = DocumentList.class))
    public Uni<ToolResponse> ragListDocuments(
            @ToolArg(name = "page", description = "Zero-based page", defaultValue = "0") int page,
            @ToolArg(name = "size", description = "Items per page, 1-500", defaultValue = "50") int size) {
        access.requireTool("rag_list_documents");
        return McpResults.answer(() -> documents.list(PageRequest.of(page, size)), p -> {
            DocumentList list = new DocumentList(p.items().stream().map(DocumentView::of).toList(), p.page(), p.size(),
                    p.total());
            return McpResults.of(list, p.total() + " document(s): " + McpResults.listing(list.items().stream()
                    .map(d -> "#" + d.id() + " " + d.title() + " (" + d.chunkCount() + " chunks)").toList(), ", "));
        });
    }

    @Tool(name = "rag_upload_status", description = "Ingestion progress of uploads: queued, processing (chunks done of "
            + "total), ready or failed with the reason. Give upload_id for one upload, or a status to list.",
            annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false),
            outputSchema = @OutputSchema(from = UploadList.class))
    public Uni<ToolResponse> ragUploadStatus(
            @ToolArg(name = "upload_id", description = "One upload", required = false) Long uploadId,
            @ToolArg(name = "status", description = "queued, processing, ready or failed", required = false) String status,
            @ToolArg(name = "page", description = "Zero-based page", defaultValue = "0") int page,
            @ToolArg(name = "size", description = "Items per page, 1-500", defaultValue = "50") int size) {
        access.requireTool("rag_upload_status");
        return McpResults.answer(() -> uploadId != null
                        ? uploads.get(uploadId).map(u -> new UploadList(List.of(UploadView.of(u)), 0, 1, 1))
                        : uploads.list(status, PageRequest.of(page, size)).map(p -> new UploadList(
                                p.items().stream().map(UploadView::of).toList(), p.page(), p.size(), p.total())),
                list -> McpResults.of(list, list.total() + " upload(s): " + McpResults.listing(list.items().stream()
                        .map(u -> "#" + u.id() + " " + u.originalName() + " " + u.status()
                                + ("processing".equals(u.status()) ? " " + u.chunksDone() + "/" + u.chunksTotal() + " chunks" : "")
                                + (u.errorSummary() != null ? " (" + u.errorSummary() + ")" : "")).toList(), "; ")));
    }
}
