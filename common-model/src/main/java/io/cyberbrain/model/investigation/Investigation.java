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

import io.cyberbrain.model.run.DirectiveSnapshot;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A goal worked on in steps within a directive and budgets; claimed by the API service's engine under a lease. */
@Entity
@Table(name = "investigation")
public class Investigation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String goal;

    public InvestigationStatus status;

    public InvestigationOrigin origin;

    @Column(name = "directive_id")
    public Long directiveId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "directive_snapshot")
    public DirectiveSnapshot directiveSnapshot;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> labels;

    @Column(name = "alert_id")
    public Long alertId;

    @Column(name = "requested_by")
    public String requestedBy;

    public PlannerKind planner;

    @Column(name = "max_steps")
    public int maxSteps;

    @Column(name = "max_wall_seconds")
    public int maxWallSeconds;

    @Column(name = "max_tokens")
    public long maxTokens;

    @Column(name = "steps_used")
    public int stepsUsed;

    @Column(name = "input_tokens")
    public long inputTokens;

    @Column(name = "output_tokens")
    public long outputTokens;

    @Column(name = "total_tokens")
    public long totalTokens;

    @Column(name = "waiting_run_id")
    public Long waitingRunId;

    @Column(name = "cancel_requested")
    public boolean cancelRequested;

    public int attempts;

    @Column(name = "max_attempts")
    public int maxAttempts = 5;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "deadline_at")
    public Instant deadlineAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "report_markdown")
    public String reportMarkdown;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "report_json")
    public Map<String, Object> reportJson;

    @Column(name = "error_summary")
    public String errorSummary;
}
