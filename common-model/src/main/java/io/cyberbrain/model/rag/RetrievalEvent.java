package io.cyberbrain.model.rag;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;


import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One retrieval query, by its hash and results only: there is deliberately no field for the query text. */
@Entity
@Table(name = "retrieval_event")
public class RetrievalEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "query_sha256")
    public String querySha256;

    public RetrievalSource source;

    @Column(name = "top_k")
    public int topK;

    @Column(name = "result_count")
    public int resultCount;

    @Column(name = "hit_chunk_ids")
    public Long[] hitChunkIds = new Long[0];

    @Column(name = "duration_ms")
    public long durationMs;

    @Column(name = "run_id")
    public Long runId;

    @Column(name = "created_at")
    public Instant createdAt;
}
