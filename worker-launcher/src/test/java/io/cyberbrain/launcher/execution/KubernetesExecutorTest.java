package io.cyberbrain.launcher.execution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vertx.core.Vertx;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.launcher.execution.kubernetes.WorkerJobs;

/**
 * The kubernetes executor against fabric8's mock API server in CRUD mode: Jobs and pods are stored, listed, watched and
 * deleted as by an API server. No controller runs there, so each test plays the Job controller and the kubelet: it
 * creates the Job's pod from its template and moves the pod's and the Job's status along. CRUD mode serves no pod logs:
 * the log endpoint of each pod is an expectation (the exact request the client sends for a log). The executor's client
 * is built as in production, on the Vert.x 4 transport over a Vert.x the test owns.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesExecutorTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path logsRoot;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final WorkerEvents recorder = (launch, event, ref, detail) -> events.add(event + ": " + detail);
    private Vertx vertx;
    private KubernetesClient executorClient;

    @BeforeEach
    void executorClient() {
        vertx = Vertx.vertx();
        executorClient = server.createClient(new VertxHttpClientFactory(vertx));
    }

    @AfterEach
    void close() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(30, TimeUnit.SECONDS);
        executorClient.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    // ---- a Job's life -------------------------------------------------------------------------------------

    @Test
    void aJobRunsToItsEndAndTheWorkersExitCodeAndLogComeFromItsPod() throws Exception {
        KubernetesExecutor executor = executor(config());
        WorkerLaunch launch = launch(1, 11, Duration.ofMinutes(5), null);

        Future<WorkerExit> running = threads.submit(() -> executor.run(launch, recorder));
        Job job = awaitJob(11);
        Pod pod = startPod(job);
        expectLog(pod, "reading job.json\nworker done\n");
        terminate(pod, 0, "Completed");
        finish(job, "Complete", null);
        WorkerExit exit = running.get(30, TimeUnit.SECONDS);

        assertEquals(0, exit.exitCode());
        assertFalse(exit.timedOut());
        assertFalse(exit.cancelled());
        assertEquals(job.getMetadata().getName(), exit.workerRef());
        assertEquals("reading job.json\nworker done\n", new String(exit.output().tail(), StandardCharsets.UTF_8));
        assertNull(exit.output().incomplete());
        assertNull(jobNamed(job), "the launcher deletes the Job once it has read it");
        assertDeletedWithPropagation(job);
        assertEquals(List.of("spawn", "start", "stop", "remove"), eventNames());
        assertTrue(events.contains("stop: exit code 0"), events.toString());
    }

    @Test
    void aFailedWorkersExitCodeIsKeptAndAnOutOfMemoryKillIsNamed() throws Exception {
        KubernetesExecutor executor = executor(config());
        WorkerLaunch launch = launch(1, 12, Duration.ofMinutes(5), null);

        Future<WorkerExit> running = threads.submit(() -> executor.run(launch, recorder));
        Job job = awaitJob(12);
        Pod pod = startPod(job);
        expectLog(pod, "allocating\n");
        terminate(pod, 137, "OOMKilled");
        finish(job, "Failed", "BackoffLimitExceeded");
        WorkerExit exit = running.get(30, TimeUnit.SECONDS);

        assertEquals(137, exit.exitCode());
        assertFalse(exit.timedOut());
        assertTrue(events.contains("stop: exit code 137 (out of memory: limit 256Mi)"), events.toString());
        assertNull(jobNamed(job));
    }

    @Test
    void cancelDeletesTheJobWithItsPodAndTheWorkerEndsCancelledWithItsLogSoFar() throws Exception {
        KubernetesExecutor executor = executor(config());
        WorkerLaunch launch = launch(2, 21, Duration.ofMinutes(5), null);

        Future<WorkerExit> running = threads.submit(() -> executor.run(launch, recorder));
        Job job = awaitJob(21);
        Pod pod = startPod(job);
        expectLog(pod, "half way\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().anyMatch(e -> e.startsWith("start:")));
        executor.kill(21);
        WorkerExit exit = running.get(30, TimeUnit.SECONDS);

        assertTrue(exit.cancelled());
        assertFalse(exit.timedOut());
        assertEquals(-1, exit.exitCode());
        assertEquals("half way\n", new String(exit.output().tail(), StandardCharsets.UTF_8));
        assertNull(jobNamed(job), "cancel deletes the Job");
        assertDeletedWithPropagation(job);
        assertTrue(events.contains("kill: killed on request"), events.toString());
        assertEquals(List.of("spawn", "start", "kill", "stop", "remove"), eventNames());
    }

    @Test
    void aWorkerPastItsTimeLimitIsDeletedAndEndsTimedOut() throws Exception {
        KubernetesExecutor executor = executor(config());
        WorkerLaunch launch = launch(3, 31, Duration.ofSeconds(2), null);

        Future<WorkerExit> running = threads.submit(() -> executor.run(launch, recorder));
        Job job = awaitJob(31);
        Pod pod = startPod(job);
        expectLog(pod, "still thinking\n");
        WorkerExit exit = running.get(30, TimeUnit.SECONDS);

        assertTrue(exit.timedOut());
        assertFalse(exit.cancelled());
        assertNull(jobNamed(job));
        assertTrue(events.contains("kill: ran past its limit of 2 s"), events.toString());
    }

    @Test
    void aPodWhoseImageCannotBePulledEndsTheLaunchWithTheReasonAndItsJobIsDeleted() throws Exception {
        KubernetesExecutor executor = executor(config());
        WorkerLaunch launch = launch(4, 41, Duration.ofMinutes(5), null);

        Future<WorkerExit> running = threads.submit(() -> executor.run(launch, recorder));
        Job job = awaitJob(41);
        Pod pod = client.pods().resource(podOf(job)).create();
        client.pods().resource(new PodBuilder(pod).editOrNewStatus().withPhase("Pending").addNewContainerStatus().withName("worker")
                .withNewState().withNewWaiting().withReason("ImagePullBackOff").withMessage("Back-off pulling image")
                .endWaiting().endState().endContainerStatus().endStatus().build()).updateStatus();

        Exception failure = assertThrows(Exception.class, () -> running.get(30, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof WorkerException, failure.toString());
        assertTrue(failure.getCause().getMessage().contains("ImagePullBackOff"), failure.getCause().getMessage());
        assertNull(jobNamed(job));
    }

    // ---- the Job's spec -----------------------------------------------------------------------------------

    @Test
    void theWorkersPodIsConfinedAndGetsItsJobFolderFromTheLogsClaim() throws Exception {
        KubernetesExecutor executor = executor(config());
        WorkerLaunch launch = new WorkerLaunch(5, 51, "log_triage", jobDir(5, 51), logsRoot.resolve("uploads"),
                Duration.ofMinutes(10), "registry.lan:5000/cyberbrain/worker:1.2", null, logsRoot, 4096, Map.of());

        Future<WorkerExit> running = threads.submit(() -> executor.run(launch, recorder));
        Job job = awaitJob(51);
        executor.kill(51);
        assertTrue(running.get(30, TimeUnit.SECONDS).cancelled());

        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(600L + 60L, job.getSpec().getActiveDeadlineSeconds());
        assertEquals(600, job.getSpec().getTtlSecondsAfterFinished());
        Map<String, String> labels = job.getMetadata().getLabels();
        assertEquals("cyberbrain-worker-launcher", labels.get("app.kubernetes.io/managed-by"));
        assertEquals("launcher-a", labels.get("cyberbrain.io/launcher"));
        assertEquals("5", labels.get("cyberbrain.io/run"));
        assertEquals("51", labels.get("cyberbrain.io/job"));
        assertEquals("log_triage", labels.get("cyberbrain.io/task"));
        assertEquals(labels, job.getSpec().getTemplate().getMetadata().getLabels());

        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertFalse(pod.getAutomountServiceAccountToken(), "a worker gets no API token");
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(10001L, pod.getSecurityContext().getRunAsUser());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        Container worker = pod.getContainers().get(0);
        assertEquals(1, pod.getContainers().size());
        assertEquals("registry.lan:5000/cyberbrain/worker:1.2", worker.getImage());
        assertEquals(DockerExecutor.ENTRYPOINT, worker.getCommand());
        assertEquals(List.of("/job"), worker.getArgs());
        assertTrue(worker.getSecurityContext().getRunAsNonRoot());
        assertTrue(worker.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(worker.getSecurityContext().getAllowPrivilegeEscalation());
        assertFalse(worker.getSecurityContext().getPrivileged());
        assertEquals(List.of("ALL"), worker.getSecurityContext().getCapabilities().getDrop());
        assertTrue(worker.getSecurityContext().getCapabilities().getAdd().isEmpty(), "no capability is added");
        assertEquals("RuntimeDefault", worker.getSecurityContext().getSeccompProfile().getType());
        assertEquals(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi")), worker.getResources().getLimits());
        assertEquals(worker.getResources().getLimits(), worker.getResources().getRequests());

        Map<String, VolumeMount> mounts = new java.util.HashMap<>();
        worker.getVolumeMounts().forEach(m -> mounts.put(m.getMountPath(), m));
        assertEquals("runs/5/51", mounts.get("/job").getSubPath());
        assertFalse(Boolean.TRUE.equals(mounts.get("/job").getReadOnly()));
        assertTrue(mounts.get("/uploads").getReadOnly());
        assertTrue(mounts.get("/logs").getReadOnly(), "log triage reads the logs, read-only");
        assertNull(mounts.get("/logs").getSubPath());
        assertEquals(mounts.get("/job").getName(), mounts.get("/logs").getName());
        assertEquals(Set.of("/job", "/uploads", "/logs", "/tmp"), mounts.keySet());
        Map<String, String> claims = new java.util.HashMap<>();
        pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                .forEach(v -> claims.put(v.getName(), v.getPersistentVolumeClaim().getClaimName()));
        assertEquals("cyberbrain-logs", claims.get(mounts.get("/job").getName()));
        assertEquals("cyberbrain-uploads", claims.get(mounts.get("/uploads").getName()));
        assertEquals("Memory", pod.getVolumes().stream().filter(v -> v.getName().equals(mounts.get("/tmp").getName()))
                .findFirst().orElseThrow().getEmptyDir().getMedium());
    }

    @Test
    void aGpuJobAsksTheClusterForOneGpuAndAJobWithoutNone() throws Exception {
        KubernetesExecutor executor = executor(config());
        assertTrue(executor.clusterPlacesGpus());

        Future<WorkerExit> gpu = threads.submit(() -> executor.run(launch(6, 61, Duration.ofMinutes(5), WorkerLaunch.ANY_GPU),
                recorder));
        Future<WorkerExit> cpu = threads.submit(() -> executor.run(launch(6, 62, Duration.ofMinutes(5), null), recorder));
        Job gpuJob = awaitJob(61);
        Job cpuJob = awaitJob(62);
        executor.kill(61);
        executor.kill(62);
        assertTrue(gpu.get(30, TimeUnit.SECONDS).cancelled());
        assertTrue(cpu.get(30, TimeUnit.SECONDS).cancelled());

        Map<String, Quantity> gpuLimits = gpuJob.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits();
        assertEquals(new Quantity("1"), gpuLimits.get("nvidia.com/gpu"));
        assertEquals(new Quantity("256Mi"), gpuLimits.get("memory"));
        assertNull(gpuJob.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests().get("nvidia.com/gpu"),
                "an extended resource is a limit; its request follows");
        assertFalse(cpuJob.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()
                .containsKey("nvidia.com/gpu"));
    }

    @Test
    void variablesPassedToTheWorkerAreReferencesToTheEnvSecretWhenOneIsConfigured() {
        WorkerLaunch launch = new WorkerLaunch(7, 71, "log_triage", jobDir(7, 71), null, Duration.ofMinutes(1), "img:1", null, null,
                1024, Map.of("LLM_KEY", "secret-value-1", "CYBER_BRAIN_UPLOADS", "/elsewhere"));

        Job withSecret = new WorkerJobs(config("worker-env"), logsRoot).job(launch, "cyberbrain-job-71-x", "test");
        Job withoutSecret = new WorkerJobs(config(), logsRoot).job(launch, "cyberbrain-job-71-x", "test");

        var env = withSecret.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        var key = env.stream().filter(e -> e.getName().equals("LLM_KEY")).findFirst().orElseThrow();
        assertNull(key.getValue(), "no secret value is written into the Job");
        assertEquals("worker-env", key.getValueFrom().getSecretKeyRef().getName());
        assertEquals("LLM_KEY", key.getValueFrom().getSecretKeyRef().getKey());
        assertEquals("/uploads", env.stream().filter(e -> e.getName().equals("CYBER_BRAIN_UPLOADS")).findFirst().orElseThrow()
                .getValue(), "the executor's own paths win over a named variable");
        assertEquals("secret-value-1", withoutSecret.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("LLM_KEY")).findFirst().orElseThrow().getValue());
    }

    @Test
    void aJobFolderOutsideTheLogsClaimIsRefusedBeforeAnyJobIsCreated() throws Exception {
        KubernetesExecutor executor = executor(config());
        Path elsewhere = Files.createTempDirectory("cb-k8s-elsewhere");
        try {
            WorkerLaunch launch = new WorkerLaunch(8, 81, "x", elsewhere, null, Duration.ofMinutes(1), "img:1", null);
            WorkerException refused = assertThrows(WorkerException.class, () -> executor.run(launch, recorder));
            assertTrue(refused.getMessage().contains("not inside CYBER_BRAIN_LOGS"), refused.getMessage());
            assertTrue(client.batch().v1().jobs().list().getItems().isEmpty());
        } finally {
            Files.deleteIfExists(elsewhere);
        }
    }

    // ---- orphans ------------------------------------------------------------------------------------------

    @Test
    void atStartTheJobsOfThisLauncherWhoseJobsNoLongerRunAreRemovedAndNoOthers() {
        KubernetesExecutor executor = executor(config());
        createJob("orphan", Map.of("app.kubernetes.io/managed-by", "cyberbrain-worker-launcher", "cyberbrain.io/launcher",
                "launcher-a", "cyberbrain.io/run", "9", "cyberbrain.io/job", "91"));
        createJob("still-running", Map.of("app.kubernetes.io/managed-by", "cyberbrain-worker-launcher", "cyberbrain.io/launcher",
                "launcher-a", "cyberbrain.io/run", "9", "cyberbrain.io/job", "92"));
        createJob("other-launcher", Map.of("app.kubernetes.io/managed-by", "cyberbrain-worker-launcher", "cyberbrain.io/launcher",
                "launcher-b", "cyberbrain.io/run", "9", "cyberbrain.io/job", "93"));
        createJob("not-ours", Map.of("cyberbrain.io/launcher", "launcher-a", "cyberbrain.io/job", "94"));

        int removed = executor.removeOrphans(Set.of(92L), recorder);

        assertEquals(1, removed);
        assertEquals(Set.of("still-running", "other-launcher", "not-ours"), Set.copyOf(client.batch().v1().jobs().list().getItems()
                .stream().map(j -> j.getMetadata().getName()).toList()));
        assertEquals(List.of("remove: orphaned worker Job removed (not finished)"), events);
        assertDeletedWithPropagation(new JobBuilder().withNewMetadata().withName("orphan").endMetadata().build());
    }

    // ---- the controller and the kubelet, played by the test -------------------------------------------------

    private Job awaitJob(long jobId) {
        List<Job> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            found.clear();
            found.addAll(client.batch().v1().jobs().withLabel("cyberbrain.io/job", Long.toString(jobId)).list().getItems());
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private Job jobNamed(Job job) {
        return client.batch().v1().jobs().withName(job.getMetadata().getName()).get();
    }

    private Pod podOf(Job job) {
        return new PodBuilder()
                .withNewMetadata().withName(job.getMetadata().getName() + "-x7k2p").withNamespace(job.getMetadata().getNamespace())
                .withLabels(job.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .build();
    }

    /** The pod of {@code job}, running, and the Job active. */
    private Pod startPod(Job job) {
        Pod pod = client.pods().resource(podOf(job)).create();
        pod = client.pods().resource(new PodBuilder(pod).withNewStatus().withPhase("Running").addNewContainerStatus()
                .withName("worker").withNewState().withNewRunning().endRunning().endState().endContainerStatus()
                .endStatus().build()).updateStatus();
        Job current = jobNamed(job);
        client.batch().v1().jobs().resource(new JobBuilder(current).withNewStatus().withActive(1).endStatus().build())
                .updateStatus();
        return pod;
    }

    private void terminate(Pod pod, int exitCode, String reason) {
        Pod current = client.pods().withName(pod.getMetadata().getName()).get();
        client.pods().resource(new PodBuilder(current).editStatus().withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .withContainerStatuses().addNewContainerStatus().withName("worker").withNewState().withNewTerminated()
                .withExitCode(exitCode).withReason(reason).endTerminated().endState().endContainerStatus().endStatus().build())
                .updateStatus();
    }

    private void finish(Job job, String condition, String reason) {
        Job current = jobNamed(job);
        var status = new JobBuilder(current).editStatus().withActive(0);
        status = condition.equals("Complete") ? status.withSucceeded(1) : status.withFailed(1);
        client.batch().v1().jobs().resource(status.withConditions(new JobConditionBuilder().withType(condition)
                .withStatus("True").withReason(reason).build()).endStatus().build()).updateStatus();
    }

    /** CRUD mode stores no logs: the pod's log is what the kubelet would answer to the client's exact request. */
    private void expectLog(Pod pod, String log) {
        server.expect().get().withPath("/api/v1/namespaces/test/pods/" + pod.getMetadata().getName()
                + "/log?pretty=false&container=worker").andReturn(200, log).always();
    }

    private void createJob(String name, Map<String, String> labels) {
        client.batch().v1().jobs().resource(new JobBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("worker").withImage("img:1")
                .endContainer().withRestartPolicy("Never").endSpec().endTemplate().endSpec().build()).create();
    }

    /** The Job was deleted with propagation Background, so that the garbage collector deletes its pods. */
    private void assertDeletedWithPropagation(Job job) {
        List<RecordedRequest> deletes = new ArrayList<>();
        RecordedRequest request;
        try {
            while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                if (request.getMethod().equals("DELETE")
                        && request.getPath().startsWith("/apis/batch/v1/namespaces/test/jobs/" + job.getMetadata().getName())) {
                    deletes.add(request);
                }
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertFalse(deletes.isEmpty(), "no DELETE of the Job");
        String body = deletes.get(0).getBody().readUtf8();
        assertTrue(body.contains("\"propagationPolicy\":\"Background\""), body);
    }

    private List<String> eventNames() {
        return events.stream().map(e -> e.substring(0, e.indexOf(':'))).toList();
    }

    // ---- fixtures -----------------------------------------------------------------------------------------

    private KubernetesExecutor executor(LauncherConfig.Kubernetes config) {
        return new KubernetesExecutor(config, executorClient, logsRoot);
    }

    private WorkerLaunch launch(long runId, long jobId, Duration timeout, Integer gpu) {
        return new WorkerLaunch(runId, jobId, "gpu_report", jobDir(runId, jobId), null, timeout, "cyberbrain/worker:1.0", gpu);
    }

    private Path jobDir(long runId, long jobId) {
        try {
            return Files.createDirectories(logsRoot.resolve("runs").resolve(Long.toString(runId)).resolve(Long.toString(jobId)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static LauncherConfig.Kubernetes config() {
        return config(null);
    }

    static LauncherConfig.Kubernetes config(String envSecret) {
        return new KubernetesConfig(Optional.empty(), "cyberbrain/worker:1.0", "IfNotPresent", "cyberbrain-logs",
                Optional.of("cyberbrain-uploads"), "500m", "256Mi", "16Mi", 10001, 10001, "nvidia.com/gpu",
                Optional.ofNullable(envSecret), Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofMillis(200),
                "launcher-a");
    }

    record KubernetesConfig(Optional<String> namespace, String image, String imagePullPolicy, String logsClaim,
                            Optional<String> uploadsClaim, String cpu, String memory, String tmpSize, long runAsUser,
                            long runAsGroup, String gpuResource, Optional<String> envSecret, Duration deadlineGrace,
                            Duration ttlAfterFinished, Duration pollInterval, String launcherName)
            implements LauncherConfig.Kubernetes {
    }
}
