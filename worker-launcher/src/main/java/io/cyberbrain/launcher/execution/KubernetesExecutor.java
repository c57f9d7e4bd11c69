package io.cyberbrain.launcher.execution;

import static io.cyberbrain.launcher.execution.ExecutorSupport.message;
import static io.cyberbrain.launcher.execution.ExecutorSupport.parseLong;
import static io.cyberbrain.launcher.execution.ExecutorSupport.redact;
import static io.cyberbrain.launcher.execution.ExecutorSupport.workerName;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.launcher.execution.kubernetes.WorkerJobs;

/**
 * Runs each worker as a batch/v1 Job in the launcher's namespace ({@link WorkerJobs} says how it is confined). The
 * same contract as the other executors: job.json in (on the logs claim both sides mount), result.json out, the same
 * audit events, a hard time limit, {@link #kill} from another thread.
 *
 * <p>The end of a Job is seen by a watch; the Job and its pod are also read every
 * {@link LauncherConfig.Kubernetes#pollInterval()}, which covers a watch that was lost and finds a pod that can never
 * start (an image that cannot be pulled), which the Job's status does not show. The exit code is the worker container's
 * in the pod's status, its output the pod's log (read into the bounded {@link WorkerOutput}). The launcher deletes the
 * Job once it has read it (propagation Background: its pod goes with it); a timed-out or cancelled worker's Job is
 * deleted as well, after its log so far was read. activeDeadlineSeconds and ttlSecondsAfterFinished are the cluster's
 * own bounds for a Job whose launcher is gone.
 *
 * <p>Every call to the API blocks: call on worker threads, never the event loop ({@link #kill} only signals).
 */
public class KubernetesExecutor implements WorkerExecutor {

    private static final Logger LOG = Logger.getLogger(KubernetesExecutor.class);

