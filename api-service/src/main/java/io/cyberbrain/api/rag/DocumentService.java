package io.cyberbrain.api.rag;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.error.NotFoundException;
import io.cyberbrain.model.rag.Document;
import io.cyberbrain.model.rag.RagEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The ingested documents: listed newest first; deleted with everything that came from their upload. */
@ApplicationScoped
public class DocumentService {

    private final Pool pool;
    private final UploadService uploads;

    public DocumentService(Pool pool, UploadService uploads) {
        this.pool = pool;
        this.uploads = uploads;
    }

    public Uni<Page<Document>> list(PageRequest page) {
        return Panache.withSession(() -> Page.fetch(Document.<Document>findAll(Sort.descending("createdAt", "id")), page));
    }

    public Uni<Document> get(long documentId) {
        return Panache.withSession(() -> Document.<Document>findById(documentId)).map(d -> {
            if (d == null) {
                throw new NotFoundException("document", documentId);
            }
            return d;
        });
    }

    /**
     * Deletes the upload row, which cascades to the document, its chunks and their embeddings, and tells the
     * searchers in the same transaction; the stored file goes once that has committed. Without the upload row
     * the same bytes can be uploaded again.
     */
    public Uni<Void> delete(long documentId) {
        return pool.withTransaction(conn -> conn.preparedQuery("delete from upload_file u using document d"
                                + " where d.id = $1 and u.id = d.upload_id returning u.stored_name")
                        .execute(Tuple.of(documentId))
                        .flatMap(rows -> {
                            if (rows.size() == 0) {
                                throw new NotFoundException("document", documentId);
                            }
                            String stored = rows.iterator().next().getString(0);
                            return conn.preparedQuery("select cast(pg_notify($1, $2) as text)")
                                    .execute(Tuple.of(RagEvents.DOCUMENTS_CHANNEL, Long.toString(documentId)))
                                    .map(ok -> stored);
                        }))
                .flatMap(uploads::deleteStored);
    }
}
