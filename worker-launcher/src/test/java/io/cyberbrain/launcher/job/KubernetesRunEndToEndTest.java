package io.cyberbrain.launcher.job;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.launcher.TestRuns;
import io.cyberbrain.model.config.PathsConfig;
import io.cyberbrain.model.run.LaunchRequest;
import io.cyberbrain.model.run.RunDecisionService;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.RunTrigger;
import io.cyberbrain.worker.WorkerMain;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;

/**
 * The whole path with the kubernetes executor: a run launched and approved through the launch path, claimed by this
 * launcher, its job.json written on the logs folder, the image checked against the allowlist, a Job created on
 * fabric8's mock API server (CRUD mode), and the result recorded. The mock runs no controller or kubelet, so the test
 * plays them: for each new Job it creates the pod, runs the real worker entry point as a process on the job folder the
 * Job's subPath names (what the container would get at /job), and reports its exit code and output as the pod's status
 * and log (the log endpoint an expectation: CRUD mode stores no logs).
 *
 * <p>Needs the schema to admit {@code kubernetes} in {@code run_job.executor} (V1's check allows docker and process
 * only): without that migration every job end is refused by the database and both tests time out.
 */
@QuarkusTest
@TestProfile(KubernetesRunEndToEndTest.KubernetesExecutorProfile.class)
class KubernetesRunEndToEndTest {

    static final String IMAGE = "cyberbrain/worker:k8s-test";

