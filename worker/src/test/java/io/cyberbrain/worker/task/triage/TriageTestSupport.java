package io.cyberbrain.worker.task.triage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.worker.JobSpec;
import io.cyberbrain.worker.TaskOutcome;
import io.cyberbrain.worker.WorkerContext;

/** A fake worker context over a job folder and a logs root, jobs, and a log folder in several formats. */
public final class TriageTestSupport {

    public static final Instant END = Instant.parse("2024-05-01T12:00:00Z");
    public static final ObjectMapper JSON = new ObjectMapper();

    private TriageTestSupport() {
    }

    /** The worker context: job folder, logs root (may be null), a fixed clock, no commands. */
    public record Ctx(Path jobDir, Path logsDir) implements WorkerContext {
        @Override
        public Path uploadsDir() {
            return jobDir.resolve("uploads-absent");
        }

        @Override
        public Clock clock() {
            return Clock.fixed(END, ZoneOffset.UTC);
        }

        @Override
        public Optional<CommandResult> run(List<String> command, Duration timeout) {
            return Optional.empty();
        }
    }

    public static JobSpec job(Map<String, Object> inputs, Map<String, Object> config, Instant start) {
        return new JobSpec(JobSpec.CURRENT_VERSION, 1L, 2L, LogTriageTask.TASK_KEY, Map.of(), config, start, END,
                inputs);
    }

    public static Map<String, Object> inputs(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A fresh job folder under {@code base}. */
    public static Path jobDir(Path base, String name) throws IOException {
        return Files.createDirectories(base.resolve("jobs").resolve(name));
    }

    public static Map<String, Object> readJson(Path file) throws IOException {
        return JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { });
    }

    /** Everything the outcome carries and the artifacts hold, as one string (to look for leaks). */
    public static String everything(TaskOutcome o, Path jobDir) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(JSON.writeValueAsString(o));
        for (TaskOutcome.ArtifactRecord a : o.artifacts()) {
            b.append(Files.readString(jobDir.resolve(a.path()), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    public static void append(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * Four formats: syslog (20 entries, no level), log4j with three stack traces (10 INFO, 3 ERROR with 5
     * continuation lines each, 4 WARN), JSON lines (6 WARN, 2 ERROR), nginx access (8 x 200, 2 x 500).
     * 55 entries: 7 ERROR, 10 WARN, 18 INFO, 20 UNKNOWN; 15 continuation lines.
     */
    public static void fourFormats(Path logs) throws IOException {
        List<String> syslog = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            syslog.add(String.format("May  1 10:00:%02d web01 sshd[%d]: Accepted password for user%d from 10.0.0.%d port %d ssh2",
                    i, 1000 + i, i, i + 1, 40000 + i));
        }
        for (int i = 0; i < 3; i++) {
            syslog.add(String.format("May  1 10:01:%02d web01 kernel: Out of memory: Killed process %d (java)", i, 3000 + i));
        }
        for (int i = 0; i < 5; i++) {
            syslog.add(String.format("May  1 10:02:%02d web01 CRON[%d]: (root) CMD (run-parts /etc/cron.hourly)", i, 5000 + i));
        }
        append(logs.resolve("syslog"), syslog);

        List<String> app = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            app.add(String.format("2024-05-01 10:00:%02d,123 INFO  [main] com.example.OrderService - Order %d accepted", i, 100 + i));
        }
        for (int i = 0; i < 3; i++) {
            app.add(String.format("2024-05-01 10:05:%02d,456 ERROR [worker-%d] com.example.PaymentClient - Payment failed for "
                    + "customer jane.doe@example.com from 203.0.113.7: timeout", i, i));
            app.add("java.net.SocketTimeoutException: Read timed out");
            app.add("\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:168)");
            app.add("\tat com.example.PaymentClient.call(PaymentClient.java:42)");
            app.add("Caused by: java.io.IOException: connection reset");
            app.add("\t... 12 more");
        }
        for (int i = 0; i < 4; i++) {
            app.add(String.format("2024-05-01 10:06:%02d,000 WARN  [main] com.example.Cache - Cache size %d above limit", i, 900 + i));
        }
        append(logs.resolve("app/app.log"), app);

        List<String> json = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            json.add(String.format("{\"time\":\"2024-05-01T10:10:%02dZ\",\"level\":\"warn\",\"logger\":\"cache\",\"msg\":\"cache miss for key user:%d\"}", i, i));
        }
        for (int i = 0; i < 2; i++) {
            json.add(String.format("{\"time\":\"2024-05-01T10:11:%02dZ\",\"level\":\"error\",\"logger\":\"db\",\"msg\":\"query timeout after %d ms\"}", i, 5000 + i));
        }
        append(logs.resolve("svc/events.log"), json);

        List<String> access = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            access.add(String.format("10.1.2.%d - - [01/May/2024:10:20:%02d +0000] \"GET /api/items/%d HTTP/1.1\" 200 %d \"-\" \"curl/8.0\"",
                    i + 1, i, i, 500 + i));
        }
        for (int i = 0; i < 2; i++) {
            access.add(String.format("10.1.2.%d - - [01/May/2024:10:21:%02d +0000] \"POST /api/orders HTTP/1.1\" 500 12 \"-\" \"curl/8.0\"",
                    i + 1, i));
        }
        append(logs.resolve("nginx/access.log"), access);
    }
}
