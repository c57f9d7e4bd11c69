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
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The document library: uploads (queued for the ingester), the documents they became, and search. */
@Path("/api/rag")
@Tag(name = "RAG")
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
    @Operation(summary = "Upload a document (multipart field 'file') for ingestion")
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
    @Operation(summary = "Alias of POST /api/rag/uploads (the original API's path)")
    public Uni<Response> uploadLegacy(@RestForm("file") FileUpload file) {
        return upload(file);
    }

    @GET
    @Path("/uploads")
    public Uni<Page<UploadView>> listUploads(@QueryParam("status") String status, @QueryParam("page") Integer page,
                                             @QueryParam("size") Integer size) {
        return uploads.list(status, PageRequest.of(page, size)).map(p -> p.map(UploadView::of));
    }

    @GET
    @Path("/uploads/{id}")
    public Uni<UploadView> getUpload(@PathParam("id") long id) {
        return uploads.get(id).map(UploadView::of);
    }

    @GET
    @Path("/documents")
    public Uni<Page<DocumentView>> listDocuments(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return documents.list(PageRequest.of(page, size)).map(p -> p.map(DocumentView::of));
    }

    /** One document of the library (the link the triage report's runbook passages give). */
    @GET
    @Path("/documents/{id}")
    public Uni<DocumentView> getDocument(@PathParam("id") long id) {
        return documents.get(id).map(DocumentView::of);
    }

    /** Deletes the document, its chunks and embeddings, its upload and the stored file; searches drop it at once. */
    @DELETE
    @Path("/documents/{id}")
    @RolesAllowed(Role.OPERATOR_ROLE)
    public Uni<Response> deleteDocument(@PathParam("id") long id) {
        return documents.delete(id).map(v -> Response.noContent().build());
    }

    /**
     * Hybrid search (meaning and words). The query is hashed into a retrieval event and otherwise kept
     * nowhere.
     */
    @POST
    @Path("/search")
    @Operation(summary = "Search the document library by meaning and by words")
    public Uni<SearchResult> search(SearchInput input) {
        return search.search(input, RetrievalSource.REST, null);
    }
}
