package io.cyberbrain.worker.task.triage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.policy.LogScope;
import io.cyberbrain.redaction.Redactor;
import io.cyberbrain.worker.JobSpec;
import io.cyberbrain.worker.TaskOutcome;
import io.cyberbrain.worker.TaskOutcome.ArtifactRecord;
import io.cyberbrain.worker.TaskOutcome.LlmCallRecord;
import io.cyberbrain.worker.WorkerContext;
import io.cyberbrain.worker.WorkerTask;
import io.cyberbrain.worker.task.triage.llm.ClassificationResult;
import io.cyberbrain.llm.LlmConfigException;
import io.cyberbrain.llm.LlmEndpointRefusedException;
import io.cyberbrain.worker.task.triage.llm.TemplateClassification;
import io.cyberbrain.worker.task.triage.llm.TemplateClassifier;
import io.cyberbrain.worker.task.triage.mine.MinerConfig;
import io.cyberbrain.worker.task.triage.mine.TemplateMiner;
import io.cyberbrain.worker.task.triage.parse.Level;
import io.cyberbrain.worker.task.triage.parse.TimeContext;
import io.cyberbrain.worker.task.triage.read.FileCursor;
import io.cyberbrain.worker.task.triage.read.FileRead;
import io.cyberbrain.worker.task.triage.read.LogWindowReader;
import io.cyberbrain.worker.task.triage.read.ReadOptions;
import io.cyberbrain.worker.task.triage.read.ReadResult;
import io.cyberbrain.worker.task.triage.read.ReadWarning;

/**
 * {@code log_triage}: what is new in the logs since the last successful triage, as templates with counts by
 * level, first/last seen, templates never seen before, rate spikes and a few redacted samples; optionally the
 * top templates classified by a local LLM into a fixed vocabulary.
 *
 * <p>Reads the logs root ({@link WorkerContext#logsDir()}, read-only) from the cursors of the last success
 * with {@link LogWindowReader}, and the container logs the launcher collected into the job folder; every line
 * is streamed through one header splitter and entry assembler per source into one {@link TemplateMiner}
 * ({@link TriageCollector}): the window is never held in memory.
 *
 * <p>Inputs: {@code log_cursors} (cursors in {@link FileCursor#toJson()} form), {@code first_run},
 * {@code known_templates} (template hashes of earlier successful runs), {@code template_history} (their texts, most
 * recent first, seeded into the miner), {@code template_baselines} (hash to
 * the previous windows' counts), {@code container_logs_dir} (relative to the job folder), {@code use_rag} (only
 * marked in the result: the launcher adds the runbook passages). Config: {@code logs.*} ({@link ReadOptions}), {@code llm.*}
 * ({@link io.cyberbrain.worker.task.triage.llm.LlmConfig}), {@code triage.*} ({@link TriageOptions}).
 *
 * <p>Writes {@value #REPORT_ARTIFACT} (the result) and {@value #STATE_ARTIFACT}: the cursors and every
 * template of this window ({@code hash}, redacted {@code text}, {@code level}, {@code count},
 * {@code first_seen}, {@code last_seen}, {@code sources}), which the launcher stores only when the run
 * succeeds. A template's hash is the SHA-256 of its redacted text ({@link TemplateMiner#hashOf}).
 *
 * <p>Every template, sample, source and warning leaving the worker is redacted; templates sent to the LLM
 * are redacted too, and nothing the model writes reaches the result: only vocabulary values.
 */
public final class LogTriageTask implements WorkerTask {

    public static final String TASK_KEY = "log_triage";
    public static final String STATE_ARTIFACT = "triage-state.json";
    public static final String REPORT_ARTIFACT = "triage-report.json";
    /** Longest template text stored in the state. */
    static final int MAX_STATE_TEXT = 4000;

    private static final Set<String> NOT_READ = Set.of(FileRead.ALREADY_READ, FileRead.HISTORY, FileRead.DEFERRED);

    private final Redactor redactor;
    private final boolean pipelined;
    private final ObjectMapper json = new ObjectMapper();

