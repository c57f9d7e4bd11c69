package io.cyberbrain.worker.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.cyberbrain.worker.JobSpec;
import io.cyberbrain.worker.ProcessWorkerContext;
import io.cyberbrain.worker.TaskOutcome;
import io.cyberbrain.worker.WorkerJson;
import io.cyberbrain.worker.task.triage.LogTriageTask;

/**
 * The child JVM of {@link TriageBench}: runs {@link LogTriageTask} once on a log folder as a worker would
 * (first_run=false, no cursors: everything is read), writes result.json, and prints one BENCHDATA line with the
 * time of the task (wall and the process's CPU time), what it read, and the heap peak (the sum of the peak usage of every heap pool, an upper
 * bound of the real peak).
 *
 * <p>Usage: {@code TriageBenchMain <logs folder> <job folder> <pipelined: true|false>}
 */
public final class TriageBenchMain {

    private TriageBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path logs = Path.of(args[0]);
        Path jobDir = Files.createDirectories(Path.of(args[1]));
        boolean pipelined = args.length < 3 || Boolean.parseBoolean(args[2]);
        Map<String, Object> config = new HashMap<>();
        config.put("logs.max_bytes_per_run", 64L << 30);
        config.put("logs.max_bytes_per_file", 64L << 30);
        config.put("logs.max_decompressed_bytes", 64L << 30);
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("first_run", false);
        JobSpec job = new JobSpec(JobSpec.CURRENT_VERSION, 1, 1, LogTriageTask.TASK_KEY, Map.of(), config, null,
                Instant.parse("2024-05-03T00:00:00Z"), inputs);
        LogTriageTask task = pipelined ? new LogTriageTask() : LogTriageTask.sequential();

        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        TaskOutcome outcome = task.run(job, new ProcessWorkerContext(jobDir, jobDir.resolve("uploads"), logs,
                Clock.systemUTC()));
        WorkerJson.MAPPER.writeValue(jobDir.resolve("result.json").toFile(), outcome);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
        if (!TaskOutcome.SUCCESS.equals(outcome.status())) {
            throw new IllegalStateException("triage failed: " + outcome.errorSummary());
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> files = (Map<String, Object>) outcome.result().get("files");
        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) outcome.result().get("totals");
        System.out.printf(java.util.Locale.ROOT,
                "BENCHDATA seconds=%.3f cpu_seconds=%.3f bytes=%d lines=%s entries=%s templates=%s files=%s peak_heap_mb=%.1f max_heap_mb=%d%n",
                seconds, cpuSeconds, ((Number) files.get("bytes")).longValue(), files.get("lines"), totals.get("entries"),
                totals.get("templates"), files.get("count"), peak / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576);
    }
}
