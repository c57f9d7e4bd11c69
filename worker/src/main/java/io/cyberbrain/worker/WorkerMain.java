package io.cyberbrain.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.cyberbrain.redaction.Redactor;

/**
 * The worker entry point, what a worker container or child process runs: {@code WorkerMain <job folder>}.
 * Reads {@code job.json}, runs its task, writes {@code result.json} (atomically) and exits 0; a task that
 * fails still exits 0 with a failed result. Exit 2 means the job folder or job.json could not be used, 3
 * that result.json could not be written: the launcher records those as worker errors.
 */
public final class WorkerMain {

    public static final String JOB_FILE = "job.json";
    public static final String RESULT_FILE = "result.json";
    /** Set by the process executor: the launcher's pid, which this worker must not outlive. */
    public static final String PARENT_PID_ENV = "CYBERBRAIN_WORKER_PARENT_PID";
    static final int BAD_JOB = 2;
    static final int ORPHANED = 4;
    static final int CANNOT_WRITE = 3;

    private WorkerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: WorkerMain <job folder>");
            System.exit(BAD_JOB);
        }
        watchParent(System.getenv(PARENT_PID_ENV));
        Path jobDir = Path.of(args[0]);
        Path uploads = Path.of(System.getenv().getOrDefault("CYBER_BRAIN_UPLOADS", "/uploads"));
        Path logs = ProcessWorkerContext.logsDirFrom(System.getenv());
        System.exit(run(jobDir, new ProcessWorkerContext(jobDir, uploads, logs, Clock.systemUTC()), tasks()));
    }

    /**
     * A process worker whose launcher was killed (kill -9) must stop too: another launcher takes the job over
     * once the lease expires, and two workers of one job must never run at once. Containers need no such
     * watch: a new launcher removes orphaned containers by label.
     */
    static void watchParent(String parentPid) {
        if (parentPid == null || parentPid.isBlank()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(parentPid.trim());
        } catch (NumberFormatException e) {
            return;
        }
        Thread watch = new Thread(() -> {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("the launcher (pid " + pid + ") is gone; stopping");
            Runtime.getRuntime().halt(ORPHANED);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Tasks are found with the ServiceLoader, so the runtime needs no framework. */
    static Map<String, WorkerTask> tasks() {
        return ServiceLoader.load(WorkerTask.class).stream().map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(WorkerTask::taskKey, Function.identity()));
    }

    static int run(Path jobDir, WorkerContext context, Map<String, WorkerTask> tasks) {
        JobSpec job;
        try {
            job = WorkerJson.MAPPER.readValue(jobDir.resolve(JOB_FILE).toFile(), JobSpec.class);
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot read " + jobDir.resolve(JOB_FILE) + ": " + Redactor.standard().redact(e.getMessage()));
            return BAD_JOB;
        }
        TaskOutcome outcome = execute(job, context, tasks);
        try {
            Path tmp = jobDir.resolve(RESULT_FILE + ".tmp");
            WorkerJson.MAPPER.writeValue(tmp.toFile(), outcome);
            Files.move(tmp, jobDir.resolve(RESULT_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return 0;
        } catch (IOException e) {
            System.err.println("cannot write " + RESULT_FILE + ": " + Redactor.standard().redact(e.getMessage()));
            return CANNOT_WRITE;
        }
    }

    static TaskOutcome execute(JobSpec job, WorkerContext context, Map<String, WorkerTask> tasks) {
        WorkerTask task = tasks.get(job.taskKey());
        if (task == null) {
            return TaskOutcome.failure("this worker has no task '" + job.taskKey() + "' (it has " + tasks.keySet() + ")", null);
        }
        try {
            TaskOutcome outcome = task.run(job, context);
            return outcome != null ? outcome : TaskOutcome.failure("task " + job.taskKey() + " returned no result", null);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return TaskOutcome.failure("task " + job.taskKey() + " failed: " + Redactor.standard().redact(reason), null);
        }
    }
}
