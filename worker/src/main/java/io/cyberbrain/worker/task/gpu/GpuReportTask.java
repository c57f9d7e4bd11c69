package io.cyberbrain.worker.task.gpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.cyberbrain.redaction.Redactor;
import io.cyberbrain.worker.JobSpec;
import io.cyberbrain.worker.TaskOutcome;
import io.cyberbrain.worker.WorkerContext;
import io.cyberbrain.worker.WorkerTask;

/**
 * {@code gpu_report}: per-GPU state, processes (with their containers), history, health and room for
 * models, from nvidia-smi. No LLM is involved.
 *
 * <p>Inputs (all optional): {@code nvidia_smi_xml} (used when nvidia-smi cannot be run here),
 * {@code query_gpu_csv} (a {@code --query-gpu} CSV, last resort), {@code compute_apps_csv},
 * {@code process_containers} (pid to {@code {container_id, container_name}}), {@code gpu_history}.
 * Config: {@code model_sizes_gib} (default {@code [4, 8, 16, 24, 48]}), {@code headroom_mib} (512).
 */
public final class GpuReportTask implements WorkerTask {

    public static final String TASK_KEY = "gpu_report";
    public static final String ARTIFACT = "gpu-report.json";

    static final Duration NVIDIA_SMI_TIMEOUT = Duration.ofSeconds(20);
    static final List<String> XML_COMMAND = List.of("nvidia-smi", "-q", "-x");
    static final List<String> COMPUTE_APPS_COMMAND =
            List.of("nvidia-smi", NvidiaSmiCsvParser.COMPUTE_APPS_QUERY, "--format=csv");

    private static final int MAX_NOTE = 200;
    /** Prefix of notes about output that was there but could not be parsed. */
    private static final String UNREADABLE = "unreadable ";

    private final Path procRoot;
    private final Redactor redactor;
    private final NvidiaSmiXmlParser xmlParser = new NvidiaSmiXmlParser();
    private final NvidiaSmiCsvParser csvParser = new NvidiaSmiCsvParser();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public GpuReportTask() {
        this(Path.of("/proc"), Redactor.standard());
    }

    /** @param procRoot where to read {@code <pid>/cgroup} from; null to never look */
    public GpuReportTask(Path procRoot, Redactor redactor) {
        this.procRoot = procRoot;
        this.redactor = redactor;
    }

    @Override
    public String taskKey() {
        return TASK_KEY;
    }

    @Override
    public TaskOutcome run(JobSpec job, WorkerContext context) throws Exception {
        Map<String, Object> inputs = job.inputs();
        List<String> notes = new ArrayList<>();
        Loaded loaded = load(inputs, context, notes);
        if (loaded == null && notes.stream().anyMatch(n -> n.startsWith(UNREADABLE))) {
            String why = redactor.redact(String.join("; ", notes));
            return TaskOutcome.failure(why,
                    GpuReportMarkdown.HEADING + "\n\nThe GPU report failed: " + GpuReportMarkdown.cell(why) + "\n");
        }
        if (loaded == null || loaded.snapshot().gpus().isEmpty()) {
            if (loaded != null) {
                notes.add(loaded.source() + " lists no GPU");
            }
            return noGpu(notes);
        }

        ProcessesFound found = processes(loaded, inputs, context);
        ContainerResolver containers = new ContainerResolver(inputs.get("process_containers"), procRoot);
        List<GpuInfo> gpus = new ArrayList<>();
        for (GpuInfo g : found.snapshot().gpus()) {
            gpus.add(g.withProcesses(g.processes().stream().map(p -> finish(p, containers)).toList()));
        }
        List<GpuProcess> unassigned = found.unassigned().stream().map(p -> finish(p, containers)).toList();
        NvidiaSmiSnapshot snapshot =
                new NvidiaSmiSnapshot(found.snapshot().driverVersion(), found.snapshot().cudaVersion(), gpus);

        GpuReport report = new GpuReport(context.clock().instant(), loaded.source(), found.source(), snapshot,
                unassigned,
                GpuHistory.summarize(inputs.get("gpu_history")),
                planner(job.config()).plan(gpus),
                GpuHealth.check(gpus));

        Map<String, Object> result = report.toJson();
        Files.createDirectories(context.jobDir());
        json.writeValue(context.jobDir().resolve(ARTIFACT).toFile(), result);
        return TaskOutcome.success(report.summary(), GpuReportMarkdown.render(report), result, List.of(),
                List.of(new TaskOutcome.ArtifactRecord(ARTIFACT, "data", "application/json")));
    }

