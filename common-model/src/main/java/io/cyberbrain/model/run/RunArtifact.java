package io.cyberbrain.model.run;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A file a run produced; {@code path} is relative to CYBER_BRAIN_LOGS. */
@Entity
@Table(name = "run_artifact")
public class RunArtifact extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id")
    public Long runId;

    @Column(name = "run_job_id")
    public Long runJobId;

    public String path;

    @Column(name = "artifact_type")
    public String artifactType;

    @Column(name = "size_bytes")
    public long sizeBytes;

    @Column(name = "mime_type")
    public String mimeType;

    public String sha256;

    @Column(name = "created_at")
    public Instant createdAt;
}