    public LogTriageTask() {
        this(Redactor.standard(), true);
    }

    /** A task that reads, parses and mines on the calling thread alone (for comparisons and constrained hosts). */
    public static LogTriageTask sequential() {
        return new LogTriageTask(Redactor.standard(), false);
    }

    /** @param pipelined whether entries are mined on a second thread while reading goes on */
    LogTriageTask(Redactor redactor, boolean pipelined) {
        this.redactor = redactor;
        this.pipelined = pipelined;
    }

    @Override
    public String taskKey() {
        return TASK_KEY;
    }

    /** Earlier runs' templates go into the miner first, so a template keeps its identity from run to run. */
    private static void seed(TemplateMiner miner, Object history) {
        if (history instanceof List<?> texts) {
            for (Object text : texts) {
                if (text instanceof String t && !t.isBlank()) {
                    miner.seed(t);
                }
            }
        }
    }

    @Override
    public TaskOutcome run(JobSpec job, WorkerContext context) throws Exception {
        Map<String, Object> inputs = job.inputs();
        TriageOptions options;
        ReadOptions readOptions;
        List<FileCursor> previous;
        Path containerLogs;
        LogScope scope;
        try {
            options = TriageOptions.from(job.config());
            readOptions = ReadOptions.from(job.config());
            scope = LogScope.fromConfig(job.config());
            previous = FileCursor.listFromJson(inputs.get("log_cursors"));
            containerLogs = containerLogsDir(context.jobDir(), inputs.get("container_logs_dir"));
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        boolean firstRun = Boolean.TRUE.equals(inputs.get("first_run"))
                || "true".equalsIgnoreCase(String.valueOf(inputs.get("first_run")));
        Instant end = job.windowEnd() != null ? job.windowEnd() : context.clock().instant();
        Instant start = job.windowStart();

        // ---- read and mine
        LogWindowReader reader = new LogWindowReader(readOptions);
        TemplateMiner miner = new TemplateMiner(MinerConfig.defaults());
        seed(miner, inputs.get("template_history"));
        ReadResult logs = null;
        ReadResult containers = null;
        String note = null;
        try (TriageCollector collector = new TriageCollector(miner, new TimeContext(options.zone(), end), pipelined,
                null)) {
            Path root = context.logsDir();
            if (root == null) {
                note = "No logs root was given to this worker (CYBER_BRAIN_LOGS is not set): no log file was read";
            } else {
                try {
                    logs = reader.read(root, previous, firstRun, scope == null ? null : scope.files(), collector);
                } catch (IOException e) {
                    return fail("the logs root cannot be read: " + reason(e));
                }
            }
            if (containerLogs != null) {
                try {
                    containers = reader.readContainerLogs(containerLogs, collector);
                } catch (IOException e) {
                    return fail("the container logs cannot be read: " + reason(e));
                }
            }
            collector.finish();
            miner.finish();

            // ---- analyse
            MinerConfig mc = miner.config();
            List<TriageTemplate> templates = TriageTemplate.of(miner.templates(), collector.spansByTemplate(), redactor,
                    mc.maxSources(), mc.maxSamples());
            TriageReport.Files files = files(note, logs, containers);
            Map<String, Long> firstLines = firstLines(logs, containers);

            List<TriageTemplate> byCount = templates.subList(0, Math.min(options.topN(), templates.size()));
            List<TriageTemplate> bySeverity = templates.stream().filter(t -> t.atLeast(Level.WARN))
                    .sorted(TriageTemplate.BY_SEVERITY).limit(options.topN()).toList();

            Set<String> known = knownTemplates(inputs.get("known_templates"));
            List<TriageTemplate> fresh = firstRun ? List.of()
                    : templates.stream().filter(t -> !known.contains(t.hash())).toList();
            List<TriageTemplate> freshListed = fresh.stream().sorted(TriageTemplate.BY_SEVERITY)
                    .limit(options.topN()).toList();
            Set<String> freshHashes = new HashSet<>();
            fresh.forEach(t -> freshHashes.add(t.hash()));
            List<TriageTemplate> actionable = templates.stream().sorted(TriageReport.actionable(freshHashes))
                    .limit(options.topN()).toList();

            SpikeDetector detector = new SpikeDetector(inputs.get("template_baselines"), options.spikeFactor(),
                    options.spikeMinCount());
            Instant windowFrom = start != null ? start : collector.earliest();
            Double hours = windowFrom == null || !end.isAfter(windowFrom) ? null
                    : SpikeDetector.hours(Duration.between(windowFrom, end));
            List<SpikeDetector.Spike> spikes = detector.detect(templates, hours);
            String spikesNote = null;
            if (!detector.hasBaselines()) {
                spikesNote = "No baselines yet: rates are compared from the next successful triage on.";
            } else if (hours == null) {
                spikesNote = "The window's length is unknown (no start and no timestamps): rates were not compared.";
            }
            if (spikes.size() > options.topN()) {
                spikes = spikes.subList(0, options.topN());
            }

            // ---- classify (optional)
            Map<String, TemplateClassification> classes = new LinkedHashMap<>();
            List<LlmCallRecord> calls = new ArrayList<>();
            TriageReport.Classification classification = classify(job.config(), bySeverity, byCount, classes, calls);

            Listing listing = new Listing(classes, freshHashes, firstLines);
            TriageReport report = new TriageReport(start, end, firstRun, files, collector.entries(),
                    collector.continuationLines(), collector.byLevel(), templates.size(), miner.evictedCount(),
                    listed(actionable, listing, options, true), listed(byCount, listing, options, true),
                    listed(bySeverity, listing, options, true),
                    listed(freshListed, listing, TriageOptions.defaults(), false), fresh.size(), spikes, spikesNote,
                    classification, rag(job, inputs));

            // ---- write
            Map<String, Object> result = report.toJson();
            Files.createDirectories(context.jobDir());
            json.writeValue(context.jobDir().resolve(REPORT_ARTIFACT).toFile(), result);
            List<FileCursor> cursors = logs != null ? logs.cursors() : previous;
            json.writeValue(context.jobDir().resolve(STATE_ARTIFACT).toFile(), state(cursors, templates));
            return TaskOutcome.success(summaryLine(report), TriageMarkdown.render(report), result, calls, List.of(
                    new ArtifactRecord(REPORT_ARTIFACT, "report", "application/json"),
                    new ArtifactRecord(STATE_ARTIFACT, "data", "application/json")));
        }
    }

    // ---------------------------------------------------------------- inputs

    /** The container logs folder inside the job folder, or null; refuses absolute paths and {@code ..}. */
    static Path containerLogsDir(Path jobDir, Object input) {
        if (input == null || input instanceof String s && s.isBlank()) {
            return null;
        }
        if (!(input instanceof String s)) {
            throw new IllegalArgumentException("container_logs_dir must be a relative path string");
        }
        Path rel = Path.of(s.trim()).normalize();
        if (rel.isAbsolute() || rel.startsWith("..") || rel.toString().isEmpty()) {
            throw new IllegalArgumentException("container_logs_dir must be a folder inside the job folder");
        }
        return jobDir.resolve(rel);
    }

    private static Set<String> knownTemplates(Object input) {
        Set<String> out = new HashSet<>();
        if (input instanceof Collection<?> list) {
            for (Object o : list) {
                if (o instanceof String s) {
                    out.add(s.trim().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static boolean useRag(JobSpec job, Map<String, Object> inputs) {
        Object v = inputs.containsKey("use_rag") ? inputs.get("use_rag") : job.config().get("use_rag");
        return Boolean.TRUE.equals(v) || "true".equalsIgnoreCase(String.valueOf(v));
    }

    private static TriageReport.Rag rag(JobSpec job, Map<String, Object> inputs) {
        if (!useRag(job, inputs)) {
            return new TriageReport.Rag(false, false, "not requested");
        }
        // The worker has no database: the launcher looks up runbook passages for the reported templates afterwards.
        return new TriageReport.Rag(true, false, "looked up by the launcher after the worker");
    }

    // ---------------------------------------------------------------- classification

    private TriageReport.Classification classify(Map<String, Object> config, List<TriageTemplate> bySeverity,
                                                 List<TriageTemplate> byCount,
                                                 Map<String, TemplateClassification> classes,
                                                 List<LlmCallRecord> calls) {
        Optional<TemplateClassifier> classifier;
        try {
            classifier = TemplateClassifier.fromConfig(config);
        } catch (LlmEndpointRefusedException e) {
            return new TriageReport.Classification(false, 0, 0, 0, 0, redactor.redact(e.getMessage()), null);
        } catch (LlmConfigException e) {
            return new TriageReport.Classification(false, 0, 0, 0, 0, null, redactor.redact(e.getMessage()));
        }
        if (classifier.isEmpty()) {
            return new TriageReport.Classification(false, 0, 0, 0, 0, null, null);
        }
        // the most severe first, then the most frequent; the texts are redacted already
        LinkedHashSet<TriageTemplate> order = new LinkedHashSet<>(bySeverity);
        order.addAll(byCount);
        List<TriageTemplate> list = List.copyOf(order);
        if (list.isEmpty()) {
            return new TriageReport.Classification(true, 0, 0, 0, 0, null, null);
        }
        ClassificationResult r = classifier.get().classify(list.stream().map(TriageTemplate::text).toList());
        for (Map.Entry<Integer, TemplateClassification> e : r.byTemplate().entrySet()) {
            classes.put(list.get(e.getKey()).hash(), e.getValue());
        }
        calls.addAll(r.calls());
        return new TriageReport.Classification(true, r.requested(), r.byTemplate().size(), r.discarded(),
                r.failedCalls(), null, null);
    }

    // ---------------------------------------------------------------- building

    /**
     * What listing a template needs besides the template: its classification, whether it is new, and the line number
     * each source's window began with (null when not known).
     */
    private record Listing(Map<String, TemplateClassification> classes, Set<String> fresh, Map<String, Long> firstLines) {
    }

    private List<TriageReport.Listed> listed(List<TriageTemplate> ts, Listing listing, TriageOptions options,
                                             boolean details) {
        List<TriageReport.Listed> out = new ArrayList<>(ts.size());
        for (TriageTemplate t : ts) {
            List<String> sources = List.of();
            List<TriageReport.SourceLines> lines = List.of();
            List<TriageReport.Example> examples = List.of();
            List<String> samples = List.of();
            int more = 0;
            if (details) {
                sources = t.sources().stream().limit(TriageReport.MAX_SOURCES).map(redactor::redact).toList();
                lines = t.spans().spans().stream().map(s -> sourceLines(s, listing.firstLines())).toList();
                more = t.spans().moreSources();
                examples = t.spans().examples().stream().limit(options.samples())
                        .map(e -> example(e, listing.firstLines())).toList();
                samples = t.rawSamples().stream().limit(options.samples())
                        .map(s -> TriageReport.cut(redactor.redact(s), TriageReport.MAX_SAMPLE)).toList();
            }
            out.add(new TriageReport.Listed(t, listing.fresh().contains(t.hash()), sources, lines, more, examples,
                    samples, listing.classes().get(t.hash())));
        }
        return out;
    }

    private TriageReport.SourceLines sourceLines(TemplateSpans.Span s, Map<String, Long> firstLines) {
        Long first = firstLines.get(s.source);
        long shift = first == null ? 0 : first - 1;
        return new TriageReport.SourceLines(redactor.redact(s.source), TriageReport.kind(s.source), s.firstLine + shift,
                s.lastLine + shift, s.count, first == null ? "window" : "file");
    }

    private TriageReport.Example example(TemplateSpans.Example e, Map<String, Long> firstLines) {
        Long first = firstLines.get(e.source());
        long shift = first == null ? 0 : first - 1;
        return new TriageReport.Example(redactor.redact(e.source()), e.line() + shift, first == null ? "window" : "file",
                TriageReport.cut(redactor.redact(e.rawText()), TriageReport.MAX_SAMPLE));
    }

    /** The line number each source's window began with, for the sources whose number is known. */
    private static Map<String, Long> firstLines(ReadResult logs, ReadResult containers) {
        Map<String, Long> out = new HashMap<>();
        for (ReadResult r : java.util.Arrays.asList(logs, containers)) {
            if (r == null) {
                continue;
            }
            for (FileRead f : r.files()) {
                if (f.firstLine() != null && f.read()) {
                    out.put(f.sourceKey(), f.firstLine());
                }
            }
        }
        return out;
    }

    private TriageReport.Files files(String note, ReadResult logs, ReadResult containers) {
        int read = 0;
        int deferred = 0;
        long bytes = 0;
        long lines = 0;
        boolean exhausted = false;
        List<ReadWarning> warnings = new ArrayList<>();
        if (logs != null) {
            for (FileRead f : logs.files()) {
                if (FileRead.DEFERRED.equals(f.mode())) {
                    deferred++;
                } else if (!NOT_READ.contains(f.mode())) {
                    read++;
                }
            }
            bytes += logs.bytesRead();
            lines += logs.linesRead();
            exhausted |= logs.budgetExhausted();
            warnings.addAll(logs.warnings());
        }
        int containerCount = 0;
        if (containers != null) {
            for (FileRead f : containers.files()) {
                if (FileRead.DEFERRED.equals(f.mode())) {
                    deferred++;
                } else {
                    containerCount++;
                }
            }
            bytes += containers.bytesRead();
            lines += containers.linesRead();
            exhausted |= containers.budgetExhausted();
            warnings.addAll(containers.warnings());
        }
        List<String> shown = warnings.stream().limit(TriageReport.MAX_WARNINGS)
                .map(w -> redactor.redact(w.sourceKey() + ": " + w.reason())).toList();
        List<TriageReport.Read> reads = new ArrayList<>();
        int readTotal = 0;
        for (ReadResult r : java.util.Arrays.asList(logs, containers)) {
            if (r == null) {
                continue;
            }
            for (FileRead f : r.files()) {
                if (NOT_READ.contains(f.mode()) || !f.read()) {
                    continue;
                }
                readTotal++;
                if (reads.size() < TriageReport.MAX_FILES_LISTED) {
                    reads.add(new TriageReport.Read(redactor.redact(f.sourceKey()), TriageReport.kind(f.sourceKey()),
                            f.mode(), f.startOffset(), f.endOffset(), f.firstLine(), f.lastLine(), f.lines()));
                }
            }
        }
        return new TriageReport.Files(note, read, containerCount, deferred, bytes, lines, exhausted, shown,
                warnings.size(), reads, readTotal - reads.size());
    }

    private Map<String, Object> state(List<FileCursor> cursors, List<TriageTemplate> templates) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("cursors", FileCursor.toJson(cursors));
        List<Map<String, Object>> ts = new ArrayList<>(templates.size());
        for (TriageTemplate t : templates) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hash", t.hash());
            m.put("text", TriageReport.cut(t.text(), MAX_STATE_TEXT));
            m.put("level", TriageReport.name(t.level()));
            m.put("count", t.count());
            m.put("first_seen", TriageReport.iso(t.firstSeen()));
            m.put("last_seen", TriageReport.iso(t.lastSeen()));
            m.put("sources", t.sources().stream().map(redactor::redact).toList());
            ts.add(m);
        }
        state.put("templates", ts);
        return state;
    }

    private static String summaryLine(TriageReport r) {
        long errors = r.level(Level.ERROR) + r.level(Level.FATAL);
        return TriageReport.plural(r.entries(), "entry", "entries") + ", "
                + TriageReport.plural(r.templateCount(), "template", "templates") + ", "
                + (r.firstRun() ? "first run" : r.newTemplatesTotal() + " new") + ", "
                + TriageReport.plural(r.spikes().size(), "spike", "spikes") + ", "
                + TriageReport.plural(errors, "error", "errors");
    }

    private TaskOutcome fail(String why) {
        String redacted = redactor.redact(why);
        return TaskOutcome.failure(redacted, TriageMarkdown.failed(redacted));
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
