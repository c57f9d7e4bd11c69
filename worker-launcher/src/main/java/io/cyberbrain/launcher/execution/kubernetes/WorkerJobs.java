package io.cyberbrain.launcher.execution.kubernetes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.launcher.execution.DockerExecutor;
import io.cyberbrain.launcher.execution.WorkerLaunch;

/**
 * The batch/v1 Job of one worker: the same confinement as a docker-executor container (non-root, read-only root, no
 * capabilities, no privilege escalation, the runtime's default seccomp profile, CPU and memory limits, no API token),
 * the job folder as a subPath of the logs claim shared with the launcher, the uploads read-only, one try
 * ({@code backoffLimit: 0}) and the cluster's own deadline and clean-up in case this launcher is gone.
 */
public final class WorkerJobs {

    /** The mark of every Job a launcher creates. */
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "cyberbrain-worker-launcher";
    /** Which launcher created it ({@link LauncherConfig.Kubernetes#launcherName()}): its orphans are found by it. */
    public static final String LABEL_LAUNCHER = "cyberbrain.io/launcher";
    public static final String LABEL_RUN = "cyberbrain.io/run";
    public static final String LABEL_JOB = "cyberbrain.io/job";
    public static final String LABEL_TASK = "cyberbrain.io/task";
    /** The Job's name, also on its pods, which are found by it (whoever the Job controller labels them as). */
    public static final String LABEL_WORKER = "cyberbrain.io/worker";

    /** The worker's container in the pod. */
    public static final String CONTAINER = "worker";

    private static final String VOLUME_LOGS = "logs";
    private static final String VOLUME_UPLOADS = "uploads";
    private static final String VOLUME_TMP = "tmp";
    private static final int MAX_LABEL_VALUE = 63;

    private final LauncherConfig.Kubernetes config;
    private final Path logsRoot;

    /**
     * @param logsRoot where the launcher has the logs claim mounted (CYBER_BRAIN_LOGS); job folders must lie inside it
     */
    public WorkerJobs(LauncherConfig.Kubernetes config, Path logsRoot) {
        this.config = config;
        this.logsRoot = logsRoot.toAbsolutePath().normalize();
    }

    /** The Job that runs {@code launch}, named {@code name}. */
    public Job job(WorkerLaunch launch, String name, String namespace) {
        Map<String, String> labels = labels(launch, name);
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(activeDeadlineSeconds(launch.timeout()))
                .withTtlSecondsAfterFinished((int) Math.min(Integer.MAX_VALUE, config.ttlAfterFinished().toSeconds()))
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                // Like the docker executor's "never the engine's socket": a worker gets no credentials for the API.
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(config.runAsUser())
                .withRunAsGroup(config.runAsGroup())
                .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
                .endSecurityContext()
                .withContainers(container(launch))
                .withVolumes(volumes(launch))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The labels of the Job and of its pods. */
    public Map<String, String> labels(WorkerLaunch launch, String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_MANAGED_BY, MANAGED_BY);
        labels.put(LABEL_LAUNCHER, labelValue(config.launcherName()));
        labels.put(LABEL_RUN, Long.toString(launch.runId()));
        labels.put(LABEL_JOB, Long.toString(launch.jobId()));
        labels.put(LABEL_TASK, labelValue(launch.taskKey()));
        labels.put(LABEL_WORKER, name);
        return labels;
    }

    /** The job folder relative to the logs root: the subPath of the logs claim the worker gets read-write. */
    public String jobSubPath(Path jobDir) {
        Path dir = jobDir.toAbsolutePath().normalize();
        if (!dir.startsWith(logsRoot) || dir.equals(logsRoot)) {
            throw new IllegalArgumentException("the job folder " + jobDir + " is not inside CYBER_BRAIN_LOGS (" + logsRoot
                    + "), the folder on the logs claim " + config.logsClaim());
        }
        return logsRoot.relativize(dir).toString().replace('\\', '/');
    }

