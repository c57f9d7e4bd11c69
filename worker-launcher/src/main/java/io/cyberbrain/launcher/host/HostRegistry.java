package io.cyberbrain.launcher.host;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.launcher.execution.WorkerExecutor;
import io.cyberbrain.launcher.gpu.GpuMonitor;
import io.cyberbrain.launcher.inventory.ContainerInventorySource;
import io.cyberbrain.worker.task.gpu.GpuInfo;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * This launcher's row in {@code worker_host}: registered at start (what the host is: executor, engine, GPUs, CPUs,
 * how many jobs it runs at once, the product's version), heart-beaten on a timer with what changes (GPUs, an engine
 * that answered late), and marked stopped on a graceful shutdown so that it is offline at once. A heartbeat that finds
 * no row (an admin deleted the host while it was offline) registers it again. Labels and state belong to the admin once
 * set: registration applies the configured labels only when the configuration changed, and never touches the state.
 * Blocking: worker threads only.
 */
@ApplicationScoped
public class HostRegistry {

    private static final Logger LOG = Logger.getLogger(HostRegistry.class);

    private static final String REGISTER = """
            insert into worker_host (name, labels, configured_labels, executor, engine, engine_version, gpus, cpu_count,
                                     max_concurrent_jobs, version, registered_at, last_heartbeat_at, created_at, updated_at)
            values ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $10, $10)
            on conflict (name) do update set
                labels = case when worker_host.configured_labels = excluded.configured_labels then worker_host.labels
                              else excluded.labels end,
                configured_labels = excluded.configured_labels, executor = excluded.executor, engine = excluded.engine,
                engine_version = excluded.engine_version, gpus = excluded.gpus, cpu_count = excluded.cpu_count,
                max_concurrent_jobs = excluded.max_concurrent_jobs, version = excluded.version,
                registered_at = excluded.registered_at, last_heartbeat_at = excluded.last_heartbeat_at, stopped_at = null,
                updated_at = excluded.updated_at
            returning id, state""";

    private static final String HEARTBEAT = """
            update worker_host set last_heartbeat_at = $2, updated_at = $2, gpus = $3,
                   engine = coalesce($4, engine), engine_version = coalesce($5, engine_version)
            where name = $1 returning id""";

    private final Pool pool;
    private final Clock clock;
    private final HostIdentity identity;
    private final GpuMonitor gpus;
    private final ContainerInventorySource inventory;
    private final WorkerExecutor executor;
    private final LauncherConfig launcher;
    private final String version;
    private final UnplacedJobs unplaced;
    private volatile ContainerInventorySource.Engine engine;
    private volatile boolean registered;

    public HostRegistry(Pool pool, Clock clock, HostIdentity identity, GpuMonitor gpus, ContainerInventorySource inventory,
                        WorkerExecutor executor, LauncherConfig launcher, UnplacedJobs unplaced,
                        @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.pool = pool;
        this.clock = clock;
        this.identity = identity;
        this.gpus = gpus;
        this.inventory = inventory;
        this.executor = executor;
        this.launcher = launcher;
        this.unplaced = unplaced;
        this.version = version;
    }

    /** Registers this host (or refreshes its row); returns its state. Call before claiming: claims need the row. */
    public String register() {
        engine = inventory.engine().orElse(null);
        OffsetDateTime now = now();
        var row = pool.preparedQuery(REGISTER).execute(Tuple.from(new Object[] {identity.name(), new JsonObject(
                        new LinkedHashMap<>(identity.labels())), executor.kind(), engine == null ? null : engine.name(),
                        engine == null ? null : engine.version(), gpuJson(gpus.latest()),
                        Runtime.getRuntime().availableProcessors(), launcher.concurrency(), version, now}))
                .await().indefinitely().iterator().next();
        registered = true;
        String state = row.getString(1);
        LOG.infof("registered as worker host %s (executor %s, engine %s, %d GPU(s), labels %s): %s", identity.name(),
                executor.kind(), engine == null ? "none" : engine.name() + " " + engine.version(), gpus.latest().size(),
                identity.labels(), state);
        return state;
    }

    @Scheduled(every = "${cyberbrain.hosts.heartbeat-interval:15s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledHeartbeat() {
        try {
            heartbeat();
            if (launcher.enabled()) {
                unplaced.failUnplaceable();
            }
        } catch (RuntimeException e) {
            // The next round tries again; a host that misses enough of them shows as stale, which is the truth.
            LOG.warnf("worker host heartbeat failed: %s", e.getMessage());
        }
    }

    /** Stamps the heartbeat and what may have changed since registration; registers again if the row is gone. */
    public void heartbeat() {
        if (!registered) {
            register();
            return;
        }
        if (engine == null) {
            engine = inventory.engine().orElse(null);
        }
        ContainerInventorySource.Engine e = engine;
        int rows = pool.preparedQuery(HEARTBEAT).execute(Tuple.from(new Object[] {identity.name(), now(), gpuJson(gpus.latest()),
                e == null ? null : e.name(), e == null ? null : e.version()})).await().indefinitely().rowCount();
        if (rows == 0) {
            LOG.infof("worker host %s was removed while it ran: registering it again", identity.name());
            register();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (!registered) {
            return;
        }
        try {
            pool.preparedQuery("update worker_host set stopped_at = $2, updated_at = $2 where name = $1")
                    .execute(Tuple.of(identity.name(), now())).await().indefinitely();
        } catch (RuntimeException e) {
            LOG.warnf("could not mark worker host %s stopped (%s); it turns stale, then offline, on its own", identity.name(),
                    e.getMessage());
        }
    }

    /** GPU index -> {uuid, model, memory_total_mb}: what a host's GPUs are, not how busy they are (that is gpu_state). */
    static JsonObject gpuJson(List<GpuInfo> gpus) {
        Map<String, Object> byIndex = new LinkedHashMap<>();
        for (GpuInfo g : gpus) {
            Map<String, Object> gpu = new LinkedHashMap<>();
            gpu.put("uuid", g.uuid());
            gpu.put("model", g.name());
            gpu.put("memory_total_mb", g.memoryTotalMib());
            byIndex.put(Integer.toString(g.index()), gpu);
        }
        return new JsonObject(byIndex);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
