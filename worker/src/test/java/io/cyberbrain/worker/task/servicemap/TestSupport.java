package io.cyberbrain.worker.task.servicemap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.worker.JobSpec;
import io.cyberbrain.worker.WorkerContext;

/** Shared helpers: a job folder context, job specs, and fixture loading. */
final class TestSupport {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private TestSupport() {
    }

    /** A worker context over a temporary job folder; no external commands exist. */
    record FolderContext(Path jobDir) implements WorkerContext {
        @Override
        public Path uploadsDir() {
            return jobDir.resolve("uploads-absent");
        }

        @Override
        public Path logsDir() {
            return null; // the service map reads no logs
        }

        @Override
        public Clock clock() {
            return Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        }

        @Override
        public Optional<CommandResult> run(List<String> command, Duration timeout) {
            return Optional.empty();
        }
    }

    static JobSpec job(Map<String, Object> inputs, Map<String, Object> config) {
        return new JobSpec(JobSpec.CURRENT_VERSION, 1L, 2L, ServiceMapTask.TASK_KEY, Map.of(), config, null,
                Instant.parse("2025-01-01T00:00:00Z"), inputs);
    }

    /** JSON text as job.json would hand it over after parsing: maps, lists, strings, numbers. */
    static Object parsed(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<Object>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode resource(String path) {
        try (InputStream in = TestSupport.class.getResourceAsStream("/docker_inspect/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + path);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Object resourceAsInput(String path) {
        return MAPPER.convertValue(resource(path), Object.class);
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readAll(Path dir) {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                sb.append(Files.readString(f)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }
}
