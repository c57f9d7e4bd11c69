package io.cyberbrain.model.policy;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;


import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The least-privilege NetworkPolicy a service-map run recommends for one service. */
@Entity
@Table(name = "network_policy_recommendation")
public class NetworkPolicyRecommendation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id")
    public Long runId;

    @Column(name = "run_job_id")
    public Long runJobId;

    /** The host whose containers it is for (a fanned-out service map recommends per host). */
    @Column(name = "host_name")
    public String hostName;

    @Column(name = "service_name")
    public String serviceName;

    public String namespace = "default";

    @Column(name = "container_id")
    public String containerId;

    // The services observed to depend on this one: the only peers the policy admits.
    @Column(name = "allowed_from")
    public String[] allowedFrom = new String[0];

    @Column(name = "policy_yaml")
    public String policyYaml;

    @Column(name = "created_at")
    public Instant createdAt;
}
