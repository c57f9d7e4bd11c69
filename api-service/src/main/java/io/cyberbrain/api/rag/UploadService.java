package io.cyberbrain.api.rag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.common.ProblemException;
import io.cyberbrain.model.config.PathsConfig;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.NotFoundException;
import io.cyberbrain.model.rag.RagEvents;
import io.cyberbrain.model.rag.UploadFile;
import io.cyberbrain.model.rag.UploadStatus;
import io.cyberbrain.model.support.WireEnum;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Accepts uploads into the document library: size and content type checked, stored under a generated name,
 * deduplicated by SHA-256, queued for the ingester. Files are hashed, sniffed and moved on worker threads;
 * the row and its NOTIFY go in one transaction, so an ingester never hears of an upload that is not there.
 */
@ApplicationScoped
public class UploadService {

    /** The upload, and whether this request created it (false: the same bytes were uploaded before). */
    public record Uploaded(UploadFile upload, boolean created) {
    }

    private record Inspected(long size, String sha256, String mimeType) {
    }

    private final Pool pool;
    private final Clock clock;
    private final RagConfig config;
    private final UploadTypeDetector detector;
    private final Path uploads;

    public UploadService(Pool pool, Clock clock, RagConfig config, UploadTypeDetector detector, PathsConfig paths) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
        this.detector = detector;
        this.uploads = paths.uploads().toAbsolutePath().normalize();
    }

    public Uni<Uploaded> upload(FileUpload file, String uploadedBy) {
        if (file == null || file.uploadedFile() == null) {
            throw new InvalidRequestException("file", "is required: send the document as the multipart form field 'file'");
        }
        String name = displayName(file.fileName());
        return blocking(() -> inspect(file.uploadedFile(), name))
                .flatMap(inspected -> findBySha(inspected.sha256())
                        .flatMap(existing -> existing.isPresent()
                                ? Uni.createFrom().item(new Uploaded(existing.get(), false))
                                : store(file.uploadedFile(), name, inspected, uploadedBy)));
    }

    private Inspected inspect(Path file, String name) {
        try {
            long size = Files.size(file);
            if (size > config.maxUploadBytes()) {
                throw new ProblemException(413, "the file has " + size + " bytes; the limit is " + config.maxUploadBytes()
                        + " (cyberbrain.rag.max-upload-bytes)");
            }
            if (size == 0) {
                throw new InvalidRequestException("file", "is empty");
            }
            String type = detector.detect(file, name);
            if (!config.allowedTypes().contains(type)) {
                throw new ProblemException(415, "the content of the file is " + type + ", which the document library does not take;"
                        + " allowed: " + String.join(", ", config.allowedTypes()));
            }
            return new Inspected(size, sha256(file), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Uni<Uploaded> store(Path received, String name, Inspected inspected, String uploadedBy) {
        String storedName = UUID.randomUUID().toString();
        return blocking(() -> {
                    moveIntoUploads(received, storedName);
                    return storedName;
                })
                .flatMap(stored -> insertAndNotify(name, stored, inspected, uploadedBy))
                .flatMap(id -> {
                    if (id.isPresent()) {
                        return get(id.get()).map(u -> new Uploaded(u, true));
                    }
                    // The same bytes arrived at the same moment in another request: theirs is the upload.
                    return deleteStored(storedName).flatMap(ok -> findBySha(inspected.sha256()))
                            .map(existing -> new Uploaded(existing.orElseThrow(), false));
                });
    }

    private void moveIntoUploads(Path received, String storedName) {
        try {
            Files.createDirectories(uploads);
            Path partial = uploads.resolve(storedName + ".part");
            Files.copy(received, partial, StandardCopyOption.REPLACE_EXISTING);
            // Appears under its final name whole, or not at all.
            Files.move(partial, uploads.resolve(storedName), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("storing the upload failed", e);
        }
    }

    private Uni<Optional<Long>> insertAndNotify(String name, String storedName, Inspected inspected, String uploadedBy) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        insert into upload_file (original_name, stored_name, sha256, size_bytes, mime_type, status, uploaded_by,
                                                 created_at, updated_at)
                        values ($1, $2, $3, $4, $5, 'queued', $6, $7, $7) on conflict (sha256) do nothing returning id""")
                .execute(Tuple.from(java.util.Arrays.asList(name, storedName, inspected.sha256(), inspected.size(),
                        inspected.mimeType(), uploadedBy, now)))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Optional.<Long>empty());
                    }
                    long id = rows.iterator().next().getLong(0);
                    return conn.preparedQuery("select cast(pg_notify($1, $2) as text)")
                            .execute(Tuple.of(RagEvents.UPLOADS_CHANNEL, Long.toString(id)))
                            .map(ok -> Optional.of(id));
                }));
    }

    Uni<Void> deleteStored(String storedName) {
        return blocking(() -> {
            Path file = uploads.resolve(storedName).normalize();
            try {
                if (file.startsWith(uploads) && !file.equals(uploads)) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("deleting the stored file failed", e);
            }
            return (Void) null;
        });
    }

    /**
     * Runs file work on a worker thread and continues on the caller's Vert.x context: Hibernate Reactive, used
     * next, works only there.
     */
    static <T> Uni<T> blocking(java.util.function.Supplier<T> work) {
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        Uni<T> uni = Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return context == null ? uni : uni.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }

    private Uni<Optional<UploadFile>> findBySha(String sha256) {
        return Panache.withSession(() -> UploadFile.<UploadFile>find("sha256", sha256).firstResult()).map(Optional::ofNullable);
    }

    public Uni<UploadFile> get(long id) {
        return Panache.withSession(() -> UploadFile.<UploadFile>findById(id)).map(u -> {
            if (u == null) {
                throw new NotFoundException("upload", id);
            }
            return u;
        });
    }

    public Uni<Page<UploadFile>> list(String status, PageRequest page) {
        Sort newest = Sort.descending("createdAt", "id");
        if (status == null || status.isBlank()) {
            return Panache.withSession(() -> Page.fetch(UploadFile.<UploadFile>findAll(newest), page));
        }
        UploadStatus s = WireEnum.parse(UploadStatus.class, status).orElseThrow(() ->
                new InvalidRequestException("status", "must be one of " + WireEnum.allowed(UploadStatus.class)));
        return Panache.withSession(() -> Page.fetch(UploadFile.<UploadFile>find("status", newest, s), page));
    }

    /**
     * The client's file name is shown, never used as a path: only its last segment is kept, without control
     * characters, at most 500 characters.
     */
    static String displayName(String clientName) {
        String n = clientName == null ? "" : clientName;
        int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        n = n.substring(slash + 1).replaceAll("\\p{Cntrl}", "").strip();
        if (n.isEmpty() || n.equals(".") || n.equals("..")) {
            n = "upload";
        }
        return n.length() > 500 ? n.substring(0, 500) : n;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
