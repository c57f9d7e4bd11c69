package io.cyberbrain.model.alert;

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

/**
 * Routes matching alerts to a run or an investigation. Fields that take values from the alert's labels
 * ({@link #containers}, {@link #logFiles}, {@link #targetHost}, {@link #goal}) hold templates such as
 * {@code {{ $labels.container }}}.
 */
@Entity
@Table(name = "alert_rule")
public class AlertRule extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public String description;

    public boolean enabled = true;

    /** Lower first; the first matching enabled rule wins (ties: the older rule). */
    public int priority = 100;

    /** The alert's name must equal this (null: any name). */
    @Column(name = "alert_name")
    public String alertName;

    /** Label -> value the alert's label must equal. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "match_labels")
    public Map<String, String> matchLabels = Map.of();

    /** Label -> regular expression the alert's whole label value must match. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "match_regex")
    public Map<String, String> matchRegex = Map.of();

    public AlertAction action;

    public String[] tasks = {};

    @Column(name = "directive_id")
    public Long directiveId;

    @Column(name = "use_rag")
    public boolean useRag;

    @Column(name = "task3_scope")
    public Task3Scope task3Scope;

    public String[] containers = {};

    @Column(name = "log_files")
    public String[] logFiles = {};

    @Column(name = "target_host")
    public String targetHost;

    public String goal;

    @Column(name = "max_steps")
    public Integer maxSteps;

    @Column(name = "max_wall_seconds")
    public Integer maxWallSeconds;

    @Column(name = "max_tokens")
    public Long maxTokens;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
