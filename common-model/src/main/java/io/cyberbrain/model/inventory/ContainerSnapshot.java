package io.cyberbrain.model.inventory;

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

/** One container as the launcher saw it at {@code snapshotAt}. */
@Entity
@Table(name = "container_inventory")
public class ContainerSnapshot extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "snapshot_at")
    public Instant snapshotAt;

    @Column(name = "container_id")
    public String containerId;

    public String name;

    public String image;

    public String state;

    @Column(name = "status_text")
    public String statusText;

    @Column(name = "compose_project")
    public String composeProject;

    @Column(name = "compose_service")
    public String composeService;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> labels;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> networks;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> ports;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> inspect;

    @Column(name = "run_job_id")
    public Long runJobId;

    /** The host whose engine runs the container. */
    @Column(name = "host_name")
    public String hostName;
}
