package io.cyberbrain.worker.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The log triage end to end on a generated ~1 GB log folder (bench/triage.sh; tag "bench", excluded from the
 * test suite). The folder is generated once into {@code target/triage-bench/logs} (deterministic) and reused.
 * The task runs in a child JVM with a fixed heap ({@code -Xmx512m} by default), first_run=false and no cursors,
 * so it reads everything (the .gz included); the rate is bytes read (decompressed) over the task's time.
 *
 * <p>System properties: {@code triage.bench.mb} (size, default 1024), {@code triage.bench.xmx} (default 512m),
 * {@code triage.bench.pipelined} (default true), {@code triage.bench.dir} (default target/triage-bench).
 */
@Tag("bench")
class TriageBench {

    static final double TARGET_MB_S = 50.0;
    private static final Pattern DATA = Pattern.compile("BENCHDATA seconds=([0-9.]+) cpu_seconds=([0-9.]+) bytes=(\\d+) lines=(\\d+) entries=(\\d+) "
            + "templates=(\\d+) files=(\\d+) peak_heap_mb=([0-9.]+) max_heap_mb=(\\d+)");

    @Test
    void triageOfAGigabyteOfLogs() throws Exception {
        long mb = Long.getLong("triage.bench.mb", 1024);
        String xmx = System.getProperty("triage.bench.xmx", "512m");
        boolean pipelined = Boolean.parseBoolean(System.getProperty("triage.bench.pipelined", "true"));
        Path base = Path.of(System.getProperty("triage.bench.dir", "target/triage-bench")).toAbsolutePath();
        Path logs = base.resolve("logs-" + mb + "mb");
        Path done = logs.resolve(".complete");
        if (!Files.exists(done)) {
            long t0 = System.nanoTime();
            Files.createDirectories(logs);
            long written = new TriageBenchData().generate(logs, mb << 20);
            Files.writeString(done, Long.toString(written));
            System.out.printf(Locale.ROOT, "BENCH triage-data generated_mb=%.0f seconds=%.1f%n", written / 1048576.0,
                    (System.nanoTime() - t0) / 1e9);
        }
        Path jobDir = base.resolve("job");

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx, "-cp", System.getProperty("java.class.path"), TriageBenchMain.class.getName(),
                logs.toString(), jobDir.toString(), Boolean.toString(pipelined)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String data = null;
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.append(line).append('\n');
                if (line.startsWith("BENCHDATA")) {
                    data = line;
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || data == null) {
            throw new IllegalStateException("the triage child JVM failed (exit " + exit + "):\n" + out);
        }
        Matcher m = DATA.matcher(data);
        if (!m.find()) {
            throw new IllegalStateException("unreadable: " + data);
        }
        double seconds = Double.parseDouble(m.group(1));
        long bytes = Long.parseLong(m.group(3));
        double cpuSeconds = Double.parseDouble(m.group(2));
        double rate = bytes / 1048576.0 / seconds;
        double perCpu = bytes / 1048576.0 / cpuSeconds;
        System.out.printf(Locale.ROOT, "BENCH log-triage mb=%.0f files=%s lines=%s entries=%s templates=%s seconds=%.2f "
                        + "mb_per_s=%.1f cpu_seconds=%.1f mb_per_cpu_s=%.1f target=%.0f %s heap=-Xmx%s peak_heap_mb=%s pipelined=%s cpus=%d%n",
                bytes / 1048576.0, m.group(7), m.group(4), m.group(5), m.group(6), seconds, rate, cpuSeconds, perCpu, TARGET_MB_S,
                rate >= TARGET_MB_S ? "PASS" : "BELOW", xmx, m.group(8), pipelined,
                Runtime.getRuntime().availableProcessors());
    }
}
