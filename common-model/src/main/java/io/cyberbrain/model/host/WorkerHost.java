package io.cyberbrain.model.host;

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

/**
 * A host that runs a worker-launcher: registered by that launcher at start and heart-beaten on a timer; labels and
 * state are also an admin's to change. Its status is derived ({@link HostStatus#of}).
 */
@Entity
@Table(name = "worker_host")
public class WorkerHost extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public HostState state = HostState.ENABLED;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> labels;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "configured_labels")
    public Map<String, String> configuredLabels;

    public String executor;

    public String engine;

    @Column(name = "engine_version")
    public String engineVersion;

    /** GPU index -> {uuid, model, memory_total_mb}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> gpus;

    @Column(name = "cpu_count")
    public int cpuCount;

    @Column(name = "max_concurrent_jobs")
    public int maxConcurrentJobs;

    public String version;

    @Column(name = "registered_at")
    public Instant registeredAt;

    @Column(name = "last_heartbeat_at")
    public Instant lastHeartbeatAt;

    @Column(name = "stopped_at")
    public Instant stoppedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public HostStatus status(Instant now, HostsConfig config) {
        return HostStatus.of(lastHeartbeatAt, stoppedAt, now, config);
    }
}
