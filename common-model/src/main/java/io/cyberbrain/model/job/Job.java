package io.cyberbrain.model.job;

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

/** A task template: what a run of one task starts from. */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "task_key")
    public TaskKey taskKey;

    public String alias;

    public String name;

    public String description;

    @Column(name = "default_directive_id")
    public Long defaultDirectiveId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "default_config")
    public Map<String, Object> defaultConfig;

    public boolean enabled;

    @Column(name = "timeout_seconds")
    public int timeoutSeconds;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
