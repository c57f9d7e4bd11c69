package io.cyberbrain.model.worker;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One lifecycle event of a worker: spawn, start, stop, remove, kill or error. */
@Entity
@Table(name = "worker_audit")
public class WorkerAudit extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id")
    public Long runId;

    @Column(name = "run_job_id")
    public Long runJobId;

    public String event;

    public String executor;

    @Column(name = "worker_ref")
    public String workerRef;

    public String image;

    public String detail;

    @Column(name = "created_at")
    public Instant createdAt;
}
