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

    /** CYBERBRAIN_EXECUTOR: {@code process} (a child JVM) or {@code docker} (an ephemeral container). */
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
}
