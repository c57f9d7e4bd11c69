package io.cyberbrain.launcher.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;

import io.cyberbrain.worker.WorkerJson;
import io.cyberbrain.worker.WorkerMain;

/**
 * The Docker executor against a real engine (podman's Docker API in CI) and the real worker image
 * {@value TestEngine#IMAGE}. Without them these tests skip, unless CYBERBRAIN_REQUIRE_DOCKER=true.
 * Tests that must see a worker while it runs give it job.json as a named pipe: the worker blocks opening it
 * until the test writes the job, so nothing depends on timing.
 */
class DockerExecutorTest {

    private final List<Path> dirs = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private final List<Long> jobIds = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException, InterruptedException {
        threads.shutdownNow(); // a worker still running is killed and removed by its executor
        threads.awaitTermination(60, TimeUnit.SECONDS);
        for (long jobId : jobIds) { // and whatever a failed test left behind
            for (Container container : TestEngine.containersOfJob(jobId)) {
                try {
                    TestEngine.require().client().removeContainerCmd(container.getId()).withForce(true).exec();
                } catch (RuntimeException alreadyGone) {
                    // removed meanwhile
                }
            }
        }
        for (Path dir : dirs) {
            TestEngine.deleteTree(dir);
        }
    }

    private long newJobId() {
        long jobId = TestEngine.uniqueJobId();
        jobIds.add(jobId);
        return jobId;
    }

    // ---- with an engine -----------------------------------------------------------------------------------

    @Test
    void unknownTaskRunsInAContainerAndWritesAFailedResult() throws Exception {
        DockerClient client = TestEngine.require().client();
        long jobId = newJobId();
        Path jobDir = newDir("cb-docker-job");
        TestEngine.writeJob(jobDir, 7, jobId, "no-such-task");
        Recorder events = new Recorder();

        WorkerExit exit = new DockerExecutor(TestEngine.config(), client).run(launch(7, jobId, jobDir, Duration.ofSeconds(60)), events);

        assertEquals(0, exit.exitCode(), exit.logTail());
        assertFalse(exit.timedOut());
        assertFalse(exit.cancelled());
        assertNotNull(exit.workerRef());
        assertEquals(12, exit.workerRef().length());
        JsonNode result = WorkerJson.MAPPER.readTree(jobDir.resolve(WorkerMain.RESULT_FILE).toFile());
        assertEquals("failed", result.get("status").asText());
        assertTrue(result.get("error_summary").asText().contains("no task 'no-such-task'"), result.toString());
        assertEquals(List.of("spawn", "start", "stop", "remove"), events.names());
        assertEquals("exit code 0", events.detail("stop"));
        assertTrue(events.all().stream().allMatch(e -> exit.workerRef().equals(e.ref())));
        assertTrue(TestEngine.containersOfJob(jobId).isEmpty(), "the container was removed");
    }

