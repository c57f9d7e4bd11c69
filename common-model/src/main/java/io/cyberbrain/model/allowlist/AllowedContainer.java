package io.cyberbrain.model.allowlist;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A container that may be inspected and have its logs read; the container id is the key. */
@Entity
@Table(name = "container_allowlist")
public class AllowedContainer extends PanacheEntityBase {

    @Id
    @Column(name = "container_id")
    public String containerId;

    public String name;

    public boolean enabled;

    public String[] tags;

    public String description;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
