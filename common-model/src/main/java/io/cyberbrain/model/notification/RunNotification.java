package io.cyberbrain.model.notification;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * The delivery of one run's (or one investigation's) notification to one target; unique per subject and target, so it
 * is sent once.
 */
@Entity
@Table(name = "run_notification")
public class RunNotification extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id")
    public Long runId;

    @Column(name = "investigation_id")
    public Long investigationId;

    @Column(name = "target_id")
    public Long targetId;

    public DeliveryStatus status;

    public int attempts;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    @Column(name = "error_summary")
    public String errorSummary;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
