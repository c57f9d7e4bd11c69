package io.cyberbrain.launcher.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.worker.WorkerMain;

/**
 * Runs the worker entry point as a child JVM: the same contract as a container, for machines without
 * Docker. The child gets only what the worker needs in its environment, and the variables of
 * {@link WorkerEnvironment} the job's config names.
 */
public class ProcessExecutor implements WorkerExecutor {

    /** How long the output is still read once the worker ended (a descendant that escaped the kill may hold it open). */
    private static final long DRAIN_MILLIS = 5_000;

    private final LauncherConfig.Process config;
    private final String mainClass;
    private final Map<Long, Process> running = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> killed = new ConcurrentHashMap<>();

    public ProcessExecutor(LauncherConfig.Process config) {
        this(config, WorkerMain.class.getName());
    }

    /** With another entry point: lets tests run a worker that misbehaves on purpose. */
    ProcessExecutor(LauncherConfig.Process config, String mainClass) {
        this.config = config;
        this.mainClass = mainClass;
    }

    @Override
    public String kind() {
        return "process";
    }

    @Override
    public WorkerExit run(WorkerLaunch launch, WorkerEvents events) throws WorkerException {
        List<String> command;
        try {
            command = command(launch);
        } catch (WorkerException e) {
            events.record(launch, "error", null, e.getMessage());
            throw e;
        }
        // The output goes through a pipe into a bounded buffer: nothing unredacted or unbounded lands on disk.
        ProcessBuilder builder = new ProcessBuilder(command).directory(launch.jobDir().toFile()).redirectErrorStream(true);
        builder.environment().clear();
        // The variables the job's config names and the operator allowed; the executor's own below win over them.
        builder.environment().putAll(launch.environment());
        builder.environment().put("CYBER_BRAIN_UPLOADS", launch.uploadsDir().toAbsolutePath().toString());
        if (launch.logsDir() != null) {
            builder.environment().put("CYBER_BRAIN_LOGS", launch.logsDir().toAbsolutePath().toString());
        }
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().put(WorkerMain.PARENT_PID_ENV, Long.toString(ProcessHandle.current().pid()));
        if (launch.gpuIndex() != null) {
            builder.environment().put("CUDA_VISIBLE_DEVICES", launch.gpuIndex().toString());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            events.record(launch, "error", null, "cannot start the worker process: " + e.getMessage());
            throw new WorkerException("cannot start the worker process: " + e.getMessage(), e);
        }
        String ref = "pid:" + process.pid();
        WorkerOutput output = new WorkerOutput(launch.outputLimitBytes());
        Thread pump = pump(process, output);
        running.put(launch.jobId(), process);
        if (killed.containsKey(launch.jobId())) {
            // kill() came between the claim and the start: honour it now rather than lose it.
            destroy(process);
        }
        events.record(launch, "spawn", ref, String.join(" ", command.subList(command.size() - 2, command.size())));
        events.record(launch, "start", ref, launch.gpuIndex() == null ? "no GPU" : "GPU " + launch.gpuIndex());
        try {
            boolean finished = process.waitFor(launch.timeout().toMillis(), TimeUnit.MILLISECONDS);
            boolean cancelled = killed.remove(launch.jobId()) != null;
            if (!finished) {
                destroy(process);
                events.record(launch, "kill", ref, "ran past its limit of " + launch.timeout().toSeconds() + " s");
            }
            int exit = finished && !cancelled ? process.exitValue() : -1;
            events.record(launch, "stop", ref, cancelled ? "killed on request" : "exit code " + (finished ? process.exitValue() : -1));
            events.record(launch, "remove", ref, "process reaped");
            return new WorkerExit(ref, exit, !finished, cancelled, drained(pump, output));
        } catch (InterruptedException e) {
            destroy(process);
            Thread.currentThread().interrupt();
            events.record(launch, "kill", ref, "launcher interrupted");
            return new WorkerExit(ref, -1, false, true, drained(pump, output));
        } finally {
            running.remove(launch.jobId());
            killed.remove(launch.jobId());
        }
    }

    @Override
    public void kill(long jobId) {
        killed.put(jobId, Boolean.TRUE);
        Process process = running.get(jobId);
        if (process != null) {
            destroy(process);
        }
    }

    List<String> command(WorkerLaunch launch) throws WorkerException {
        String java = config.java().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classpath = resolveClasspath(config.classpath());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(config.jvmOptions());
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.add(launch.jobDir().toAbsolutePath().toString());
        return command;
    }

    /** Relative entries are resolved against the working folder; the worker entry point must be on it. */
    static String resolveClasspath(String classpath) throws WorkerException {
        List<String> entries = new ArrayList<>();
        boolean hasWorker = false;
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            boolean wildcard = entry.endsWith("*");
            Path path = Path.of(wildcard ? entry.substring(0, entry.length() - 1) : entry).toAbsolutePath().normalize();
            entries.add(wildcard ? path + "/*" : path.toString());
            hasWorker |= wildcard ? anyJarHasWorker(path) : hasWorker(path);
        }
        if (!hasWorker) {
            throw new WorkerException("the worker classpath '" + classpath + "' has no " + WORKER_CLASS
                    + " (build it with ./mvnw package, or set CYBERBRAIN_WORKER_CLASSPATH)");
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static final String WORKER_CLASS = WorkerMain.class.getName().replace('.', '/') + ".class";

    private static boolean anyJarHasWorker(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).anyMatch(ProcessExecutor::hasWorker);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasWorker(Path entry) {
        if (Files.isDirectory(entry)) {
            return Files.isRegularFile(entry.resolve(WORKER_CLASS));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(entry.toFile())) {
            return jar.getEntry(WORKER_CLASS) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(Process process, WorkerOutput output) {
        Thread pump = new Thread(() -> {
            try (var in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException closed) {
                // the worker is gone; what was read is kept
            }
        }, "worker-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        return pump;
    }

    /** The output once its pipe is drained; an interrupt of the caller is kept for it, not spent here. */
    private static WorkerOutput drained(Thread pump, WorkerOutput output) {
        boolean interrupted = Thread.interrupted();
        try {
            pump.join(DRAIN_MILLIS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (pump.isAlive()) {
            output.markIncomplete("a process left behind by the worker still held its output open");
        }
        return output;
    }
}
