package io.cyberbrain.model.rag;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An uploaded file and its ingestion state; the ingester claims queued rows under a lease. */
@Entity
@Table(name = "upload_file")
public class UploadFile extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "original_name")
    public String originalName;

    @Column(name = "stored_name")
    public String storedName;

    public String sha256;

    @Column(name = "size_bytes")
    public long sizeBytes;

    @Column(name = "mime_type")
    public String mimeType;

    public UploadStatus status;

    @Column(name = "chunks_done")
    public int chunksDone;

    @Column(name = "chunks_total")
    public int chunksTotal;

    @Column(name = "error_summary")
    public String errorSummary;

    public int attempts;

    @Column(name = "max_attempts")
    public int maxAttempts = 3;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    @Column(name = "uploaded_by")
    public String uploadedBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "processed_at")
    public Instant processedAt;
}
