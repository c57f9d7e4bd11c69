package io.cyberbrain.model.schedule;

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

import io.cyberbrain.model.run.Task3Scope;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A recurring or one-off launch of a job; the scheduler instance holding the lease fires it when due. */
@Entity
@Table(name = "schedule")
public class Schedule extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    @Column(name = "job_id")
    public Long jobId;

    @Column(name = "directive_id")
    public Long directiveId;

    @Column(name = "custom_directive_text")
    public String customDirectiveText;

    public boolean enabled = true;

    @Column(name = "schedule_type")
    public ScheduleType scheduleType;

    @Column(name = "interval_minutes")
    public Integer intervalMinutes;

    @Column(name = "cron_expr")
    public String cronExpr;

    public String timezone = "UTC";

    @Column(name = "run_once_at")
    public Instant runOnceAt;

    @Column(name = "task3_scope")
    public Task3Scope task3Scope = Task3Scope.ALLOWLIST;

    @Column(name = "use_rag")
    public boolean useRag;

    /** A log triage schedule's scope as the launch path checked it ({@link io.cyberbrain.policy.LogScope#toConfig}); null reads everything. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "log_scope")
    public Map<String, Object> logScope;

    /** Where the schedule's runs go ({@link io.cyberbrain.model.host.Target#toConfig}); null for the default. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> target;

    @Column(name = "max_global")
    public Integer maxGlobal;

    @Column(name = "max_per_job")
    public Integer maxPerJob;

    @Column(name = "last_run_at")
    public Instant lastRunAt;

    @Column(name = "next_run_at")
    public Instant nextRunAt;

    // Where an interval counts from: the start, or the last change of the timing.
    @Column(name = "anchor_at")
    public Instant anchorAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Where the schedule moves after a fire at {@code now}: its first time after now, however many were missed; null for none. */
    public Instant nextAfter(Instant now) {
        return Timing.of(this).nextAfter(now).orElse(null);
    }
}
