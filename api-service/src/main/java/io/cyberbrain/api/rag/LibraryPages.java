package io.cyberbrain.api.rag;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.rag.RagViews.DocumentView;
import io.cyberbrain.api.rag.RagViews.SearchInput;
import io.cyberbrain.api.rag.RagViews.UploadView;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.rag.RetrievalSource;
import io.cyberbrain.api.run.RunPages;
import io.cyberbrain.api.ui.UiPages;
import io.cyberbrain.api.ui.UiSupport;
import io.cyberbrain.api.ui.UiUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** The document library in the web UI: uploads with live ingest progress, documents, and search. */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER_ROLE)
public class LibraryPages {

    static final int LIST_SIZE = 100;

    private final UploadService uploads;
    private final DocumentService documents;
    private final SearchService search;
    private final UiSupport support;

    public LibraryPages(UploadService uploads, DocumentService documents, SearchService search,
                                UiSupport support) {
        this.uploads = uploads;
        this.documents = documents;
        this.search = search;
        this.support = support;
    }

    @GET
    @Path("/library")
    @Operation(hidden = true)
    public Uni<TemplateInstance> library(@QueryParam("notice") String notice) {
        return state().map(s -> Templates.library(support.user(), s, notice(notice)));
    }

    /** Upload progress and documents: htmx re-fetches it every two seconds while anything is queued or processing. */
    @GET
    @Path("/library/live")
    @Operation(hidden = true)
    public Uni<TemplateInstance> live() {
        return state().map(s -> Templates.library$live(support.user(), s, null));
    }

    @POST
    @Path("/library/uploads")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(hidden = true)
    public Uni<Response> upload(@RestForm("file") FileUpload file, @RestForm("csrf") String csrf) {
        UiUser user = support.checkedUser(csrf);
        return Uni.createFrom().deferred(() -> uploads.upload(file, user.name()))
                .map(u -> UiSupport.seeOther("/ui/library?notice=" + (u.created() ? "queued" : "duplicate")));
    }

    @POST
    @Path("/library/documents/{id}/delete")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> deleteDocument(@PathParam("id") long id, @FormParam("csrf") String csrf) {
        support.checkedUser(csrf);
        return documents.delete(id).map(v -> UiSupport.seeOther("/ui/library?notice=deleted"));
    }

    @GET
    @Path("/search")
    @Operation(hidden = true)
    public Uni<TemplateInstance> search(@QueryParam("q") String query, @QueryParam("top_k") Integer topK) {
        UiUser user = support.user();
        String q = UiSupport.blank(query);
        int k = topK == null ? 10 : topK;
        if (q == null) {
            return Uni.createFrom().item(Templates.search(user, null, k, null, null));
        }
        return Uni.createFrom().deferred(() -> search.search(new SearchInput(q, k, null), RetrievalSource.UI, null))
                .map(result -> Templates.search(user, q, k, result, null))
                .onFailure(CyberbrainException.class).recoverWithItem(e -> Templates.search(user, q, k, null, e.getMessage()));
    }

    private Uni<LibraryView> state() {
        return uploads.list(null, PageRequest.of(0, LIST_SIZE)).flatMap(u -> documents.list(PageRequest.of(0, LIST_SIZE))
                .map(d -> new LibraryView(u.items().stream().map(UploadView::of).toList(), u.total(),
                        d.items().stream().map(DocumentView::of).toList(), d.total())));
    }

    private static String notice(String key) {
        if (key == null) {
            return null;
        }
        return switch (key) {
            case "queued" -> "Uploaded; it is queued for ingestion. Progress shows below.";
            case "duplicate" -> "These exact bytes were uploaded before; the existing upload is shown below.";
            case "deleted" -> "Document deleted with its chunks; searches no longer find it.";
            default -> null;
        };
    }

    /** This page's type-checked templates (src/main/resources/templates/ui/). */
    @CheckedTemplate(basePath = "ui")
    static class Templates {

        public static native TemplateInstance library(UiUser user, LibraryView library, String notice);
        public static native TemplateInstance library$live(UiUser user, LibraryView library, String notice);
        public static native TemplateInstance search(UiUser user, String query, int topK, RagViews.SearchResult result,
                                                     String error);
    }

    /** Uploads (newest first) and documents; {@code busy} while something is queued or processing. */
    public record LibraryView(List<RagViews.UploadView> uploads, long uploadTotal, List<RagViews.DocumentView> documents,
                              long documentTotal) {

        public boolean busy() {
            return uploads.stream().anyMatch(u -> "queued".equals(u.status()) || "processing".equals(u.status()));
        }
    }
}
