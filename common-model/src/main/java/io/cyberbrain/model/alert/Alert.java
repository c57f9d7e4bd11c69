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

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One alert as received (labels, annotations and generator URL redacted), the routing decision and what it led to.
 * A repeat and a resolved notice point at the alert that opened the run or investigation ({@link #openedById}) and
 * carry its run or investigation; the opener records when it was resolved.
 */
@Entity
@Table(name = "alert")
public class Alert extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public AlertSource source;

    public String fingerprint;

    @Column(name = "alert_name")
    public String alertName;

    public AlertStatus status;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> labels = Map.of();

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> annotations = Map.of();

    @Column(name = "starts_at")
    public Instant startsAt;

    @Column(name = "ends_at")
    public Instant endsAt;

    @Column(name = "generator_url")
    public String generatorUrl;

    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "rule_id")
    public Long ruleId;

    public AlertDecision decision;

    @Column(name = "decision_detail")
    public String decisionDetail;

    @Column(name = "run_id")
    public Long runId;

    @Column(name = "investigation_id")
    public Long investigationId;

    @Column(name = "target_host")
    public String targetHost;

    @Column(name = "opened_by_id")
    public Long openedById;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "resolved_by_id")
    public Long resolvedById;
}
