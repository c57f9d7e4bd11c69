package io.cyberbrain.launcher.execution;

import static io.cyberbrain.launcher.execution.ExecutorSupport.message;
import static io.cyberbrain.launcher.execution.ExecutorSupport.parseLong;
import static io.cyberbrain.launcher.execution.ExecutorSupport.redact;
import static io.cyberbrain.launcher.execution.ExecutorSupport.workerName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.worker.WorkerMain;

/**
 * Runs each worker in an ephemeral container of the worker image: the job folder is its only writable
 * mount, the rest of its file system is read-only, it has no capabilities, no Docker socket, and memory,
 * CPU and process limits. The same contract as {@link ProcessExecutor}: job.json in, result.json out, the
 * same audit events, a hard time limit, {@link #kill} from another thread.
 *
 * <p>The container runs as {@link LauncherConfig.Docker#user()} (65534:65534 by default), which must be able
 * to write the job folder. When the launcher runs as root it hands the job folder (not its parents) to that
 * uid:gid before starting. A launcher that is not root does not change owners: run it as the same uid as the
 * worker, set the worker user to the launcher's uid:gid, or use rootless podman (whose user namespace maps
 * the container's users onto the launcher's).
 *
 * <p>The image is never pulled: a worker image that is not present on the engine is refused with a
 * {@link WorkerException}. Build it with {@code deploy/worker-image/build.sh}.
 */
public class DockerExecutor implements WorkerExecutor {

    /** Where the job folder is mounted (read-write); the worker's only argument. */
    public static final String JOB_MOUNT = "/job";
    /** Where the uploads folder is mounted (read-only), when it exists. */
    public static final String UPLOADS_MOUNT = "/uploads";
    /** CYBER_BRAIN_LOGS, read-only, for tasks that read logs. */
    public static final String LOGS_MOUNT = "/logs";
    /** The worker image's entry point (deploy/worker-image/build.sh and Dockerfile set the same). */
    public static final List<String> ENTRYPOINT = List.of("java", "-cp", "/opt/worker/*:/opt/worker/lib/*",
            WorkerMain.class.getName());
    /** The worker image's command: the job folder. */
    public static final List<String> CMD = List.of(JOB_MOUNT);

    public static final String LABEL_WORKER = "io.cyberbrain.worker";
    public static final String LABEL_RUN = "io.cyberbrain.run";
    public static final String LABEL_JOB = "io.cyberbrain.job";
    public static final String LABEL_TASK = "io.cyberbrain.task";

    /** How long the engine may take to hand over a finished worker's output. */
    private static final long OUTPUT_READ_SECONDS = 30;
    private static final long MIB = 1024L * 1024L;

    private final LauncherConfig.Docker config;
    private final DockerClient client;
    private final List<String> entrypoint;
    private final List<String> cmd;
    /** jobId to container id, while {@link #run} owns the container. */
    private final Map<Long, String> running = new ConcurrentHashMap<>();
    private final Set<Long> killRequested = ConcurrentHashMap.newKeySet();

    public DockerExecutor(LauncherConfig.Docker config, DockerClient client) {
        this(config, client, ENTRYPOINT, CMD);
    }

    /** Tests only: the real image with another command (e.g. one that waits). */
    DockerExecutor(LauncherConfig.Docker config, DockerClient client, List<String> entrypoint, List<String> cmd) {
        this.config = config;
        this.client = client;
        this.entrypoint = List.copyOf(entrypoint);
        this.cmd = List.copyOf(cmd);
    }

    @Override
    public String kind() {
        return "docker";
    }

    @Override
    public Optional<String> image() {
        return Optional.of(config.image());
    }

