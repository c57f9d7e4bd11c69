package io.cyberbrain.model.triage;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;


import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A log line pattern with its variable parts masked, kept across runs so new templates can be flagged. */
@Entity
@Table(name = "log_template")
public class LogTemplate extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "template_hash")
    public String templateHash;

    @Column(name = "template_text")
    public String templateText;

    public String level;

    @Column(name = "first_seen")
    public Instant firstSeen;

    @Column(name = "last_seen")
    public Instant lastSeen;

    @Column(name = "total_count")
    public long totalCount;

    public String[] sources = new String[0];

    @Column(name = "last_run_id")
    public Long lastRunId;
}
