package io.cyberbrain.launcher.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.worker.WorkerMain;

/** The process executor against real child JVMs. */
class ProcessExecutorTest {

    @TempDir
    Path jobDir;

    final List<String> events = new CopyOnWriteArrayList<>();
    final WorkerEvents recorder = (launch, event, ref, detail) -> events.add(event);

    static LauncherConfig.Process config(String classpath) {
        return new LauncherConfig.Process() {
            @Override
            public Optional<String> java() {
                return Optional.empty();
            }

            @Override
            public String classpath() {
                return classpath;
            }

            @Override
            public List<String> jvmOptions() {
                return List.of("-Xmx64m", "-XX:TieredStopAtLevel=1");
            }
        };
    }

    static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    WorkerLaunch launch(long jobId, Duration timeout) {
        return new WorkerLaunch(1, jobId, "gpu_report", jobDir, jobDir.resolve("uploads"), timeout, null, null);
    }

    @Test
    void aWorkerPastItsLimitIsKilledAndReportedTimedOut() throws Exception {
        ProcessExecutor executor = new ProcessExecutor(config(testClasspath()), StuckWorkerMain.class.getName());
        WorkerExit exit = executor.run(launch(1, Duration.ofSeconds(2)), recorder);
        assertTrue(exit.timedOut());
        assertFalse(exit.cancelled());
        assertEquals(List.of("spawn", "start", "kill", "stop", "remove"), events);
        assertTrue(exit.logTail().contains("stuck worker started"), "the output of a killed worker is kept: " + exit.logTail());
        long pid = Long.parseLong(exit.workerRef().substring("pid:".length()));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the worker process is gone");
    }

    @Test
    void killFromAnotherThreadCancelsTheWorker() throws Exception {
        ProcessExecutor executor = new ProcessExecutor(config(testClasspath()), StuckWorkerMain.class.getName());
        CompletableFuture<WorkerExit> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return executor.run(launch(2, Duration.ofMinutes(5)), recorder);
            } catch (WorkerException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("start"));
        executor.kill(2);
        WorkerExit ended = exit.get(30, TimeUnit.SECONDS);
        assertTrue(ended.cancelled());
        assertFalse(ended.timedOut());
    }

    @Test
    void theRealWorkerWritesItsResultForAJobItCannotRun() throws Exception {
        Files.writeString(jobDir.resolve(WorkerMain.JOB_FILE), """
                {"version": 1, "run_id": 1, "job_id": 3, "task_key": "no_such_task", "config": {}, "inputs": {}}""");
        WorkerExit exit = new ProcessExecutor(config(testClasspath())).run(launch(3, Duration.ofMinutes(1)), recorder);
        assertEquals(0, exit.exitCode());
        assertTrue(Files.readString(jobDir.resolve(WorkerMain.RESULT_FILE)).contains("no task 'no_such_task'"));
        assertEquals(List.of("spawn", "start", "stop", "remove"), events);
    }

    @Test
    void aFloodingWorkersOutputIsKeptAsItsTailWithinTheLimitAndNothingRawIsWrittenToDisk() throws Exception {
        WorkerLaunch launch = new WorkerLaunch(1, 5, "gpu_report", jobDir, jobDir.resolve("uploads"), Duration.ofMinutes(1), null,
                null, null, 64 * 1024);
        WorkerExit exit = new ProcessExecutor(config(testClasspath()), NoisyWorkerMain.class.getName()).run(launch, recorder);

        assertEquals(3, exit.exitCode());
        WorkerOutput output = exit.output();
        assertTrue(output.totalBytes() > 3_000_000, "every byte is counted: " + output.totalBytes());
        assertTrue(output.cut());
        assertEquals(64 * 1024, output.tail().length);
        String tail = new String(output.tail(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(tail.endsWith(NoisyWorkerMain.LAST_LINE + "\n"), "stderr is part of it, and its end is kept");
        assertTrue(tail.contains("attempt " + NoisyWorkerMain.LINES + "\n"));
        assertFalse(tail.contains("attempt 1\n"), "the start is cut");
        try (var files = Files.list(jobDir)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("uploads")).toList(),
                    "the raw output stays in memory: nothing unredacted in the job folder");
        }
    }

    @Test
    void theWorkerGetsTheSelectedVariablesAndOtherwiseOnlyWhatTheExecutorSets() throws Exception {
        WorkerEnvironment.Selection selected = new WorkerEnvironment(Set.of("TEST_LLM_KEY"),
                Map.of("TEST_LLM_KEY", "probe-key-1", "HOME", "/home/launcher")::get)
                .select(Map.of("llm", Map.of("api_key_env", "TEST_LLM_KEY")));
        WorkerLaunch launch = new WorkerLaunch(1, 6, "gpu_report", jobDir, jobDir.resolve("uploads"), Duration.ofMinutes(1), null,
                null, null, 64 * 1024, selected.variables());

        WorkerExit exit = new ProcessExecutor(config(testClasspath()), EnvProbeWorkerMain.class.getName()).run(launch, recorder);

        assertEquals(0, exit.exitCode(), exit.logTail());
        Map<String, String> seen = probed();
        assertEquals("probe-key-1", seen.get("TEST_LLM_KEY"));
        assertEquals(Set.of("TEST_LLM_KEY", "CYBER_BRAIN_UPLOADS", "PATH", "LANG", WorkerMain.PARENT_PID_ENV), seen.keySet(),
                "nothing else of the launcher's environment");
        assertFalse(launch.toString().contains("probe-key-1"), launch.toString());
    }

    @Test
    void aVariableTheConfigNamesButTheOperatorDidNotAllowNeverReachesTheWorker() throws Exception {
        WorkerEnvironment.Selection selected = new WorkerEnvironment(Set.of(), Map.of("TEST_LLM_KEY", "probe-key-2")::get)
                .select(Map.of("llm.api_key_env", "TEST_LLM_KEY"));
        WorkerLaunch launch = new WorkerLaunch(1, 7, "gpu_report", jobDir, jobDir.resolve("uploads"), Duration.ofMinutes(1), null,
                null, null, 64 * 1024, selected.variables());

        new ProcessExecutor(config(testClasspath()), EnvProbeWorkerMain.class.getName()).run(launch, recorder);

        assertFalse(probed().containsKey("TEST_LLM_KEY"));
        assertEquals(List.of("TEST_LLM_KEY"), selected.notAllowed());
        assertTrue(selected.summary().contains("not passed TEST_LLM_KEY (not allowed"), selected.summary());
        assertFalse(selected.summary().contains("probe-key-2"));
    }

    private Map<String, String> probed() throws java.io.IOException {
        Map<String, String> seen = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(jobDir.resolve(EnvProbeWorkerMain.FILE))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                seen.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return seen;
    }

    @Test
    void aClasspathWithoutTheWorkerIsRefusedClearly() {
        WorkerException e = assertThrows(WorkerException.class,
                () -> new ProcessExecutor(config("/nonexistent/*")).run(launch(4, Duration.ofSeconds(5)), recorder));
        assertTrue(e.getMessage().contains("CYBERBRAIN_WORKER_CLASSPATH"), e.getMessage());
    }
}
