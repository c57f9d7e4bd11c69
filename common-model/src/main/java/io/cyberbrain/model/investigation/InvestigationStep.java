package io.cyberbrain.model.investigation;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One step of an investigation: a tool with validated arguments, what it found, and the planner's tokens for it. */
@Entity
@Table(name = "investigation_step")
public class InvestigationStep extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "investigation_id")
    public Long investigationId;

    public int position;

    public InvestigationTool tool;

    @Column(name = "planned_by")
    public PlannerKind plannedBy;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> arguments;

    public StepStatus status;

    @Column(name = "run_id")
    public Long runId;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> outcome;

    public String note;

    @Column(name = "input_tokens")
    public long inputTokens;

    @Column(name = "output_tokens")
    public long outputTokens;

    @Column(name = "total_tokens")
    public long totalTokens;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;
}