    private Container container(WorkerLaunch launch) {
        Map<String, Quantity> limits = new LinkedHashMap<>();
        limits.put("cpu", new Quantity(config.cpu()));
        limits.put("memory", new Quantity(config.memory()));
        Map<String, Quantity> requests = new LinkedHashMap<>(limits);
        if (launch.gpuIndex() != null) {
            // Extended resources are limits only (the request follows); the device plugin picks the device.
            limits.put(config.gpuResource(), new Quantity("1"));
        }
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(launch.image())
                .withImagePullPolicy(config.imagePullPolicy())
                .withCommand(DockerExecutor.ENTRYPOINT)
                .withArgs(DockerExecutor.CMD)
                .withWorkingDir(DockerExecutor.JOB_MOUNT)
                .withEnv(env(launch))
                .withNewResources().withLimits(limits).withRequests(requests).endResources()
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withPrivileged(false)
                .withCapabilities(dropAll())
                .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
                .endSecurityContext()
                .withVolumeMounts(mounts(launch))
                .build();
    }

    private static Capabilities dropAll() {
        return new CapabilitiesBuilder().withDrop("ALL").build();
    }

    /**
     * The paths, and the variables of {@code WorkerEnvironment} the job's config names: as references to the env
     * Secret when one is configured, else as values. The paths win over a variable of the same name.
     */
    List<EnvVar> env(WorkerLaunch launch) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        Optional<String> secret = config.envSecret().map(String::trim).filter(s -> !s.isEmpty());
        launch.environment().forEach((name, value) -> env.put(name, secret
                .map(s -> new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef(name, s, false)
                        .endValueFrom().build())
                .orElseGet(() -> new EnvVar(name, value, null))));
        env.put("CYBER_BRAIN_UPLOADS", new EnvVar("CYBER_BRAIN_UPLOADS", DockerExecutor.UPLOADS_MOUNT, null));
        if (launch.logsDir() != null) {
            env.put("CYBER_BRAIN_LOGS", new EnvVar("CYBER_BRAIN_LOGS", DockerExecutor.LOGS_MOUNT, null));
        }
        return new ArrayList<>(env.values());
    }

    private List<VolumeMount> mounts(WorkerLaunch launch) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName(VOLUME_LOGS).withMountPath(DockerExecutor.JOB_MOUNT)
                .withSubPath(jobSubPath(launch.jobDir())).withReadOnly(false).build());
        if (uploadsClaim().isPresent()) {
            mounts.add(new VolumeMountBuilder().withName(VOLUME_UPLOADS).withMountPath(DockerExecutor.UPLOADS_MOUNT)
                    .withReadOnly(true).build());
        }
        if (launch.logsDir() != null) {
            mounts.add(new VolumeMountBuilder().withName(VOLUME_LOGS).withMountPath(DockerExecutor.LOGS_MOUNT)
                    .withReadOnly(true).build());
        }
        mounts.add(new VolumeMountBuilder().withName(VOLUME_TMP).withMountPath("/tmp").build());
        return mounts;
    }

    private List<Volume> volumes(WorkerLaunch launch) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(VOLUME_LOGS).withNewPersistentVolumeClaim(config.logsClaim(), false).build());
        uploadsClaim().ifPresent(claim -> volumes.add(new VolumeBuilder().withName(VOLUME_UPLOADS)
                .withNewPersistentVolumeClaim(claim, true).build()));
        volumes.add(new VolumeBuilder().withName(VOLUME_TMP).withNewEmptyDir().withMedium("Memory")
                .withSizeLimit(new Quantity(config.tmpSize())).endEmptyDir().build());
        return volumes;
    }

    private Optional<String> uploadsClaim() {
        return config.uploadsClaim().map(String::trim).filter(s -> !s.isEmpty());
    }

    /** A label value: at most 63 of [A-Za-z0-9-_.], starting and ending with a letter or digit; others become '-'. */
    public static String labelValue(String value) {
        if (value == null) {
            return "";
        }
        String cleaned = value.replaceAll("[^A-Za-z0-9._-]", "-");
        if (cleaned.length() > MAX_LABEL_VALUE) {
            cleaned = cleaned.substring(0, MAX_LABEL_VALUE);
        }
        return cleaned.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    /** The job's time limit as the cluster sees it. */
    public long activeDeadlineSeconds(Duration timeout) {
        return Math.max(1, timeout.plus(config.deadlineGrace()).toSeconds());
    }
}