    /** Waiting reasons of the worker's container that no waiting cures. */
    static final Set<String> CANNOT_START = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull",
            "CreateContainerConfigError", "CreateContainerError");


    private final LauncherConfig.Kubernetes config;
    private final KubernetesClient client;
    private final WorkerJobs jobs;
    private final String namespace;
    /** jobId to the Job run() owns, and how to wake run() up. */
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final Set<Long> killRequested = ConcurrentHashMap.newKeySet();

    /**
     * @param logsRoot where this launcher has the logs claim mounted (CYBER_BRAIN_LOGS)
     */
    public KubernetesExecutor(LauncherConfig.Kubernetes config, KubernetesClient client, Path logsRoot) {
        this.config = config;
        this.client = client;
        this.jobs = new WorkerJobs(config, logsRoot);
        this.namespace = config.namespace().map(String::trim).filter(n -> !n.isEmpty())
                .or(() -> Optional.ofNullable(client.getNamespace()))
                .orElseThrow(() -> new IllegalStateException("the kubernetes executor has no namespace: set"
                        + " cyberbrain.launcher.kubernetes.namespace (inside a cluster it is the service account's)"));
    }

    @Override
    public String kind() {
        return "kubernetes";
    }

    @Override
    public Optional<String> image() {
        return Optional.of(config.image());
    }

    @Override
    public boolean clusterPlacesGpus() {
        return true;
    }

    /** The namespace the Jobs are created in. */
    public String namespace() {
        return namespace;
    }

    @Override
    public WorkerExit run(WorkerLaunch launch, WorkerEvents events) throws WorkerException {
        if (launch.image() == null || launch.image().isBlank()) {
            throw fail(launch, events, null, "no worker image given", null);
        }
        if (launch.jobDir() == null || !Files.isDirectory(launch.jobDir())) {
            throw fail(launch, events, null, "the job folder " + launch.jobDir() + " does not exist", null);
        }
        String name = workerName(launch.jobId());
        Job spec;
        try {
            spec = jobs.job(launch, name, namespace);
        } catch (IllegalArgumentException e) {
            throw fail(launch, events, null, e.getMessage(), null);
        }
        Running run = new Running(name);
        running.put(launch.jobId(), run);
        boolean interrupted = false;
        try {
            if (killRequested.contains(launch.jobId())) {
                events.record(launch, "kill", null, "killed on request before it started");
                return new WorkerExit(null, -1, false, true, null);
            }
            try {
                client.batch().v1().jobs().inNamespace(namespace).resource(spec).create();
            } catch (RuntimeException e) {
                throw fail(launch, events, null, "cannot create the worker Job in namespace " + namespace, e);
            }
            events.record(launch, "spawn", name, "created Job " + name + " in " + namespace + " from " + launch.image());
            try {
                return await(launch, events, run);
            } finally {
                interrupted = Thread.interrupted();
                remove(launch, events, name);
            }
        } finally {
            running.remove(launch.jobId());
            killRequested.remove(launch.jobId());
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void kill(long jobId) {
        killRequested.add(jobId);
        Running run = running.get(jobId);
        if (run != null) {
            run.wake(); // run() reads the log so far and deletes the Job, on its own thread
        }
    }

    @Override
    public int removeOrphans(Set<Long> runningJobIds, WorkerEvents events) {
        List<Job> found;
        try {
            found = client.batch().v1().jobs().inNamespace(namespace)
                    .withLabel(WorkerJobs.LABEL_MANAGED_BY, WorkerJobs.MANAGED_BY)
                    .withLabel(WorkerJobs.LABEL_LAUNCHER, WorkerJobs.labelValue(config.launcherName()))
                    .list().getItems();
        } catch (RuntimeException e) {
            LOG.warnf("cannot list the worker Jobs of namespace %s to remove orphans: %s", namespace, redact(message(e)));
            return 0;
        }
        int removed = 0;
        for (Job job : found) {
            Map<String, String> labels = job.getMetadata().getLabels() == null ? Map.of() : job.getMetadata().getLabels();
            Long jobId = parseLong(labels.get(WorkerJobs.LABEL_JOB));
            if (jobId != null && ((runningJobIds != null && runningJobIds.contains(jobId)) || running.containsKey(jobId))) {
                continue;
            }
            String name = job.getMetadata().getName();
            Long runId = parseLong(labels.get(WorkerJobs.LABEL_RUN));
            WorkerLaunch orphan = jobId == null || runId == null ? null
                    : new WorkerLaunch(runId, jobId, labels.get(WorkerJobs.LABEL_TASK), null, null, null, imageOf(job), null);
            try {
                if (deleteJob(name)) {
                    removed++;
                    if (orphan != null) {
                        events.record(orphan, "remove", name, "orphaned worker Job removed (" + state(job) + ")");
                    }
                }
            } catch (RuntimeException e) {
                if (orphan != null) {
                    events.record(orphan, "error", name, redact("cannot remove the orphaned worker Job: " + message(e)));
                }
            }
        }
        return removed;
    }

    // ---- waiting ------------------------------------------------------------------------------------------

    private enum Ending { FINISHED, TIMED_OUT, CANCELLED, INTERRUPTED, GONE }

    private WorkerExit await(WorkerLaunch launch, WorkerEvents events, Running run) throws WorkerException {
        long deadline = System.nanoTime() + launch.timeout().toNanos();
        Watch watch = openWatch(run);
        try {
            Ending ending = null;
            Job current = null;
            boolean started = false;
            while (ending == null) {
                if (killRequested.contains(launch.jobId())) {
                    ending = Ending.CANCELLED;
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    ending = Ending.TIMED_OUT;
                    break;
                }
                boolean signalled;
                try {
                    signalled = run.changed.tryAcquire(Math.min(left, config.pollInterval().toNanos()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    ending = Ending.INTERRUPTED;
                    break;
                }
                if (signalled && run.deleted) {
                    ending = Ending.GONE;
                    break;
                }
                if (signalled && run.latest != null) {
                    current = run.latest;
                } else {
                    try {
                        current = client.batch().v1().jobs().inNamespace(namespace).withName(run.name).get();
                        if (current == null) {
                            ending = Ending.GONE;
                            break;
                        }
                        checkCanStart(launch, events, run.name);
                    } catch (RuntimeException e) {
                        // An API server that does not answer now may answer at the next poll; the time limit bounds it.
                        LOG.warnf("cannot read worker Job %s: %s", run.name, redact(message(e)));
                        continue;
                    }
                }
                if (!started && hasStarted(current)) {
                    started = true;
                    events.record(launch, "start", run.name, launch.gpuIndex() == null ? "no GPU"
                            : "one " + config.gpuResource() + ", placed by the cluster");
                }
                if (finished(current)) {
                    ending = Ending.FINISHED;
                }
            }
            return ended(launch, events, run, ending, current);
        } finally {
            if (watch != null) {
                watch.close();
            }
        }
    }

    private WorkerExit ended(WorkerLaunch launch, WorkerEvents events, Running run, Ending ending, Job job) {
        // The API calls below must not see an interrupt (the client gives up on them); it is restored afterwards.
        boolean interrupted = Thread.interrupted() || ending == Ending.INTERRUPTED;
        Optional<Pod> pod = workerPod(run.name);
        boolean clusterDeadline = ending == Ending.FINISHED && failedFor(job, "DeadlineExceeded");
        boolean cancelled = ending == Ending.CANCELLED || ending == Ending.INTERRUPTED || killRequested.contains(launch.jobId());
        boolean timedOut = (ending == Ending.TIMED_OUT || clusterDeadline) && !cancelled;
        int exitCode = -1;
        String stopDetail;
        if (timedOut) {
            events.record(launch, "kill", run.name, "ran past its limit of " + launch.timeout().toSeconds() + " s"
                    + (clusterDeadline ? " (the Job's activeDeadlineSeconds)" : ""));
            stopDetail = "killed at the time limit";
        } else if (cancelled) {
            events.record(launch, "kill", run.name, ending == Ending.INTERRUPTED ? "launcher interrupted" : "killed on request");
            stopDetail = "killed on request";
        } else if (ending == Ending.GONE) {
            stopDetail = "its Job was deleted by someone else";
        } else {
            Optional<ContainerStateTerminated> terminated = pod.flatMap(KubernetesExecutor::terminated);
            exitCode = terminated.map(t -> t.getExitCode() == null ? -1 : t.getExitCode()).orElse(-1);
            stopDetail = terminated.isPresent() ? "exit code " + exitCode + (oomKilled(terminated.get())
                    ? " (out of memory: limit " + config.memory() + ")" : "")
                    : "the Job ended without a worker exit code (" + state(job) + ")";
        }
        events.record(launch, "stop", run.name, stopDetail);
        WorkerOutput output = pod.filter(KubernetesExecutor::containerRan).map(p -> output(p, launch.outputLimitBytes()))
                .orElse(null);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new WorkerExit(run.name, exitCode, timedOut, cancelled, output);
    }

    private Watch openWatch(Running run) {
        try {
            return client.batch().v1().jobs().inNamespace(namespace).withName(run.name).watch(run);
        } catch (RuntimeException e) {
            LOG.debugf("no watch on Job %s (%s): polling every %s", run.name, message(e), config.pollInterval());
            return null;
        }
    }

    /** A pod whose worker can never start ends the launch now, with the reason, rather than at the time limit. */
    private void checkCanStart(WorkerLaunch launch, WorkerEvents events, String name) throws WorkerException {
        for (Pod pod : pods(name)) {
            for (ContainerStatus status : containerStatuses(pod)) {
                ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
                if (waiting != null && CANNOT_START.contains(waiting.getReason())) {
                    throw fail(launch, events, name, "the worker's pod cannot start: " + waiting.getReason()
                            + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage()), null);
                }
            }
        }
    }

    private List<Pod> pods(String name) {
        return client.pods().inNamespace(namespace).withLabel(WorkerJobs.LABEL_WORKER, name).list().getItems();
    }

    /** The Job's pod (with backoffLimit 0 there is one; should there be more, the newest). */
    private Optional<Pod> workerPod(String name) {
        try {
            return pods(name).stream().max(Comparator.comparing((Pod p) -> terminated(p).isPresent())
                    .thenComparing(p -> p.getMetadata().getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp()));
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the pod of worker Job %s: %s", name, redact(message(e)));
            return Optional.empty();
        }
    }

    private static List<ContainerStatus> containerStatuses(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? List.of()
                : pod.getStatus().getContainerStatuses();
    }

    private static Optional<ContainerStatus> workerStatus(Pod pod) {
        return containerStatuses(pod).stream().filter(s -> WorkerJobs.CONTAINER.equals(s.getName())).findFirst();
    }

    private static Optional<ContainerStateTerminated> terminated(Pod pod) {
        return workerStatus(pod).map(ContainerStatus::getState).map(s -> s.getTerminated());
    }

    /** Whether the worker container ran at all, so that it has a log. */
    private static boolean containerRan(Pod pod) {
        return workerStatus(pod).map(s -> s.getState() != null
                && (s.getState().getRunning() != null || s.getState().getTerminated() != null)).orElse(false);
    }

    private static boolean oomKilled(ContainerStateTerminated terminated) {
        return "OOMKilled".equals(terminated.getReason());
    }

    static boolean hasStarted(Job job) {
        JobStatus status = job.getStatus();
        return status != null && (positive(status.getActive()) || positive(status.getSucceeded()) || positive(status.getFailed()));
    }

    /** Complete or Failed: the Job is over (its pods have ended). */
    static boolean finished(Job job) {
        return conditions(job).stream().anyMatch(c -> "True".equals(c.getStatus())
                && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())));
    }

    private static boolean failedFor(Job job, String reason) {
        return conditions(job).stream().anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())
                && reason.equals(c.getReason()));
    }

    private static List<JobCondition> conditions(Job job) {
        return job == null || job.getStatus() == null || job.getStatus().getConditions() == null ? List.of()
                : job.getStatus().getConditions();
    }

    private static boolean positive(Integer count) {
        return count != null && count > 0;
    }

    private static String state(Job job) {
        List<JobCondition> conditions = conditions(job);
        return conditions.isEmpty() ? "not finished" : conditions.get(conditions.size() - 1).getType()
                + (conditions.get(conditions.size() - 1).getReason() == null ? "" : ": " + conditions.get(conditions.size() - 1).getReason());
    }

    // ---- output and removal -------------------------------------------------------------------------------

    /** The worker container's log so far, all of it read and its tail kept; a log that cannot be read is marked so. */
    private WorkerOutput output(Pod pod, int limit) {
        WorkerOutput output = new WorkerOutput(limit);
        try (InputStream log = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                .inContainer(WorkerJobs.CONTAINER).getLogInputStream()) {
            log.transferTo(output);
        } catch (IOException | RuntimeException e) {
            // a missing log is no reason to fail the job; the artifact says it is incomplete
            output.markIncomplete("the cluster did not give the pod's log: " + redact(message(e)));
        }
        return output;
    }

    private void remove(WorkerLaunch launch, WorkerEvents events, String name) {
        try {
            events.record(launch, "remove", name, deleteJob(name) ? "Job deleted, its pod with it" : "Job already gone");
        } catch (RuntimeException e) {
            events.record(launch, "error", name, redact("cannot delete the worker Job (ttlSecondsAfterFinished removes it once"
                    + " it ended): " + message(e)));
        }
    }

    /** Deletes a Job and, through the garbage collector, its pods; false if it was gone already. */
    private boolean deleteJob(String name) {
        return !client.batch().v1().jobs().inNamespace(namespace).withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().isEmpty();
    }

    private static String imageOf(Job job) {
        try {
            return job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static WorkerException fail(WorkerLaunch launch, WorkerEvents events, String ref, String what, Throwable cause) {
        String message = redact(cause == null ? what : what + ": " + message(cause));
        events.record(launch, "error", ref, message);
        return cause == null ? new WorkerException(message) : new WorkerException(message, cause);
    }


    /** One Job being waited for: the watch's latest view of it, and a signal for each change or kill. */
    private static final class Running implements Watcher<Job> {

        final String name;
        final Semaphore changed = new Semaphore(0);
        volatile Job latest;
        volatile boolean deleted;

        Running(String name) {
            this.name = name;
        }

        void wake() {
            changed.release();
        }

        @Override
        public void eventReceived(Action action, Job job) {
            if (action == Action.DELETED) {
                deleted = true;
            } else if (job != null) {
                latest = job;
            }
            changed.release();
        }

        @Override
        public void onClose(WatcherException cause) {
            // the poll goes on without it
            LOG.debugf("the watch on Job %s closed: %s", name, cause == null ? "normally" : cause.getMessage());
        }
    }
}
