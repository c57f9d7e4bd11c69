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

import io.cyberbrain.model.job.TaskKey;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One task of a run: the unit the worker-launcher claims under a lease. */
@Entity
@Table(name = "run_job")
public class RunJob extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id")
    public Long runId;

    @Column(name = "job_id")
    public Long jobId;

    @Column(name = "task_key")
    public TaskKey taskKey;

    public JobStatus status;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> config;

    public int attempts;

    @Column(name = "max_attempts")
    public int maxAttempts = 3;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    /** The one host this job may run on, or null. */
    @Column(name = "target_host")
    public String targetHost;

    /** Labels the claiming host must have, or null. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "target_labels")
    public Map<String, String> targetLabels;

    /** The host whose launcher claimed it. */
    @Column(name = "host_name")
    public String hostName;

    /** Since when it waits for a host (launch, approval, put back). */
    @Column(name = "queued_at")
    public Instant queuedAt;

    @Column(name = "window_start")
    public Instant windowStart;

    @Column(name = "window_end")
    public Instant windowEnd;

    public String executor;

    @Column(name = "worker_ref")
    public String workerRef;

    @Column(name = "worker_image")
    public String workerImage;

    @Column(name = "gpu_index")
    public Integer gpuIndex;

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

    @Column(name = "llm_call_count")
    public int llmCallCount;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "result_json")
    public Map<String, Object> resultJson;

    /** One line of counts, written by the task's code. */
    public String summary;

    @Column(name = "report_markdown")
    public String reportMarkdown;

    @Column(name = "error_summary")
    public String errorSummary;
}
