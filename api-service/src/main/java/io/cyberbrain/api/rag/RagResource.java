package io.cyberbrain.api.rag;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.rag.RagViews.DocumentView;
import io.cyberbrain.api.rag.RagViews.SearchInput;
import io.cyberbrain.api.rag.RagViews.SearchResult;
import io.cyberbrain.api.rag.RagViews.UploadView;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.rag.RetrievalSource;
import io.cyberbrain.rag.search.Relevance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The document library: uploads (queued for the ingester), the documents they became, and search. */
@Path("/api/rag")
@Tag(name = "RAG", description = "The document library: uploads, documents and search")
@RolesAllowed(Role.VIEWER_ROLE)
public class RagResource {

    private final UploadService uploads;
    private final DocumentService documents;
    private final SearchService search;
    private final SecurityIdentity identity;

    public RagResource(UploadService uploads, DocumentService documents, SearchService search, SecurityIdentity identity) {
        this.uploads = uploads;
        this.documents = documents;
        this.search = search;
        this.identity = identity;
    }

    /**
     * Multipart field {@code file}. 201 with the queued upload; 200 with the existing one when the same bytes
     * were uploaded before; 413 beyond the size limit; 415 when the content is not an allowed type.
     */
    @POST
    @Path("/uploads")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(operationId = "createUpload", summary = "Upload a document (multipart field 'file') for ingestion")
    @APIResponse(responseCode = "201", description = "Upload queued for ingestion", content = @Content(mediaType = "application/json", schema = @Schema(implementation = UploadView.class)))
    @APIResponse(responseCode = "200", description = "The same file was uploaded before; that upload is answered", content = @Content(mediaType = "application/json", schema = @Schema(implementation = UploadView.class)))
    public Uni<Response> upload(@RestForm("file") FileUpload file) {
        return uploads.upload(file, identity.getPrincipal().getName()).map(u -> {
            UploadView view = UploadView.of(u.upload());
            return u.created()
                    ? Response.created(URI.create("/api/rag/uploads/" + view.id())).entity(view).build()
                    : Response.ok(view).build();
        });
    }

    /** The original API's path; the same as {@code POST /api/rag/uploads}. */
    @POST
    @Path("/upload")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(operationId = "createUploadLegacy", summary = "Alias of POST /api/rag/uploads (the original API's path)")
    @APIResponse(responseCode = "201", description = "Upload queued for ingestion", content = @Content(mediaType = "application/json", schema = @Schema(implementation = UploadView.class)))
    @APIResponse(responseCode = "200", description = "The same file was uploaded before; that upload is answered", content = @Content(mediaType = "application/json", schema = @Schema(implementation = UploadView.class)))
    public Uni<Response> uploadLegacy(@RestForm("file") FileUpload file) {
        return upload(file);
    }

    @GET
    @Path("/uploads")
    @Operation(operationId = "listUploads")
    public Uni<Page<UploadView>> listUploads(@QueryParam("status") String status, @QueryParam("page") Integer page,
                                             @QueryParam("size") Integer size) {
        return uploads.list(status, PageRequest.of(page, size)).map(p -> p.map(UploadView::of));
    }

    @GET
    @Path("/uploads/{id}")
    @Operation(operationId = "getUpload")
    public Uni<UploadView> getUpload(@PathParam("id") long id) {
        return uploads.get(id).map(UploadView::of);
    }

    @GET
    @Path("/documents")
    @Operation(operationId = "listDocuments")
    public Uni<Page<DocumentView>> listDocuments(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return documents.list(PageRequest.of(page, size)).map(p -> p.map(DocumentView::of));
    }

    /** One document of the library (the link the triage report's runbook passages give). */
    @GET
    @Path("/documents/{id}")
    @Operation(operationId = "getDocument", summary = "One document of the library (the link a triage report gives)")
    public Uni<DocumentView> getDocument(@PathParam("id") long id) {
        return documents.get(id).map(DocumentView::of);
    }

    /** Deletes the document, its chunks and embeddings, its upload and the stored file; searches drop it at once. */
    @DELETE
    @Path("/documents/{id}")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Operation(operationId = "deleteDocument")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> deleteDocument(@PathParam("id") long id) {
        return documents.delete(id).map(v -> Response.noContent().build());
    }

    /**
     * Hybrid search (meaning and words), passages from the relevance floor only. The query is hashed into a retrieval
     * event and otherwise kept nowhere.
     */
    @POST
    @Path("/search")
    @Operation(operationId = "searchDocuments", summary = "Search the document library by meaning and by words",
            description = "Ranks passages by meaning (MiniLM cosine) and by words (BM25) together, and returns those whose "
                    + "relevance (the cosine of query and passage, 0 to 1) reaches relevance_floor (" + Relevance.FLOOR + "), best first. "
                    + "When none does, hits is empty and no_relevant_passage is true: a query unrelated to every document "
                    + "finds nothing rather than the least unrelated passages.")
    public Uni<SearchResult> search(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", summary = "Runbook passages", value = "{\"query\": \"exporter stopped reporting GPU metrics\", \"top_k\": 5}"))) SearchInput input) {
        return search.search(input, RetrievalSource.REST, null);
    }
}
