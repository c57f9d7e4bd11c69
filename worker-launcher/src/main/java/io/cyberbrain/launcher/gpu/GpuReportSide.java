package io.cyberbrain.launcher.gpu;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.launcher.host.HostIdentity;
import io.cyberbrain.launcher.job.JobContext;
import io.cyberbrain.launcher.job.TaskSide;
import io.cyberbrain.model.job.TaskKey;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The GPU report's launcher side: the samples {@link GpuMonitor} kept in {@code gpu_state} of this host over the job's window. */
@ApplicationScoped
public class GpuReportSide implements TaskSide {

    /** A first report (no earlier success) looks this far back. */
    static final Duration DEFAULT_HISTORY = Duration.ofHours(24);
    static final int MAX_SAMPLES = 10_000;

    private final Pool pool;
    private final String hostName;

    public GpuReportSide(Pool pool, HostIdentity host) {
        this.pool = pool;
        this.hostName = host.name();
    }

    @Override
    public TaskKey key() {
        return TaskKey.GPU_REPORT;
    }

    @Override
    public Map<String, Object> inputs(JobContext job, Path jobDir, Window window) {
        Instant since = window.start() != null ? window.start() : window.end().minus(DEFAULT_HISTORY);
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("gpu_history", history(since, window.end(), MAX_SAMPLES));
        return inputs;
    }

    List<Map<String, Object>> history(Instant since, Instant until, int limit) {
        return pool.preparedQuery("""
                        select gpu_index, captured_at, memory_used_mb, memory_total_mb, utilization_gpu_pct, temperature_c, power_draw_w
                        from gpu_state where host_name = $4 and captured_at >= $1 and captured_at < $2
                        order by captured_at desc limit $3""")
                .execute(Tuple.of(utc(since), utc(until), limit, hostName)).map(rows -> {
                    List<Map<String, Object>> samples = new ArrayList<>();
                    for (Row r : rows) {
                        Map<String, Object> s = new HashMap<>();
                        s.put("gpu_index", r.getInteger(0));
                        s.put("captured_at", r.getOffsetDateTime(1).toInstant().toString());
                        s.put("memory_used_mb", r.getInteger(2));
                        s.put("memory_total_mb", r.getInteger(3));
                        s.put("utilization_gpu_pct", r.getInteger(4));
                        s.put("temperature_c", r.getInteger(5));
                        s.put("power_draw_w", r.getValue(6) == null ? null : r.getNumeric(6).doubleValue());
                        samples.add(s);
                    }
                    return samples;
                }).await().indefinitely();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
