package io.cyberbrain.model.run;

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

@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public RunStatus status;

    @Column(name = "run_trigger")
    public RunTrigger trigger;

    @Column(name = "directive_id")
    public Long directiveId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "directive_snapshot")
    public DirectiveSnapshot directiveSnapshot;

    @Column(name = "use_rag")
    public boolean useRag;

    @Column(name = "task3_scope")
    public Task3Scope task3Scope;

    @Column(name = "approval_required")
    public boolean approvalRequired;

    @Column(name = "approved_by")
    public String approvedBy;

    @Column(name = "approved_at")
    public Instant approvedAt;

    @Column(name = "denied_by")
    public String deniedBy;

    @Column(name = "denied_at")
    public Instant deniedAt;

    @Column(name = "decision_note")
    public String decisionNote;

    @Column(name = "cancel_requested")
    public boolean cancelRequested;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "schedule_id")
    public Long scheduleId;

    /** Where the run was launched to run ({@link io.cyberbrain.model.host.Target#toConfig}); null for the default. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> target;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "input_tokens")
    public long inputTokens;

    @Column(name = "output_tokens")
    public long outputTokens;

    @Column(name = "total_tokens")
    public long totalTokens;

    @Column(name = "report_markdown")
    public String reportMarkdown;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "report_json")
    public Map<String, Object> reportJson;

    @Column(name = "error_summary")
    public String errorSummary;
}
