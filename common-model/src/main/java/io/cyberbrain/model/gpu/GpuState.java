package io.cyberbrain.model.gpu;

import java.math.BigDecimal;
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

/** One GPU's state as nvidia-smi reported it at {@code capturedAt}. */
@Entity
@Table(name = "gpu_state")
public class GpuState extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "captured_at")
    public Instant capturedAt;

    @Column(name = "gpu_index")
    public int gpuIndex;

    @Column(name = "gpu_uuid")
    public String gpuUuid;

    public String name;

    @Column(name = "memory_total_mb")
    public Integer memoryTotalMb;

    @Column(name = "memory_used_mb")
    public Integer memoryUsedMb;

    @Column(name = "utilization_gpu_pct")
    public Integer utilizationGpuPct;

    @Column(name = "utilization_mem_pct")
    public Integer utilizationMemPct;

    @Column(name = "temperature_c")
    public Integer temperatureC;

    @Column(name = "power_draw_w", precision = 8, scale = 2)
    public BigDecimal powerDrawW;

    @Column(name = "power_limit_w", precision = 8, scale = 2)
    public BigDecimal powerLimitW;

    @Column(name = "throttle_reasons")
    public String[] throttleReasons;

    @Column(name = "ecc_errors")
    public Long eccErrors;

    /** pid to process name, used memory and container. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> processes;

    @Column(name = "run_job_id")
    public Long runJobId;

    /** The host whose GPU this is. */
    @Column(name = "host_name")
    public String hostName;
}
