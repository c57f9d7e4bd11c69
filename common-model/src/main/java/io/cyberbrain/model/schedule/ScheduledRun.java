package io.cyberbrain.model.schedule;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One fire of a schedule, whether or not it launched a run. */
@Entity
@Table(name = "scheduled_run")
public class ScheduledRun extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "schedule_id")
    public Long scheduleId;

    // null when the fire launched nothing, or its run has since been deleted.
    @Column(name = "run_id")
    public Long runId;

    public ScheduledRunStatus status;

    // The due time being served, not the clock time; unique with scheduleId, so concurrent instances fire it once.
    @Column(name = "fired_for")
    public Instant firedFor;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "error_summary")
    public String errorSummary;
}
