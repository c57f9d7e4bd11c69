package io.cyberbrain.model.notification;

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

/** A place run notifications are sent to (a Discord channel, a mailbox, a webhook) and the events it wants. */
@Entity
@Table(name = "notification_target")
public class NotificationTarget extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public NotificationKind kind;

    public boolean enabled = true;

    // Kind-specific settings, so a new kind needs no migration.
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> config;

    public String[] events = {"run_failed"};

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