    /** Redacts the name (a path or whole command line) and adds the container. */
    private GpuProcess finish(GpuProcess p, ContainerResolver containers) {
        ContainerRef ref = containers.resolve(p.pid());
        // the id is a structured key (it joins with the inventory); the name is free text
        ContainerRef redacted = ref == null ? null : new ContainerRef(ref.id(), redactor.redact(ref.name()));
        return p.withName(redactor.redact(p.name())).withContainer(redacted);
    }

    private TaskOutcome noGpu(List<String> notes) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("gpus", List.of());
        result.put("gpu_available", false);
        List<String> redacted = notes.stream().map(redactor::redact).toList();
        return TaskOutcome.success("no NVIDIA GPU", GpuReportMarkdown.noGpu(redacted), result, List.of(), List.of());
    }

    // ---------------------------------------------------------------- sources

    private record Loaded(NvidiaSmiSnapshot snapshot, String source, boolean fromCommand) {
    }

    /** @param unassigned processes whose GPU UUID matches none of the GPUs */
    private record ProcessesFound(NvidiaSmiSnapshot snapshot, List<GpuProcess> unassigned, String source) {
    }

    /**
     * nvidia-smi here first; then XML the launcher supplied; then a --query-gpu CSV. An absent binary
     * or a failing one is the normal "no GPU" case and only leaves a note; output that cannot be parsed
     * is remembered as unreadable, so that a report built on nothing but broken input fails instead of
     * claiming there is no GPU.
     */
    private Loaded load(Map<String, Object> inputs, WorkerContext context, List<String> notes) {
        Optional<WorkerContext.CommandResult> run = context.run(XML_COMMAND, NVIDIA_SMI_TIMEOUT);
        if (run.isEmpty()) {
            notes.add("nvidia-smi is not installed");
        } else if (!run.get().ok()) {
            notes.add("nvidia-smi exited with code " + run.get().exitCode() + firstLine(run.get().stderr(), run.get().stdout()));
        } else {
            try {
                return new Loaded(xmlParser.parse(run.get().stdout()), "nvidia-smi", true);
            } catch (GpuDataException e) {
                notes.add(UNREADABLE + "nvidia-smi output: " + shorten(e.getMessage()));
            }
        }
        String xml = string(inputs.get("nvidia_smi_xml"));
        if (xml != null) {
            try {
                return new Loaded(xmlParser.parse(xml), "inputs.nvidia_smi_xml", false);
            } catch (GpuDataException e) {
                notes.add(UNREADABLE + "inputs.nvidia_smi_xml: " + shorten(e.getMessage()));
            }
        }
        String csv = string(inputs.get("query_gpu_csv"));
        if (csv != null) {
            try {
                return new Loaded(new NvidiaSmiSnapshot(null, null, csvParser.parseQueryGpu(csv)),
                        "inputs.query_gpu_csv", false);
            } catch (GpuDataException e) {
                notes.add(UNREADABLE + "inputs.query_gpu_csv: " + shorten(e.getMessage()));
            }
        }
        return null;
    }

    /**
     * Processes as the XML lists them; when it lists none (older drivers, some containers), the
     * compute-apps query, which is answered from a different driver path. Its rows name the GPU by UUID.
     */
    private ProcessesFound processes(Loaded loaded, Map<String, Object> inputs, WorkerContext context) {
        NvidiaSmiSnapshot snapshot = loaded.snapshot();
        if (snapshot.processCount() > 0) {
            return new ProcessesFound(snapshot, List.of(), loaded.fromCommand() ? "nvidia-smi -q -x" : loaded.source());
        }
        List<GpuProcess> fromCsv = List.of();
        String source = null;
        if (loaded.fromCommand()) {
            Optional<WorkerContext.CommandResult> run = context.run(COMPUTE_APPS_COMMAND, NVIDIA_SMI_TIMEOUT);
            if (run.isPresent() && run.get().ok()) {
                fromCsv = parseComputeApps(run.get().stdout());
                source = "nvidia-smi --query-compute-apps";
            }
        }
        String csv = string(inputs.get("compute_apps_csv"));
        if (fromCsv.isEmpty() && csv != null) {
            fromCsv = parseComputeApps(csv);
            source = "inputs.compute_apps_csv";
        }
        if (fromCsv.isEmpty()) {
            return new ProcessesFound(snapshot, List.of(), null);
        }
        List<GpuProcess> unassigned = new ArrayList<>();
        return new ProcessesFound(attach(snapshot, fromCsv, unassigned), unassigned, source);
    }

    private List<GpuProcess> parseComputeApps(String csv) {
        try {
            return csvParser.parseComputeApps(csv);
        } catch (GpuDataException e) {
            return List.of();
        }
    }

    /**
     * Puts each process on its GPU by UUID; with a single GPU every process is on it whatever UUID the
     * row shows (captures mask them). Processes matching no GPU go to {@code unassigned}.
     */
    static NvidiaSmiSnapshot attach(NvidiaSmiSnapshot snapshot, List<GpuProcess> processes,
                                    List<GpuProcess> unassigned) {
        List<GpuInfo> gpus = snapshot.gpus();
        Map<Integer, List<GpuProcess>> byGpu = new LinkedHashMap<>();
        for (GpuProcess p : processes) {
            GpuInfo target = gpus.size() == 1 ? gpus.get(0) : null;
            for (GpuInfo g : gpus) {
                if (g.uuid() != null && g.uuid().equalsIgnoreCase(p.gpuUuid())) {
                    target = g;
                }
            }
            if (target == null) {
                unassigned.add(p);
            } else {
                byGpu.computeIfAbsent(target.index(), k -> new ArrayList<>()).add(p.withGpuIndex(target.index()));
            }
        }
        List<GpuInfo> out = new ArrayList<>();
        for (GpuInfo g : gpus) {
            List<GpuProcess> mine = new ArrayList<>(g.processes());
            mine.addAll(byGpu.getOrDefault(g.index(), List.of()));
            out.add(g.withProcesses(mine));
        }
        return new NvidiaSmiSnapshot(snapshot.driverVersion(), snapshot.cudaVersion(), out);
    }

    // ---------------------------------------------------------------- config

    static CapacityPlanner planner(Map<String, Object> config) {
        List<Double> sizes = new ArrayList<>();
        if (config.get("model_sizes_gib") instanceof List<?> list) {
            for (Object o : list) {
                Double d = GpuHistory.decimal(o);
                if (d != null && d > 0) {
                    sizes.add(d);
                }
            }
        }
        if (sizes.isEmpty()) {
            sizes = CapacityPlanner.DEFAULT_MODEL_SIZES_GIB;
        }
        Double headroom = GpuHistory.decimal(config.get("headroom_mib"));
        return new CapacityPlanner(sizes,
                headroom == null || headroom < 0 ? CapacityPlanner.DEFAULT_HEADROOM_MIB : headroom.intValue());
    }

    private static String string(Object o) {
        return o instanceof String s && !s.isBlank() ? s : null;
    }

    private static String firstLine(String... texts) {
        for (String t : texts) {
            if (t != null && !t.isBlank()) {
                return ": " + shorten(t.strip().lines().findFirst().orElse(""));
            }
        }
        return "";
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > MAX_NOTE ? s.substring(0, MAX_NOTE - 1) + "…" : s;
    }
}
