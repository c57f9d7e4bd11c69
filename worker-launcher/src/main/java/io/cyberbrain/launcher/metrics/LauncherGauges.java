package io.cyberbrain.launcher.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cyberbrain.model.host.HostState;
import io.cyberbrain.model.host.HostStatus;
import io.cyberbrain.model.host.HostsConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Gauges the database knows: runs by open status, the job queue, pending notifications, the GPUs of the latest
 * {@code gpu_state} sample of each host, and each worker host (tag {@code host}): online, claiming, heartbeat age,
 * running and maximum jobs, GPUs. A scrape reads the values held here; they are refreshed on a scheduler worker
 * thread every {@code cyberbrain.metrics.refresh-interval}, so a scrape never waits on (or loads) the database.
 */
@Startup // created at start, not at first use: its meters are exposed (at 0) before their first event
@ApplicationScoped
public class LauncherGauges {

    private static final Logger LOG = Logger.getLogger(LauncherGauges.class);
    static final List<String> OPEN_RUN_STATUSES = List.of("awaiting_approval", "pending", "running");
    /** A GPU sample older than this is a GPU that is gone (or a sampler that stopped): no gauge for it. */
    static final Duration GPU_SAMPLE_MAX_AGE = Duration.ofMinutes(10);
    private static final double MIB = 1024.0 * 1024.0;

    private final Pool pool;
    private final Clock clock;
    private final Map<String, AtomicLong> runsByStatus = new ConcurrentHashMap<>();
    private final AtomicLong jobsQueued = new AtomicLong();
    private final AtomicLong jobsRunning = new AtomicLong();
    private final AtomicLong oldestQueuedJobSeconds = new AtomicLong();
    private final AtomicLong notificationsPending = new AtomicLong();
    private final AtomicLong gpuCount = new AtomicLong();
    private final MultiGauge gpuMemoryUsed;
    private final MultiGauge gpuMemoryTotal;
    private final MultiGauge gpuUtilization;
    private final MultiGauge gpuTemperature;
    private final MultiGauge hostOnline;
    private final MultiGauge hostClaiming;
    private final MultiGauge hostHeartbeatAge;
    private final MultiGauge hostJobsRunning;
    private final MultiGauge hostJobsMax;
    private final MultiGauge hostGpus;
    private final HostsConfig hosts;

    public LauncherGauges(Pool pool, Clock clock, MeterRegistry registry, HostsConfig hosts) {
        this.pool = pool;
        this.clock = clock;
        this.hosts = hosts;
        for (String status : OPEN_RUN_STATUSES) {
            AtomicLong value = runsByStatus.computeIfAbsent(status, s -> new AtomicLong());
            Gauge.builder("cyberbrain.runs.open", value, AtomicLong::get).description("Runs not ended yet, by status")
                    .tag("status", status).register(registry);
        }
        Gauge.builder("cyberbrain.jobs.queued", jobsQueued, AtomicLong::get).description("Run jobs pending a claim (queue depth)")
                .register(registry);
        Gauge.builder("cyberbrain.jobs.running", jobsRunning, AtomicLong::get).description("Run jobs running under a lease")
                .register(registry);
        Gauge.builder("cyberbrain.jobs.oldest.queued.age", oldestQueuedJobSeconds, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest pending run job; 0 when none waits").register(registry);
        Gauge.builder("cyberbrain.notifications.pending", notificationsPending, AtomicLong::get)
                .description("Run notifications not yet sent or failed").register(registry);
        Gauge.builder("cyberbrain.gpu.count", gpuCount, AtomicLong::get)
                .description("GPUs in the latest gpu_state sample (0 without an NVIDIA GPU)").register(registry);
        gpuMemoryUsed = MultiGauge.builder("cyberbrain.gpu.memory.used").baseUnit("bytes")
                .description("VRAM used, latest gpu_state sample").register(registry);
        gpuMemoryTotal = MultiGauge.builder("cyberbrain.gpu.memory.total").baseUnit("bytes")
                .description("VRAM total, latest gpu_state sample").register(registry);
        gpuUtilization = MultiGauge.builder("cyberbrain.gpu.utilization").baseUnit("ratio")
                .description("GPU utilisation 0..1, latest gpu_state sample").register(registry);
        gpuTemperature = MultiGauge.builder("cyberbrain.gpu.temperature").baseUnit("celsius")
                .description("GPU temperature, latest gpu_state sample").register(registry);
        hostOnline = MultiGauge.builder("cyberbrain.host.online")
                .description("1 while a worker host heart-beats within cyberbrain.hosts.stale-after, else 0").register(registry);
        hostClaiming = MultiGauge.builder("cyberbrain.host.claiming")
                .description("1 while a worker host's state lets it claim new jobs (enabled), 0 draining or disabled")
                .register(registry);
        hostHeartbeatAge = MultiGauge.builder("cyberbrain.host.heartbeat.age").baseUnit("seconds")
                .description("Time since a worker host's last heartbeat").register(registry);
        hostJobsRunning = MultiGauge.builder("cyberbrain.host.jobs.running")
                .description("Run jobs running on a worker host").register(registry);
        hostJobsMax = MultiGauge.builder("cyberbrain.host.jobs.max")
                .description("Run jobs a worker host runs at once").register(registry);
        hostGpus = MultiGauge.builder("cyberbrain.host.gpus")
                .description("GPUs a worker host registered").register(registry);
    }

    @Scheduled(every = "${cyberbrain.metrics.refresh-interval:15s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // Keep the last values; the next round tries again.
            LOG.debugf("metrics refresh failed: %s", e.getMessage());
        }
    }

