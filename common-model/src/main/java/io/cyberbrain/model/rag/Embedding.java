package io.cyberbrain.model.rag;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The embedding of one chunk; the chunk id is the key, so a chunk has at most one. */
@Entity
@Table(name = "embedding")
public class Embedding extends PanacheEntityBase {

    @Id
    @Column(name = "chunk_id")
    public Long chunkId;

    public String model;

    public int dimensions;

    // dimensions float32 values, little-endian: there is no pgvector on the target machines.
    public byte[] vector;

    @Column(name = "created_at")
    public Instant createdAt;
}
