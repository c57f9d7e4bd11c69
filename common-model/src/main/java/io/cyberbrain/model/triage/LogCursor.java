package io.cyberbrain.model.triage;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** How far log triage has read one log source, so the next run reads only what is new. */
@Entity
@Table(name = "log_cursor")
public class LogCursor extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "source_key")
    public String sourceKey;

    // device, inode, size and head hash tell a rotated or truncated file from the one the offset belongs to.
    public Long device;

    public Long inode;

    @Column(name = "file_offset")
    public long fileOffset;

    @Column(name = "file_size")
    public Long fileSize;

    @Column(name = "head_sha256")
    public String headSha256;

    @Column(name = "run_id")
    public Long runId;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
