package io.cyberbrain.model.allowlist;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An image (name and tag) that the launcher may spawn as a worker. */
@Entity
@Table(name = "worker_image_allowlist")
public class WorkerImage extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "image_name")
    public String imageName;

    @Column(name = "image_tag")
    public String imageTag;

    @Column(name = "needs_gpu")
    public boolean needsGpu;

    @Column(name = "min_vram_mb")
    public int minVramMb;

    public boolean enabled;

    public String description;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public String reference() {
        return imageName + ":" + imageTag;
    }
}
