package io.cyberbrain.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "cyberbrain.launcher")
public interface LauncherConfig {

    /** False keeps this instance from claiming jobs (maintenance, benchmarks); health and metrics stay up. */
    @WithDefault("true")
    boolean enabled();

    /**
     * CYBERBRAIN_EXECUTOR: {@code process} (a child JVM), {@code docker} (an ephemeral container) or {@code kubernetes}
     * (a batch/v1 Job in the launcher's namespace).
     */
    @WithDefault("process")
    String executor();

    /** This instance's name in leases; defaults to host name and pid. */
    Optional<String> instanceId();

    /** Jobs run at once by this instance. */
    @WithDefault("2")
    int concurrency();

    /** How long a claim holds without a heartbeat; another launcher takes the job over after that. */
    @WithDefault("60s")
    Duration lease();

    @WithDefault("15s")
    Duration heartbeatInterval();

    /** Polling, the fallback when a NOTIFY was missed. */
    @WithDefault("10s")
    Duration pollInterval();

    /**
     * Readiness goes down when a consumer's heartbeat or polling (jobs, notifications) has not succeeded for this many
     * of its intervals: it is stuck (the database does not answer), and the instance should be restarted.
     */
    @WithDefault("3")
    int livenessIntervals();

    /** Wall-clock limit of one job when its task template sets none. */
    @WithDefault("15m")
    Duration defaultTimeout();

    /** How much of a worker's own output (its tail) is kept as the job's worker.log artifact. */
    @WithDefault("1048576")
    int workerLogMaxBytes();

    /**
     * CYBERBRAIN_LAUNCHER_WORKER_ENV_ALLOWED: names of this launcher's environment variables a job's config may have
     * passed to its worker by naming them in a {@code *_env} key (such as {@code llm.api_key_env}); none by default.
     */
    Optional<Set<String>> workerEnvAllowed();

    Process process();

    Docker docker();

    Kubernetes kubernetes();

    interface Process {
        /** The java binary for worker processes; defaults to the one running the launcher. */
        Optional<String> java();

        /** CYBERBRAIN_WORKER_CLASSPATH: the worker jar and its libraries. */
        @WithDefault("worker/target/worker/*:worker/target/worker/lib/*")
        String classpath();

        @WithDefault("-Xmx256m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1")
        List<String> jvmOptions();
    }

    interface Docker {
        /** DOCKER_HOST; unset means the local socket. */
        Optional<String> host();

        /** The worker image (name:tag); it must also be on the worker image allowlist. */
        @WithDefault("cyberbrain/worker:latest")
        String image();

        /** Network of worker containers: bridge by default so workers reach a LAN LLM; "none" isolates them. */
        @WithDefault("bridge")
        String network();

        @WithDefault("512")
        long memoryMb();

        @WithDefault("1.0")
        double cpus();

        @WithDefault("256")
        long pidsLimit();

        @WithDefault("64")
        int tmpfsMb();

        /** uid:gid the worker runs as. */
        @WithDefault("65534:65534")
        String user();
    }

    /** The kubernetes executor: each job a batch/v1 Job; see execution.KubernetesExecutor. */
    interface Kubernetes {
        /** Namespace of the worker Jobs; unset: the launcher's own (its service account's, else the kubeconfig's). */
        Optional<String> namespace();

        /** The worker image (name:tag); it must also be on the worker image allowlist. */
        @WithDefault("cyberbrain/worker:latest")
        String image();

        /** Always, IfNotPresent or Never. */
        @WithDefault("IfNotPresent")
        String imagePullPolicy();

        /**
         * The PersistentVolumeClaim holding CYBER_BRAIN_LOGS, mounted by the launcher at {@code cyberbrain.paths.logs}: a
         * worker gets its job folder from it (subPath) read-write, and the whole of it read-only for log triage.
         */
        @WithDefault("cyberbrain-logs")
        String logsClaim();

        /** The PersistentVolumeClaim holding CYBER_BRAIN_UPLOADS, mounted read-only; unset: workers get no uploads. */
        Optional<String> uploadsClaim();

        /** CPU limit (and request) of a worker, as a Kubernetes quantity. */
        @WithDefault("1")
        String cpu();

        /** Memory limit (and request) of a worker, as a Kubernetes quantity. */
        @WithDefault("512Mi")
        String memory();

        /** Size of the worker's /tmp (an emptyDir in memory): its root file system is read-only. */
        @WithDefault("64Mi")
        String tmpSize();

        /** uid and gid of the worker: the launcher image's user by default, so the worker can write the job folder. */
        @WithDefault("10001")
        long runAsUser();

        @WithDefault("10001")
        long runAsGroup();

        /** The extended resource a GPU job asks one of. */
        @WithDefault("nvidia.com/gpu")
        String gpuResource();

        /**
         * A Secret holding the variables of {@code worker-env-allowed} (under their names): a worker then gets them as
         * references to it, never as values written into the Job. Unset: the values go into the Job's spec.
         */
        Optional<String> envSecret();

        /** Added to the job's time limit for activeDeadlineSeconds, the cluster's own limit if this launcher is gone. */
        @WithDefault("60s")
        Duration deadlineGrace();

        /** ttlSecondsAfterFinished: the cluster removes a finished Job the launcher could not remove itself. */
        @WithDefault("10m")
        Duration ttlAfterFinished();

        /** How often a running Job and its pod are read besides the watch (a lost watch, a pod that cannot start). */
        @WithDefault("5s")
        Duration pollInterval();

        /** Value of the cyberbrain.io/launcher label on this launcher's Jobs; its orphans are found by it. */
        @WithDefault("worker-launcher")
        String launcherName();
    }
}