    /** Reads every gauge's value from the database. Blocking: worker threads only. */
    void refresh() {
        Instant now = clock.instant();
        OffsetDateTime nowUtc = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        pool.query("select status, count(*) from run where status in ('awaiting_approval', 'pending', 'running') group by status")
                .execute().invoke(rows -> {
                    runsByStatus.values().forEach(v -> v.set(0));
                    rows.forEach(r -> runsByStatus.get(r.getString(0)).set(r.getLong(1)));
                }).await().indefinitely();
        pool.preparedQuery("""
                        select count(*) filter (where status = 'pending'), count(*) filter (where status = 'running'),
                               coalesce(extract(epoch from ($1 - min(created_at) filter (where status = 'pending'))), 0)
                        from run_job where status in ('pending', 'running')""")
                .execute(Tuple.of(nowUtc)).invoke(rows -> {
                    Row r = rows.iterator().next();
                    jobsQueued.set(r.getLong(0));
                    jobsRunning.set(r.getLong(1));
                    oldestQueuedJobSeconds.set(Math.max(0, r.getNumeric(2).longValue()));
                }).await().indefinitely();
        pool.query("select count(*) from run_notification where status = 'pending'").execute()
                .invoke(rows -> notificationsPending.set(rows.iterator().next().getLong(0))).await().indefinitely();
        refreshGpus(nowUtc);
        refreshHosts(now);
    }

    /** One row per registered host, tagged by its name: a handful of hosts, so a handful of series each. */
    private void refreshHosts(Instant now) {
        List<MultiGauge.Row<?>> online = new ArrayList<>();
        List<MultiGauge.Row<?>> claiming = new ArrayList<>();
        List<MultiGauge.Row<?>> age = new ArrayList<>();
        List<MultiGauge.Row<?>> running = new ArrayList<>();
        List<MultiGauge.Row<?>> max = new ArrayList<>();
        List<MultiGauge.Row<?>> gpus = new ArrayList<>();
        var rows = pool.query("""
                        select h.name, h.state, h.last_heartbeat_at, h.stopped_at, h.max_concurrent_jobs,
                               (select count(*) from jsonb_object_keys(h.gpus)),
                               (select count(*) from run_job j where j.status = 'running' and j.host_name = h.name)
                        from worker_host h""")
                .execute().await().indefinitely();
        for (Row r : rows) {
            Tags host = Tags.of("host", r.getString(0));
            Instant beat = r.getOffsetDateTime(2).toInstant();
            Instant stopped = r.getOffsetDateTime(3) == null ? null : r.getOffsetDateTime(3).toInstant();
            online.add(MultiGauge.Row.of(host, HostStatus.of(beat, stopped, now, hosts) == HostStatus.ONLINE ? 1 : 0));
            claiming.add(MultiGauge.Row.of(host, HostState.ENABLED.wire().equals(r.getString(1)) ? 1 : 0));
            age.add(MultiGauge.Row.of(host, Math.max(0, Duration.between(beat, now).toMillis() / 1000.0)));
            max.add(MultiGauge.Row.of(host, r.getInteger(4)));
            gpus.add(MultiGauge.Row.of(host, r.getLong(5)));
            running.add(MultiGauge.Row.of(host, r.getLong(6)));
        }
        hostOnline.register(online, true);
        hostClaiming.register(claiming, true);
        hostHeartbeatAge.register(age, true);
        hostJobsRunning.register(running, true);
        hostJobsMax.register(max, true);
        hostGpus.register(gpus, true);
    }

    private void refreshGpus(OffsetDateTime now) {
        List<MultiGauge.Row<?>> used = new ArrayList<>();
        List<MultiGauge.Row<?>> total = new ArrayList<>();
        List<MultiGauge.Row<?>> utilization = new ArrayList<>();
        List<MultiGauge.Row<?>> temperature = new ArrayList<>();
        var rows = pool.preparedQuery("""
                        select distinct on (host_name, gpu_index) gpu_index, memory_used_mb, memory_total_mb, utilization_gpu_pct,
                               temperature_c, coalesce(host_name, 'unknown')
                        from gpu_state where captured_at >= $1 order by host_name, gpu_index, captured_at desc""")
                .execute(Tuple.of(now.minus(GPU_SAMPLE_MAX_AGE))).await().indefinitely();
        for (Row r : rows) {
            Tags gpu = Tags.of("gpu", Integer.toString(r.getInteger(0)), "host", r.getString(5));
            addIfPresent(used, gpu, r.getInteger(1), MIB);
            addIfPresent(total, gpu, r.getInteger(2), MIB);
            addIfPresent(utilization, gpu, r.getInteger(3), 0.01);
            addIfPresent(temperature, gpu, r.getInteger(4), 1.0);
        }
        gpuCount.set(rows.size());
        gpuMemoryUsed.register(used, true);
        gpuMemoryTotal.register(total, true);
        gpuUtilization.register(utilization, true);
        gpuTemperature.register(temperature, true);
    }

    private static void addIfPresent(List<MultiGauge.Row<?>> rows, Tags tags, Integer value, double scale) {
        if (value != null) {
            rows.add(MultiGauge.Row.of(tags, value * scale));
        }
    }
}