    @Override
    public WorkerExit run(WorkerLaunch launch, WorkerEvents events) throws WorkerException {
        String image = launch.image();
        if (image == null || image.isBlank()) {
            throw fail(launch, events, null, "no worker image given", null);
        }
        checkImagePresent(launch, events, image);
        prepareJobDir(launch, events);

        String name = workerName(launch.jobId());
        String id;
        try (CreateContainerCmd create = createCommand(launch, name)) {
            id = create.exec().getId();
        } catch (RuntimeException e) {
            throw fail(launch, events, null, "cannot create the worker container", e);
        }
        String ref = shortId(id);
        running.put(launch.jobId(), id);
        events.record(launch, "spawn", ref, "created " + name + " from " + image);

        boolean timedOut = false;
        boolean cancelled = false;
        int exitCode = -1;
        WorkerOutput output = null;
        boolean interrupted = false;
        try {
            if (killRequested.contains(launch.jobId())) {
                cancelled = true;
                events.record(launch, "kill", ref, "killed on request before it started");
            } else {
                startAllowingInterrupt(id);
                events.record(launch, "start", ref, launch.gpuIndex() == null ? "no GPU" : "GPU " + launch.gpuIndex());
                if (killRequested.contains(launch.jobId())) {
                    killQuietly(id); // kill() came between create and start
                }
                Outcome outcome = await(id, launch);
                interrupted = outcome.ending() == Ending.INTERRUPTED;
                cancelled = killRequested.contains(launch.jobId()) || outcome.ending() == Ending.INTERRUPTED;
                timedOut = outcome.ending() == Ending.TIMED_OUT && !cancelled;
                if (timedOut) {
                    events.record(launch, "kill", ref, "ran past its limit of " + launch.timeout().toSeconds() + " s");
                } else if (cancelled) {
                    events.record(launch, "kill", ref,
                            outcome.ending() == Ending.INTERRUPTED ? "launcher interrupted" : "killed on request");
                }
                String stopDetail;
                if (timedOut) {
                    stopDetail = "killed at the time limit";
                } else if (cancelled) {
                    stopDetail = "killed on request";
                } else {
                    exitCode = outcome.exitCode();
                    stopDetail = "exit code " + exitCode + (oomKilled(id) ? " (out of memory: limit " + config.memoryMb() + " MB)" : "");
                }
                events.record(launch, "stop", ref, stopDetail);
                output = output(id, launch.outputLimitBytes());
            }
        } catch (RuntimeException e) {
            throw fail(launch, events, ref, "the worker container failed", e);
        } finally {
            running.remove(launch.jobId());
            killRequested.remove(launch.jobId());
            // The engine calls below must not see an interrupt (the client gives up on them); it is
            // restored for the caller afterwards.
            interrupted |= Thread.interrupted();
            try {
                remove(launch, events, id, ref);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return new WorkerExit(ref, exitCode, timedOut, cancelled, output);
    }

    @Override
    public void kill(long jobId) {
        killRequested.add(jobId);
        String id = running.get(jobId);
        if (id != null) {
            try {
                client.killContainerCmd(id).exec();
            } catch (RuntimeException alreadyStoppedOrGone) {
                // run() removes it either way
            }
        }
    }

    @Override
    public int removeOrphans(Set<Long> runningJobIds, WorkerEvents events) {
        List<Container> containers;
        try {
            containers = client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(LABEL_WORKER, "true")).exec();
        } catch (RuntimeException unreachable) {
            return 0;
        }
        int removed = 0;
        for (Container container : containers) {
            Map<String, String> labels = container.getLabels() == null ? Map.of() : container.getLabels();
            Long jobId = parseLong(labels.get(LABEL_JOB));
            if (jobId != null && ((runningJobIds != null && runningJobIds.contains(jobId)) || running.containsKey(jobId))) {
                continue;
            }
            String ref = shortId(container.getId());
            try {
                client.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException alreadyGone) {
                continue;
            } catch (RuntimeException e) {
                Long runId = parseLong(labels.get(LABEL_RUN));
                if (jobId != null && runId != null) {
                    events.record(orphanLaunch(labels, container, runId, jobId), "error", ref,
                            redact("cannot remove the orphaned worker container: " + message(e)));
                }
                continue;
            }
            removed++;
            Long runId = parseLong(labels.get(LABEL_RUN));
            if (jobId != null && runId != null) {
                events.record(orphanLaunch(labels, container, runId, jobId), "remove", ref,
                        "orphaned worker container removed (" + container.getState() + ")");
            }
        }
        return removed;
    }

    // ---- the container -----------------------------------------------------------------------------------

    CreateContainerCmd createCommand(WorkerLaunch launch, String name) {
        return client.createContainerCmd(launch.image())
                .withName(name)
                .withEntrypoint(entrypoint)
                .withCmd(cmd)
                .withUser(config.user())
                .withWorkingDir(JOB_MOUNT)
                .withEnv(env(launch))
                .withLabels(labels(launch))
                .withTty(false)
                .withAttachStdin(false)
                .withHostConfig(hostConfig(launch));
    }

    /** The paths, and the variables of {@link WorkerEnvironment} the job's config names; the paths win over them. */
    static List<String> env(WorkerLaunch launch) {
        Map<String, String> env = new LinkedHashMap<>(launch.environment());
        env.put("CYBER_BRAIN_UPLOADS", UPLOADS_MOUNT);
        if (launch.logsDir() != null) {
            env.put("CYBER_BRAIN_LOGS", LOGS_MOUNT);
        }
        List<String> list = new ArrayList<>();
        env.forEach((name, value) -> list.add(name + "=" + value));
        return list;
    }

    static Map<String, String> labels(WorkerLaunch launch) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_WORKER, "true");
        labels.put(LABEL_RUN, Long.toString(launch.runId()));
        labels.put(LABEL_JOB, Long.toString(launch.jobId()));
        labels.put(LABEL_TASK, launch.taskKey() == null ? "" : launch.taskKey());
        return labels;
    }

    /** Everything that confines the worker. */
    HostConfig hostConfig(WorkerLaunch launch) {
        List<Bind> binds = new ArrayList<>();
        binds.add(new Bind(launch.jobDir().toAbsolutePath().toString(), new Volume(JOB_MOUNT), AccessMode.rw));
        if (launch.uploadsDir() != null && Files.isDirectory(launch.uploadsDir())) {
            binds.add(new Bind(launch.uploadsDir().toAbsolutePath().toString(), new Volume(UPLOADS_MOUNT), AccessMode.ro));
        }
        if (launch.logsDir() != null && Files.isDirectory(launch.logsDir())) {
            binds.add(new Bind(launch.logsDir().toAbsolutePath().toString(), new Volume(LOGS_MOUNT), AccessMode.ro));
        }
        long memory = config.memoryMb() * MIB;
        HostConfig host = HostConfig.newHostConfig()
                .withBinds(binds)
                .withPrivileged(false)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,noexec,size=" + config.tmpfsMb() + "m"))
                .withMemory(memory)
                .withMemorySwap(memory)
                .withNanoCPUs(Math.round(config.cpus() * 1_000_000_000d))
                .withPidsLimit(config.pidsLimit())
                .withNetworkMode(config.network());
        if (launch.gpuIndex() != null) {
            host.withDeviceRequests(List.of(new DeviceRequest()
                    .withDriver("nvidia")
                    .withDeviceIds(List.of(launch.gpuIndex().toString()))
                    .withCapabilities(List.of(List.of("gpu")))));
        }
        return host;
    }

    private void checkImagePresent(WorkerLaunch launch, WorkerEvents events, String image) throws WorkerException {
        try {
            client.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw fail(launch, events, null, "the worker image '" + image + "' is not present on the Docker host;"
                    + " the launcher never pulls: build it with deploy/worker-image/build.sh or load it (docker load)", null);
        } catch (RuntimeException e) {
            throw fail(launch, events, null, "the Docker engine did not answer", e);
        }
    }

    /** As root, gives the job folder and what is in it (never its parents) to the worker's uid:gid. */
    private void prepareJobDir(WorkerLaunch launch, WorkerEvents events) throws WorkerException {
        Path dir = launch.jobDir();
        if (dir == null || !Files.isDirectory(dir)) {
            throw fail(launch, events, null, "the job folder " + dir + " does not exist", null);
        }
        int[] owner = numericUser(config.user());
        if (owner == null || !runningAsRoot()) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(path, "unix:uid", owner[0], LinkOption.NOFOLLOW_LINKS);
                if (owner[1] >= 0) {
                    Files.setAttribute(path, "unix:gid", owner[1], LinkOption.NOFOLLOW_LINKS);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw fail(launch, events, null, "cannot hand the job folder to the worker user " + config.user(), e);
        }
    }

    /** {@code uid[:gid]} as numbers ({@code gid} -1 when absent), or null for a user name. */
    static int[] numericUser(String user) {
        if (user == null || user.isBlank()) {
            return null;
        }
        String[] parts = user.trim().split(":", 2);
        try {
            int uid = Integer.parseInt(parts[0]);
            int gid = parts.length > 1 && !parts[1].isEmpty() ? Integer.parseInt(parts[1]) : -1;
            return new int[] {uid, gid};
        } catch (NumberFormatException name) {
            return null;
        }
    }

    private static boolean runningAsRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private enum Ending { EXITED, TIMED_OUT, INTERRUPTED }

    private record Outcome(Ending ending, int exitCode) {
    }

    /**
     * Waits for the container to stop; kills it at the time limit or when this thread is interrupted. The
     * engine's wait call ends it; between short waits the state is also polled (50 ms, growing to 1 s),
     * since podman's wait answers several hundred milliseconds after the exit.
     */
    private Outcome await(String id, WorkerLaunch launch) {
        long deadline = System.nanoTime() + launch.timeout().toNanos();
        WaitContainerResultCallback callback;
        try {
            callback = client.waitContainerCmd(id).exec(new WaitContainerResultCallback());
        } catch (RuntimeException e) {
            if (!Thread.interrupted() && !causedByInterrupt(e)) {
                throw e;
            }
            killQuietly(id); // interrupted while asking the engine to wait: as below, the interrupt ends the worker
            return new Outcome(Ending.INTERRUPTED, -1);
        }
        try {
            long pollMillis = 50;
            boolean waitAnswered = false;
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    killQuietly(id);
                    return new Outcome(Ending.TIMED_OUT, -1);
                }
                long slice = Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, pollMillis);
                try {
                    if (!waitAnswered) {
                        if (waitEnded(callback, slice)) {
                            waitAnswered = true;
                            Integer code = statusCode(callback);
                            if (code != null) {
                                return new Outcome(Ending.EXITED, code);
                            }
                        }
                    } else {
                        Thread.sleep(slice); // the wait call ended without a code: poll only
                    }
                } catch (InterruptedException e) {
                    killQuietly(id); // the interrupt is cleared here, and restored by run() at its end
                    return new Outcome(Ending.INTERRUPTED, -1);
                }
                Integer exited = exitCodeIfStopped(id);
                if (exited != null) {
                    return new Outcome(Ending.EXITED, exited);
                }
                pollMillis = Math.min(1000, pollMillis * 3 / 2);
            }
        } finally {
            try {
                callback.close();
            } catch (IOException ignored) {
                // the connection is released either way
            }
        }
    }

    /**
     * Starts the container. An interrupt of the launcher thread that lands while the engine answers makes the client
     * fail the call although the container may be running; that is an interruption, not a failed worker: the
     * interrupt is kept so that {@link #await} kills the container and the run ends cancelled.
     */
    private void startAllowingInterrupt(String id) {
        try {
            client.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted() && !causedByInterrupt(e)) {
                throw e;
            }
            Thread.currentThread().interrupt();
        }
    }

    private static boolean causedByInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                    || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    private static boolean waitEnded(WaitContainerResultCallback callback, long millis) throws InterruptedException {
        try {
            return callback.awaitCompletion(millis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException failed) {
            return true; // the wait call broke (connection closed); the state poll decides
        }
    }

    private static Integer statusCode(WaitContainerResultCallback callback) {
        try {
            return callback.awaitStatusCode();
        } catch (RuntimeException noAnswer) {
            return null; // e.g. the engine closed the wait call early; the state poll decides
        }
    }

    /** The exit code once the container stopped, else null (also when it cannot be inspected right now). */
    private Integer exitCodeIfStopped(String id) {
        try {
            InspectContainerResponse.ContainerState state = client.inspectContainerCmd(id).exec().getState();
            if (state == null || state.getStatus() == null) {
                return null;
            }
            String status = state.getStatus();
            if (status.equals("exited") || status.equals("dead") || status.equals("stopped")) {
                return state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue();
            }
            return null;
        } catch (NotFoundException gone) {
            return -1;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void killQuietly(String id) {
        try {
            client.killContainerCmd(id).exec();
        } catch (RuntimeException alreadyStopped) {
            // removal below forces it anyway
        }
    }

    private boolean oomKilled(String id) {
        try {
            InspectContainerResponse inspect = client.inspectContainerCmd(id).exec();
            return inspect.getState() != null && Boolean.TRUE.equals(inspect.getState().getOOMKilled());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The container's stdout and stderr, all of it read and its tail kept. Called before removal, with any interrupt
     * of this thread cleared (run() restores it), so a cancelled worker's output is read as well.
     */
    private WorkerOutput output(String id, int limit) {
        WorkerOutput output = new WorkerOutput(limit);
        boolean interrupted = Thread.interrupted();
        try (ResultCallback.Adapter<Frame> callback = client.logContainerCmd(id).withStdOut(true).withStdErr(true)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        output.write(frame.getPayload(), 0, frame.getPayload().length);
                    }
                })) {
            if (!callback.awaitCompletion(OUTPUT_READ_SECONDS, TimeUnit.SECONDS)) {
                output.markIncomplete("the engine did not hand over all of the output within " + OUTPUT_READ_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            interrupted = true;
            output.markIncomplete("the launcher was interrupted while reading the output");
        } catch (IOException | RuntimeException e) {
            // a missing log is no reason to fail the job; the artifact says it is incomplete
            output.markIncomplete("the engine did not give the output: " + redact(message(e)));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return output;
    }

    private void remove(WorkerLaunch launch, WorkerEvents events, String id, String ref) {
        try {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            events.record(launch, "remove", ref, "container removed");
        } catch (NotFoundException alreadyGone) {
            events.record(launch, "remove", ref, "container already gone");
        } catch (RuntimeException e) {
            events.record(launch, "error", ref, redact("cannot remove the worker container: " + message(e)));
        }
    }

    private static WorkerException fail(WorkerLaunch launch, WorkerEvents events, String ref, String what, Throwable cause) {
        String message = redact(cause == null ? what : what + ": " + message(cause));
        events.record(launch, "error", ref, message);
        return cause == null ? new WorkerException(message) : new WorkerException(message, cause);
    }

    private static WorkerLaunch orphanLaunch(Map<String, String> labels, Container container, long runId, long jobId) {
        return new WorkerLaunch(runId, jobId, labels.get(LABEL_TASK), null, null, null, container.getImage(), null);
    }

    static String shortId(String id) {
        return id == null ? null : id.length() > 12 ? id.substring(0, 12) : id;
    }
}
