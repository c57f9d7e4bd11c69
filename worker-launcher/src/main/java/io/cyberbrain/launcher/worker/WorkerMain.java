package io.cyberbrain.launcher.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.cyberbrain.model.redaction.Redactor;

/**
 * The worker entry point, what a worker container or child process runs: {@code WorkerMain <job folder>}.
 * Reads {@code job.json}, runs its task, writes {@code result.json} (atomically) and exits 0; a task that
 * fails still exits 0 with a failed result. Exit 2 means the job folder or job.json could not be used, 3
 * that result.json could not be written: the launcher records those as worker errors.
 */
public final class WorkerMain {

    public static final String JOB_FILE = "job.json";
    public static final String RESULT_FILE = "result.json";
    static final int BAD_JOB = 2;
    static final int CANNOT_WRITE = 3;

    private WorkerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: WorkerMain <job folder>");
            System.exit(BAD_JOB);
        }
        Path jobDir = Path.of(args[0]);
        Path uploads = Path.of(System.getenv().getOrDefault("CYBER_BRAIN_UPLOADS", "/uploads"));
        System.exit(run(jobDir, new ProcessWorkerContext(jobDir, uploads, Clock.systemUTC()), tasks()));
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
