package io.cyberbrain.model.llm;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One LLM call, by its counts only (rule 2, docs/design-rules.md): there is deliberately no field for what was said. */
@Entity
@Table(name = "llm_call")
public class LlmCall extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id")
    public Long runId;

    @Column(name = "run_job_id")
    public Long runJobId;

    public String endpoint;

    public String model;

    public String purpose;

    @Column(name = "input_tokens")
    public int inputTokens;

    @Column(name = "output_tokens")
    public int outputTokens;

    @Column(name = "total_tokens")
    public int totalTokens;

    @Column(name = "duration_ms")
    public long durationMs;

    public boolean success;

    @Column(name = "error_class")
    public String errorClass;

    @Column(name = "created_at")
    public Instant createdAt;
}