    @Test
    void theContainersOwnOutputIsReadWhollyAndItsTailKeptWithinTheLimit() throws Exception {
        DockerClient client = TestEngine.require().client();
        long jobId = newJobId();
        Path jobDir = newDir("cb-docker-job");
        TestEngine.writeJob(jobDir, 7, jobId, "no-such-task");
        // The real worker, whose JVM prints its settings first (kilobytes, one with a password in a URL) to stderr.
        List<String> chatty = new ArrayList<>(List.of("java", "-XshowSettings:properties",
                "-Dzz.cb.test.dsn=postgres://app:s3cr3t-pw@db:5432/app"));
        chatty.addAll(DockerExecutor.ENTRYPOINT.subList(1, DockerExecutor.ENTRYPOINT.size()));
        WorkerLaunch launch = new WorkerLaunch(7, jobId, "no-such-task", jobDir, jobDir.resolveSibling("cb-no-uploads-" + jobId),
                Duration.ofSeconds(60), TestEngine.IMAGE, null, null, 512);

        WorkerExit exit = new DockerExecutor(TestEngine.config(), client, chatty, DockerExecutor.CMD).run(launch, new Recorder());

        assertEquals(0, exit.exitCode(), exit.logTail());
        WorkerOutput output = exit.output();
        assertTrue(output.totalBytes() > 1024, "all of it was read: " + output.totalBytes());
        assertTrue(output.cut());
        assertNull(output.incomplete());
        String tail = new String(output.tail(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(512, output.tail().length);
        assertTrue(tail.contains("zz.cb.test.dsn = postgres://"), "the end of the settings, the last thing it wrote: " + tail);
        assertTrue(TestEngine.containersOfJob(jobId).isEmpty(), "the container was removed after its output was read");
    }

    @Test
    void theContainerIsConfinedWhileItRuns() throws Exception {
        DockerClient client = TestEngine.require().client();
        long jobId = newJobId();
        Path jobDir = newDir("cb-docker-job");
        Path uploads = newDir("cb-docker-uploads");
        Path fifo = TestEngine.fifoJob(jobDir);
        WorkerLaunch launch = new WorkerLaunch(8, jobId, "no-such-task", jobDir, uploads, Duration.ofSeconds(120),
                TestEngine.IMAGE, null);
        Recorder events = new Recorder();
        Future<WorkerExit> running = threads.submit(() -> new DockerExecutor(TestEngine.config(), client).run(launch, events));

        String id = TestEngine.awaitRunning(jobId, Duration.ofSeconds(60));
        Map<String, Object> inspect = TestEngine.inspectRaw(id);
        Map<String, Object> host = map(inspect.get("HostConfig"));
        Map<String, Object> config = map(inspect.get("Config"));
        assertEquals(Boolean.TRUE, host.get("ReadonlyRootfs"));
        assertEquals(Boolean.FALSE, host.get("Privileged"));
        assertTrue(dropsAll(strings(host.get("CapDrop"))), "CapDrop: " + host.get("CapDrop"));
        assertTrue(strings(host.get("SecurityOpt")).stream().anyMatch(o -> o.startsWith("no-new-privileges")),
                "SecurityOpt: " + host.get("SecurityOpt"));
        assertEquals(512L * 1024 * 1024, number(host.get("Memory")));
        assertEquals(512L * 1024 * 1024, number(host.get("MemorySwap")));
        assertEquals(256L, number(host.get("PidsLimit")));
        assertEquals(1_000_000_000L, number(host.get("NanoCpus")));
        assertEquals("none", host.get("NetworkMode"));
        assertTrue(map(host.get("Tmpfs")).containsKey("/tmp"), "Tmpfs: " + host.get("Tmpfs"));
        assertTrue(String.valueOf(map(host.get("Tmpfs")).get("/tmp")).contains("size=64m"), "Tmpfs: " + host.get("Tmpfs"));
        assertEquals("65534:65534", config.get("User"));
        assertTrue(strings(config.get("Env")).contains("CYBER_BRAIN_UPLOADS=/uploads"));
        Map<String, Object> labels = map(config.get("Labels"));
        assertEquals("true", labels.get("io.cyberbrain.worker"));
        assertEquals("8", labels.get("io.cyberbrain.run"));
        assertEquals(Long.toString(jobId), labels.get("io.cyberbrain.job"));
        assertEquals("no-such-task", labels.get("io.cyberbrain.task"));

        List<String> binds = strings(host.get("Binds"));
        assertEquals(2, binds.size(), "Binds: " + binds);
        assertTrue(binds.stream().anyMatch(b -> b.startsWith(jobDir.toAbsolutePath() + ":/job") && !b.contains(":ro")), "Binds: " + binds);
        assertTrue(binds.stream().anyMatch(b -> b.startsWith(uploads.toAbsolutePath() + ":/uploads:ro")), "Binds: " + binds);
        List<Map<String, Object>> mounts = maps(inspect.get("Mounts"));
        Set<String> destinations = mounts.stream().map(m -> String.valueOf(m.get("Destination"))).collect(Collectors.toSet());
        assertTrue(destinations.containsAll(Set.of("/job", "/uploads")), "Mounts: " + mounts);
        assertTrue(destinations.stream().noneMatch(d -> d.contains("docker.sock") || d.contains("podman.sock")), "Mounts: " + mounts);
        assertTrue(mounts.stream().noneMatch(m -> String.valueOf(m.get("Source")).endsWith(".sock")), "Mounts: " + mounts);
        mounts.stream().filter(m -> "/uploads".equals(m.get("Destination")))
                .forEach(m -> assertEquals(Boolean.FALSE, m.get("RW"), "uploads is read-only"));

        // What the kernel enforces on the worker process itself, where the engine runs on this machine.
        Object pid = map(inspect.get("State")).get("Pid");
        Path proc = Path.of("/proc", String.valueOf(pid));
        if (pid instanceof Number n && n.longValue() > 0 && Files.isReadable(proc.resolve("status"))) {
            String status = Files.readString(proc.resolve("status"));
            assertTrue(status.contains("NoNewPrivs:\t1"), status);
            assertTrue(status.contains("CapEff:\t0000000000000000"), status);
            assertTrue(status.contains("CapBnd:\t0000000000000000"), status);
            assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+65534\\s+65534\\s+65534\\s+65534")), status);
            List<String> mountInfo = Files.readAllLines(proc.resolve("mountinfo"));
            String root = mountInfo.stream().filter(l -> l.split(" ")[4].equals("/")).findFirst().orElseThrow();
            assertTrue((" " + root.split(" ")[5] + ",").contains(" ro,"), "root mount: " + root);
            String tmp = mountInfo.stream().filter(l -> l.split(" ")[4].equals("/tmp")).findFirst().orElseThrow();
            assertTrue(tmp.contains(" tmpfs ") && tmp.contains("size=65536k"), "tmp mount: " + tmp);
        }

        TestEngine.feed(fifo, TestEngine.job(8, jobId, "no-such-task")).get(60, TimeUnit.SECONDS);
        WorkerExit exit = running.get(60, TimeUnit.SECONDS);
        assertEquals(0, exit.exitCode(), exit.logTail());
        assertTrue(Files.exists(jobDir.resolve(WorkerMain.RESULT_FILE)));
        assertEquals(List.of("spawn", "start", "stop", "remove"), events.names());
        assertTrue(TestEngine.containersOfJob(jobId).isEmpty());
    }

    @Test
    void aWorkerPastItsLimitIsKilledAndRemoved() throws Exception {
        DockerClient client = TestEngine.require().client();
        long jobId = newJobId();
        Path jobDir = newDir("cb-docker-job");
        TestEngine.fifoJob(jobDir); // never fed: the worker waits for its job forever
        Recorder events = new Recorder();

        long start = System.nanoTime();
        WorkerExit exit = new DockerExecutor(TestEngine.config(), client).run(launch(9, jobId, jobDir, Duration.ofSeconds(2)), events);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertTrue(exit.timedOut());
        assertFalse(exit.cancelled());
        assertEquals(-1, exit.exitCode());
        assertTrue(tookMs >= 2000 && tookMs < 30_000, "took " + tookMs + " ms");
        assertEquals(List.of("spawn", "start", "kill", "stop", "remove"), events.names());
        assertTrue(events.detail("kill").contains("limit of 2 s"));
        assertTrue(TestEngine.containersOfJob(jobId).isEmpty(), "the container was removed");
        assertFalse(Files.exists(jobDir.resolve(WorkerMain.RESULT_FILE)));
    }

    @Test
    void killFromAnotherThreadCancelsTheWorker() throws Exception {
        DockerClient client = TestEngine.require().client();
        long jobId = newJobId();
        Path jobDir = newDir("cb-docker-job");
        TestEngine.fifoJob(jobDir);
        Recorder events = new Recorder();
        DockerExecutor executor = new DockerExecutor(TestEngine.config(), client);
        Future<WorkerExit> running = threads.submit(() -> executor.run(launch(10, jobId, jobDir, Duration.ofSeconds(120)), events));

        TestEngine.awaitRunning(jobId, Duration.ofSeconds(60));
        executor.kill(jobId);
        WorkerExit exit = running.get(60, TimeUnit.SECONDS);

        assertTrue(exit.cancelled());
        assertFalse(exit.timedOut());
        assertEquals(-1, exit.exitCode());
        assertEquals(List.of("spawn", "start", "kill", "stop", "remove"), events.names());
        assertEquals("killed on request", events.detail("stop"));
        assertTrue(TestEngine.containersOfJob(jobId).isEmpty(), "the container was removed");
        executor.kill(jobId); // nothing to kill any more: no effect, no exception
    }

    @Test
    void interruptingTheLauncherThreadKillsAndRemovesTheWorker() throws Exception {
        DockerClient client = TestEngine.require().client();
        long jobId = newJobId();
        Path jobDir = newDir("cb-docker-job");
        TestEngine.fifoJob(jobDir);
        Recorder events = new Recorder();
        java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread launcher = new Thread(() -> {
            try {
                outcome.set(new DockerExecutor(TestEngine.config(), client).run(launch(13, jobId, jobDir, Duration.ofSeconds(120)), events));
            } catch (Exception | AssertionError e) {
                outcome.set(e);
            }
        }, "launcher-thread");
        launcher.start();

        TestEngine.awaitRunning(jobId, Duration.ofSeconds(60));
        launcher.interrupt();
        launcher.join(60_000);

        assertFalse(launcher.isAlive());
        WorkerExit exit = org.junit.jupiter.api.Assertions.assertInstanceOf(WorkerExit.class, outcome.get(),
                () -> "the interrupted run ends cancelled, not with " + outcome.get());
        assertTrue(exit.cancelled());
        assertEquals(List.of("spawn", "start", "kill", "stop", "remove"), events.names());
        assertEquals("launcher interrupted", events.detail("kill"));
        assertTrue(TestEngine.containersOfJob(jobId).isEmpty(), "the container was removed");
    }

    @Test
    void anImageThatIsNotPresentIsRefusedNeverPulled() throws Exception {
        DockerClient client = TestEngine.require().client();
        long jobId = newJobId();
        Path jobDir = newDir("cb-docker-job");
        TestEngine.writeJob(jobDir, 11, jobId, "no-such-task");
        String image = "cyberbrain/no-such-worker:" + jobId;
        Recorder events = new Recorder();
        WorkerLaunch launch = new WorkerLaunch(11, jobId, "no-such-task", jobDir, null, Duration.ofSeconds(30), image, null);

        WorkerException e = assertThrows(WorkerException.class,
                () -> new DockerExecutor(TestEngine.config(image), client).run(launch, events));

        assertTrue(e.getMessage().contains("'" + image + "' is not present"), e.getMessage());
        assertTrue(e.getMessage().contains("never pulls"), e.getMessage());
        assertEquals(List.of("error"), events.names());
        assertEquals(e.getMessage(), events.detail("error"));
        assertTrue(TestEngine.containersOfJob(jobId).isEmpty());
        assertTrue(client.listImagesCmd().withImageNameFilter(image).exec().isEmpty(), "nothing was pulled");
    }

    @Test
    void removeOrphansRemovesStraysAndKeepsWorkersOfRunningJobs() throws Exception {
        DockerClient client = TestEngine.require().client();
        long orphanJob = newJobId();
        long runningJob = newJobId();
        List<String> created = new ArrayList<>();
        try {
            for (long jobId : List.of(orphanJob, runningJob)) {
                created.add(client.createContainerCmd(TestEngine.IMAGE).withName("cyberbrain-orphan-test-" + jobId)
                        .withLabels(Map.of(DockerExecutor.LABEL_WORKER, "true", DockerExecutor.LABEL_RUN, "12",
                                DockerExecutor.LABEL_JOB, Long.toString(jobId), DockerExecutor.LABEL_TASK, "gpu-report"))
                        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                        .exec().getId());
            }
            // The engine may be shared: every other labelled worker counts as running, only ours is the orphan.
            Set<Long> runningJobs = new HashSet<>();
            for (Container container : client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(DockerExecutor.LABEL_WORKER, "true")).exec()) {
                String job = container.getLabels().get(DockerExecutor.LABEL_JOB);
                if (job != null && !job.equals(Long.toString(orphanJob))) {
                    runningJobs.add(Long.valueOf(job));
                }
            }
            assertTrue(runningJobs.contains(runningJob));
            Recorder events = new Recorder();

            int removed = new DockerExecutor(TestEngine.config(), client).removeOrphans(runningJobs, events);

            assertEquals(1, removed);
            assertTrue(TestEngine.containersOfJob(orphanJob).isEmpty(), "the orphan was removed");
            assertEquals(1, TestEngine.containersOfJob(runningJob).size(), "the running job's worker was kept");
            assertEquals(List.of("remove"), events.names());
            Event event = events.all().get(0);
            assertEquals(orphanJob, event.launch().jobId());
            assertEquals(12, event.launch().runId());
            assertEquals("gpu-report", event.launch().taskKey());
            assertEquals(DockerExecutor.shortId(created.get(0)), event.ref());
        } finally {
            for (String id : created) {
                try {
                    client.removeContainerCmd(id).withForce(true).exec();
                } catch (RuntimeException alreadyGone) {
                    // removed by the test
                }
            }
        }
    }

    /**
     * Overhead of one worker (create, start, wait, logs, remove) for a job with an unknown task, median of 20.
     * A benchmark (tag bench, excluded from ordinary test runs): -Dcyberbrain.excluded-groups=none -Dgroups=bench.
     */
    @Test
    @Tag("bench")
    void benchmarkWorkerOverhead() throws Exception {
        DockerClient client = TestEngine.require().client();
        String image = System.getProperty("cyberbrain.docker.bench.image", TestEngine.IMAGE);
        for (String network : List.of("none", "bridge")) {
            TestEngine.DockerConfig config = new TestEngine.DockerConfig(image, network, 512, 1.0, 256, 64, "65534:65534");
            DockerExecutor executor = new DockerExecutor(config, client);
            List<Long> total = new ArrayList<>();
            Map<String, List<Long>> phases = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 22; i++) {
                long jobId = TestEngine.uniqueJobId();
                Path jobDir = newDir("cb-docker-bench");
                TestEngine.writeJob(jobDir, 1, jobId, "no-such-task");
                Recorder events = new Recorder();
                long start = System.nanoTime();
                WorkerExit exit = executor.run(new WorkerLaunch(1, jobId, "no-such-task", jobDir, null, Duration.ofSeconds(60), image,
                        null), events);
                long end = System.nanoTime();
                assertEquals(0, exit.exitCode(), exit.logTail());
                if (i < 2) {
                    continue; // the first two warm up the engine and the launcher's JIT
                }
                total.add((end - start) / 1_000_000);
                long previous = start;
                for (Event event : events.all()) {
                    phases.computeIfAbsent("..." + event.name(), k -> new ArrayList<>()).add((event.nanos() - previous) / 1_000_000);
                    previous = event.nanos();
                }
            }
            StringBuilder breakdown = new StringBuilder();
            phases.forEach((phase, values) -> breakdown.append(' ').append(phase).append(' ').append(median(values)).append(" ms"));
            Collections.sort(total);
            System.out.printf("BENCH %s network=%s, %d runs: min %d ms, median %d ms, p90 %d ms, max %d ms; median per step:%s%n",
                    image, network, total.size(), total.get(0), median(total), total.get(17), total.get(total.size() - 1), breakdown);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    // ---- without an engine: what would be sent ------------------------------------------------------------

    @Test
    void aGpuIsRequestedByIndexWithTheNvidiaDriver() throws Exception {
        Path jobDir = newDir("cb-docker-spec");
        DockerExecutor executor = new DockerExecutor(TestEngine.config(), null);
        WorkerLaunch launch = new WorkerLaunch(1, 2, "gpu-report", jobDir, jobDir.resolve("no-uploads"), Duration.ofMinutes(1),
                TestEngine.IMAGE, 3);

        HostConfig host = executor.hostConfig(launch);

        assertEquals(1, host.getDeviceRequests().size());
        DeviceRequest gpu = host.getDeviceRequests().get(0);
        assertEquals("nvidia", gpu.getDriver());
        assertEquals(List.of("3"), gpu.getDeviceIds());
        assertEquals(List.of(List.of("gpu")), gpu.getCapabilities());
        assertNull(gpu.getCount());
        Bind[] binds = host.getBinds();
        assertEquals(1, binds.length, "no uploads folder, no uploads bind");
        assertEquals("/job", binds[0].getVolume().getPath());
        assertEquals(jobDir.toAbsolutePath().toString(), binds[0].getPath());
        assertNull(executor.hostConfig(new WorkerLaunch(1, 2, "x", jobDir, null, Duration.ofMinutes(1), TestEngine.IMAGE, null))
                .getDeviceRequests());
    }

    @Test
    void theConfinementFollowsTheConfiguration() throws Exception {
        Path jobDir = newDir("cb-docker-spec");
        Path uploads = newDir("cb-docker-spec-uploads");
        DockerExecutor executor = new DockerExecutor(new TestEngine.DockerConfig("img", "bridge", 300, 1.5, 64, 16, "1000:1000"), null);
        HostConfig host = executor.hostConfig(new WorkerLaunch(4, 5, "k", jobDir, uploads, Duration.ofMinutes(1), "img", null));

        assertEquals(300L * 1024 * 1024, host.getMemory());
        assertEquals(300L * 1024 * 1024, host.getMemorySwap());
        assertEquals(1_500_000_000L, host.getNanoCPUs());
        assertEquals(64L, host.getPidsLimit());
        assertEquals("bridge", host.getNetworkMode());
        assertEquals("rw,nosuid,nodev,noexec,size=16m", host.getTmpFs().get("/tmp"));
        assertTrue(host.getReadonlyRootfs());
        assertFalse(host.getPrivileged());
        assertEquals(List.of("no-new-privileges"), host.getSecurityOpts());
        assertEquals("ALL", host.getCapDrop()[0].name());
        assertEquals(2, host.getBinds().length);
        assertEquals("/uploads", host.getBinds()[1].getVolume().getPath());
        assertEquals("ro", host.getBinds()[1].getAccessMode().toString());
        assertEquals(Map.of("io.cyberbrain.worker", "true", "io.cyberbrain.run", "4", "io.cyberbrain.job", "5",
                "io.cyberbrain.task", "k"), DockerExecutor.labels(new WorkerLaunch(4, 5, "k", jobDir, uploads, null, "img", null)));
        assertEquals(List.of("java", "-cp", "/opt/worker/*:/opt/worker/lib/*", "io.cyberbrain.worker.WorkerMain"),
                DockerExecutor.ENTRYPOINT);
        assertEquals(List.of("/job"), DockerExecutor.CMD);
    }

    @Test
    void theContainersEnvironmentHoldsThePathsAndOnlyTheAllowedVariableTheConfigNames() throws Exception {
        Path jobDir = newDir("cb-docker-spec");
        WorkerEnvironment.Selection selected = new WorkerEnvironment(Set.of("TEST_LLM_KEY", "ALLOWED_UNNAMED"),
                Map.of("TEST_LLM_KEY", "container-key-1", "OTHER_KEY", "other-1", "ALLOWED_UNNAMED", "unnamed-1")::get)
                .select(Map.of("llm", Map.of("api_key_env", "TEST_LLM_KEY"), "export.token_env", "OTHER_KEY"));
        WorkerLaunch launch = new WorkerLaunch(1, 2, "log_triage", jobDir, null, Duration.ofMinutes(1), TestEngine.IMAGE, null,
                jobDir, 1024, selected.variables());
        try (var connection = io.cyberbrain.launcher.execution.docker.DockerClients.connect("unix:///nonexistent/cyberbrain-test.sock")) {
            String[] env = new DockerExecutor(TestEngine.config(), connection.client()).createCommand(launch, "cb-test").getEnv();

            assertEquals(Set.of("TEST_LLM_KEY=container-key-1", "CYBER_BRAIN_UPLOADS=/uploads", "CYBER_BRAIN_LOGS=/logs"),
                    Set.of(env));
        }
        assertEquals(List.of("OTHER_KEY"), selected.notAllowed());
    }

    @Test
    void theExecutorsOwnPathsWinOverANamedVariableOfTheSameName() {
        WorkerLaunch launch = new WorkerLaunch(1, 2, "k", Path.of("job"), null, Duration.ofMinutes(1), "img", null, null, 1024,
                Map.of("CYBER_BRAIN_UPLOADS", "/elsewhere"));
        assertEquals(List.of("CYBER_BRAIN_UPLOADS=/uploads"), DockerExecutor.env(launch));
    }

    @Test
    void numericUsersAreParsed() {
        assertEquals(List.of(65534, 65534), toList(DockerExecutor.numericUser("65534:65534")));
        assertEquals(List.of(1000, -1), toList(DockerExecutor.numericUser("1000")));
        assertNull(DockerExecutor.numericUser("nobody"));
        assertNull(DockerExecutor.numericUser(""));
    }

    @Test
    void anUnreachableEngineIsAWorkerExceptionWithAnErrorEvent() throws Exception {
        Path jobDir = newDir("cb-docker-spec");
        Recorder events = new Recorder();
        try (var connection = io.cyberbrain.launcher.execution.docker.DockerClients.connect("unix:///nonexistent/cyberbrain-test.sock")) {
            WorkerException e = assertThrows(WorkerException.class, () -> new DockerExecutor(TestEngine.config(), connection.client())
                    .run(launch(1, 2, jobDir, Duration.ofSeconds(5)), events));
            assertTrue(e.getMessage().startsWith("the Docker engine did not answer"), e.getMessage());
            assertEquals(List.of("error"), events.names());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private Path newDir(String prefix) throws IOException {
        Path dir = TestEngine.jobDir(prefix);
        dirs.add(dir);
        return dir;
    }

    private static WorkerLaunch launch(long runId, long jobId, Path jobDir, Duration timeout) {
        return new WorkerLaunch(runId, jobId, "no-such-task", jobDir, jobDir.resolveSibling("cb-no-uploads-" + jobId), timeout,
                TestEngine.IMAGE, null);
    }

    private static boolean dropsAll(List<String> capDrop) {
        // Docker reports what was asked (ALL); podman lists every capability of its default set, which it
        // dropped (with or without the CAP_ prefix). The kernel check below sees the process's real set.
        Set<String> dropped = capDrop.stream().map(c -> c.startsWith("CAP_") ? c.substring(4) : c).collect(Collectors.toSet());
        return dropped.contains("ALL") || dropped.containsAll(List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
                "NET_BIND_SERVICE", "NET_RAW", "SETGID", "SETUID", "SETPCAP", "SYS_CHROOT"));
    }

    private static List<Integer> toList(int[] values) {
        return List.of(values[0], values[1]);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object value) {
        return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    static List<String> strings(Object value) {
        return value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.MIN_VALUE;
    }

    record Event(WorkerLaunch launch, String name, String ref, String detail, long nanos) {
    }

    static final class Recorder implements WorkerEvents {
        private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void record(WorkerLaunch launch, String event, String workerRef, String detail) {
            events.add(new Event(launch, event, workerRef, detail, System.nanoTime()));
        }

        List<Event> all() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        List<String> names() {
            return all().stream().map(Event::name).toList();
        }

        String detail(String name) {
            return all().stream().filter(e -> e.name().equals(name)).map(Event::detail).findFirst().orElse(null);
        }
    }
}
