package io.cyberbrain.launcher.gpu;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.cyberbrain.launcher.host.HostIdentity;
import io.cyberbrain.worker.ProcessWorkerContext;
import io.cyberbrain.worker.WorkerContext;
import io.cyberbrain.worker.task.gpu.GpuInfo;
import io.cyberbrain.worker.task.gpu.GpuProcess;
import io.cyberbrain.worker.task.gpu.NvidiaSmiXmlParser;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Samples {@code nvidia-smi -q -x} on an interval into {@code gpu_state} (the GPU report's history) and keeps
 * the latest sample for GPU selection. No binary or no GPU is a normal state: nothing is recorded.
 */
@ApplicationScoped
public class GpuMonitor {

    private static final Logger LOG = Logger.getLogger(GpuMonitor.class);

    private final Pool pool;
    private final Clock clock;
    private final String nvidiaSmi;
    private final String hostName;
    private final AtomicReference<List<GpuInfo>> latest = new AtomicReference<>(List.of());
    private volatile boolean reportedMissing;

    public GpuMonitor(Pool pool, Clock clock, @ConfigProperty(name = "cyberbrain.launcher.nvidia-smi", defaultValue = "nvidia-smi") String nvidiaSmi,
                      HostIdentity host) {
        this.pool = pool;
        this.clock = clock;
        this.nvidiaSmi = nvidiaSmi;
        this.hostName = host.name();
    }

    /** The GPUs of the last sample; empty when there are none or no sample yet. */
    public List<GpuInfo> latest() {
        return latest.get();
    }

    @Scheduled(every = "${cyberbrain.launcher.gpu-refresh-interval:60s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        WorkerContext shell = new ProcessWorkerContext(null, null, clock);
        var result = shell.run(List.of(nvidiaSmi, "-q", "-x"), Duration.ofSeconds(20));
        if (result.isEmpty() || !result.get().ok()) {
            if (!reportedMissing) {
                LOG.infof("no NVIDIA GPU data (%s); GPU selection falls back to the CPU",
                        result.isEmpty() ? nvidiaSmi + " is not installed" : "exit code " + result.get().exitCode());
                reportedMissing = true;
            }
            latest.set(List.of());
            return;
        }
        try {
            List<GpuInfo> gpus = new NvidiaSmiXmlParser().parse(result.get().stdout()).gpus();
            latest.set(gpus);
            record(gpus);
        } catch (RuntimeException e) {
            LOG.warnf("nvidia-smi output could not be read: %s", e.getMessage());
        }
    }

    void record(List<GpuInfo> gpus) {
        if (gpus.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Tuple> rows = gpus.stream().map(g -> Tuple.from(new Object[] {now, g.index(), g.uuid(), g.name(), g.memoryTotalMib(),
                g.memoryUsedMib(), g.utilizationGpuPct(), g.utilizationMemoryPct(), g.temperatureC(),
                g.powerDrawW() == null ? null : java.math.BigDecimal.valueOf(g.powerDrawW()),
                g.powerLimitW() == null ? null : java.math.BigDecimal.valueOf(g.powerLimitW()),
                g.activeClockEventReasons() == null ? new String[0] : g.activeClockEventReasons().toArray(String[]::new),
                processes(g), hostName})).toList();
        pool.preparedQuery("""
                insert into gpu_state (captured_at, gpu_index, gpu_uuid, name, memory_total_mb, memory_used_mb, utilization_gpu_pct,
                                       utilization_mem_pct, temperature_c, power_draw_w, power_limit_w, throttle_reasons, processes,
                                       host_name)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)""").executeBatch(rows).await().indefinitely();
    }

    private static JsonObject processes(GpuInfo gpu) {
        Map<String, Object> byPid = new HashMap<>();
        if (gpu.processes() != null) {
            for (GpuProcess p : gpu.processes()) {
                Map<String, Object> entry = new HashMap<>();
                entry.put("name", io.cyberbrain.redaction.Redactor.standard().redact(p.name()));
                entry.put("used_mb", p.usedMemoryMib());
                byPid.put(String.valueOf(p.pid()), entry);
            }
        }
        return new JsonObject(byPid);
    }
}