    public static class KubernetesExecutorProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cyberbrain.launcher.executor", "kubernetes",
                    "cyberbrain.launcher.kubernetes.namespace", "test",
                    "cyberbrain.launcher.kubernetes.image", IMAGE,
                    "cyberbrain.launcher.kubernetes.poll-interval", "500ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MockApiServer.class));
        }
    }

    /** The API server the launcher's client finds through the standard fabric8 system properties. */
    public static class MockApiServer implements QuarkusTestResourceLifecycleManager {

        static KubernetesMockServer server;
        private static final List<String> PROPERTIES = List.of("kubernetes.master", "kubernetes.auth.tryKubeConfig",
                "kubernetes.auth.tryServiceAccount", "kubernetes.namespace");

        @Override
        public Map<String, String> start() {
            Map<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>> responses =
                    new HashMap<>();
            server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                    new KubernetesMixedDispatcher(responses), false);
            server.init();
            System.setProperty("kubernetes.master", server.url("/"));
            System.setProperty("kubernetes.auth.tryKubeConfig", "false");
            System.setProperty("kubernetes.auth.tryServiceAccount", "false");
            System.setProperty("kubernetes.namespace", "test");
            return Map.of();
        }

        @Override
        public void stop() {
            PROPERTIES.forEach(System::clearProperty);
            if (server != null) {
                server.destroy();
            }
        }
    }

    @Inject
    RunLaunchService launches;
    @Inject
    RunDecisionService decisions;
    @Inject
    AgroalDataSource ds;
    @Inject
    PathsConfig paths;

    private KubernetesClient client;
    private Watch jobs;
    private final ExecutorService kubelet = Executors.newSingleThreadExecutor();
    private final Set<String> handled = ConcurrentHashMap.newKeySet();

    /** Like the Job controller, by a watch: every Job the launcher creates gets its pod run. */
    @BeforeEach
    void playTheController() {
        client = MockApiServer.server.createClient();
        jobs = client.batch().v1().jobs().withLabel("app.kubernetes.io/managed-by", "cyberbrain-worker-launcher")
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Job job) {
                        if (action == Action.ADDED && handled.add(job.getMetadata().getName())) {
                            kubelet.submit(() -> {
                                runAsKubelet(job);
                                return null;
                            });
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        // the test ends
                    }
                });
    }

    @AfterEach
    void stopTheController() throws InterruptedException {
        jobs.close();
        kubelet.shutdown();
        kubelet.awaitTermination(60, TimeUnit.SECONDS);
        client.close();
    }

    @Test
    void aRunOfGpuReportEndsSuccessWithItsJobRunAsAKubernetesJobAndTheJobGoneAfterwards() throws Throwable {
        allowImage(true);
        long run = launchApproved("gpu_report");

        assertEquals("success", awaitEnd(run), () -> errors(run));
        assertEquals("false", TestRuns.string(ds, "select result_json ->> 'gpu_available' from run_job where run_id = " + run));
        assertEquals("spawn,start,stop,remove", TestRuns.string(ds, "select string_agg(a.event, ',' order by a.id) from worker_audit a"
                + " where a.run_id = " + run));
        assertEquals("kubernetes", TestRuns.string(ds, "select string_agg(distinct executor, ',') from worker_audit where run_id = " + run));
        String jobId = TestRuns.string(ds, "select id from run_job where run_id = " + run);
        String log = Files.readString(paths.logs().resolve("runs").resolve(Long.toString(run)).resolve(jobId).resolve("worker.log"));
        assertTrue(log.contains("worker output from the pod log"), log);
        assertTrue(client.batch().v1().jobs().withLabel("cyberbrain.io/run", Long.toString(run)).list().getItems().isEmpty(),
                "the launcher deleted its Job");
    }

    @Test
    void anImageOffTheAllowlistIsRefusedBeforeAnyJobIsCreated() throws Throwable {
        allowImage(false);
        long run = launchApproved("gpu_report");

        assertEquals("failed", awaitEnd(run));
        assertTrue(TestRuns.string(ds, "select error_summary from run_job where run_id = " + run)
                .contains("is not on the worker image allowlist"));
        assertTrue(client.batch().v1().jobs().withLabel("cyberbrain.io/run", Long.toString(run)).list().getItems().isEmpty());
    }

    // ---- the cluster, played ------------------------------------------------------------------------------

    /** What the Job controller and the kubelet do for one Job: a pod, the worker run on /job, its exit and log reported. */
    private void runAsKubelet(Job job) throws IOException, InterruptedException {
        var template = job.getSpec().getTemplate();
        String subPath = template.getSpec().getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/job")).findFirst().orElseThrow().getSubPath();
        Path jobDir = paths.logs().resolve(subPath);
        Pod pod = client.pods().resource(new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-p0d")
                .withLabels(template.getMetadata().getLabels()).endMetadata().withSpec(template.getSpec()).build()).create();
        pod = client.pods().resource(new PodBuilder(pod).withNewStatus().withPhase("Running").addNewContainerStatus()
                .withName("worker").withNewState().withNewRunning().endRunning().endState().endContainerStatus().endStatus()
                .build()).updateStatus();
        Job current = client.batch().v1().jobs().withName(job.getMetadata().getName()).get();
        client.batch().v1().jobs().resource(new JobBuilder(current).withNewStatus().withActive(1).endStatus().build())
                .updateStatus();

        Path output = Files.createTempFile("cb-k8s-worker", ".log");
        ProcessBuilder worker = new ProcessBuilder(javaBinary(), "-cp", testClasspath(), WorkerMain.class.getName(),
                jobDir.toAbsolutePath().toString()).redirectErrorStream(true).redirectOutput(output.toFile());
        worker.environment().put("CYBER_BRAIN_UPLOADS", paths.uploads().toAbsolutePath().toString());
        int exit = worker.start().waitFor();
        String log = "worker output from the pod log\n" + Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);

        MockApiServer.server.expect().get().withPath("/api/v1/namespaces/test/pods/" + pod.getMetadata().getName()
                + "/log?pretty=false&container=worker").andReturn(200, log).always();
        Pod running = client.pods().withName(pod.getMetadata().getName()).get();
        client.pods().resource(new PodBuilder(running).editStatus().withPhase(exit == 0 ? "Succeeded" : "Failed")
                .withContainerStatuses().addNewContainerStatus().withName("worker").withNewState().withNewTerminated()
                .withExitCode(exit).endTerminated().endState().endContainerStatus().endStatus().build()).updateStatus();
        current = client.batch().v1().jobs().withName(job.getMetadata().getName()).get();
        client.batch().v1().jobs().resource(new JobBuilder(current).editStatus().withActive(0).withSucceeded(exit == 0 ? 1 : 0)
                .withFailed(exit == 0 ? 0 : 1).withConditions(new JobConditionBuilder().withType(exit == 0 ? "Complete" : "Failed")
                        .withStatus("True").build()).endStatus().build()).updateStatus();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    // ---- the run ------------------------------------------------------------------------------------------

    private void allowImage(boolean enabled) throws Exception {
        TestRuns.execute(ds, "delete from worker_image_allowlist where image_name = 'cyberbrain/worker' and image_tag = 'k8s-test'");
        TestRuns.execute(ds, "insert into worker_image_allowlist (image_name, image_tag, enabled, created_at, updated_at)"
                + " values ('cyberbrain/worker', 'k8s-test', " + enabled + ", now(), now())");
    }

    private long launchApproved(String... tasks) throws Throwable {
        long run = VertxContextSupport.subscribeAndAwait(() -> launches.launch(new LaunchRequest(List.of(tasks), null,
                "kubernetes " + String.join(" ", tasks), false, null, RunTrigger.API, "test", null))).run().id;
        VertxContextSupport.subscribeAndAwait(() -> decisions.approve(run, "test-admin", null));
        return run;
    }

    private String awaitEnd(long run) throws Exception {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String s = TestRuns.string(ds, "select status from run where id = " + run);
            return !s.equals("pending") && !s.equals("running") && !s.equals("awaiting_approval");
        });
        return TestRuns.string(ds, "select status from run where id = " + run);
    }

    private String errors(long run) {
        try {
            return TestRuns.string(ds, "select string_agg(task_key || ': ' || coalesce(error_summary, status), '; ') from run_job"
                    + " where run_id = " + run);
        } catch (Exception e) {
            return e.getMessage();
        }
    }
}
