package io.cyberbrain.worker.task.triage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cyberbrain.worker.task.triage.llm.TemplateClassification;
import io.cyberbrain.worker.task.triage.parse.Level;

/**
 * What one triage found, as values: the structured result ({@link #toJson()}), the summary sentences (written
 * here by code from the numbers) and what {@link TriageMarkdown} renders. Every text in it is redacted already.
 */
record TriageReport(
        Instant windowStart,
        Instant windowEnd,
        boolean firstRun,
        Files files,
        long entries,
        long continuationLines,
        Map<Level, Long> byLevel,
        int templateCount,
        long templatesEvicted,
        List<Listed> templates,
        List<Listed> topByCount,
        List<Listed> topBySeverity,
        List<Listed> newTemplates,
        int newTemplatesTotal,
        List<SpikeDetector.Spike> spikes,
        String spikesNote,
        Classification classification,
        Rag rag) {

    /** Text of a template in the result and the report: longer ones are cut (the state keeps more). */
    static final int MAX_TEXT = 1000;
    static final int MAX_SAMPLE = 300;
    static final int MAX_SOURCES = 5;
    static final int MAX_WARNINGS = 20;
    /** Files and container logs listed one by one; the totals count them all. */
    static final int MAX_FILES_LISTED = 100;

    /**
     * The report's main list: templates at error level or above and templates never seen before first (errors
     * first, new ones first among them), then the rest; by count within each group.
     */
    static java.util.Comparator<TriageTemplate> actionable(java.util.Set<String> fresh) {
        return java.util.Comparator.comparing((TriageTemplate t) -> !t.atLeast(Level.ERROR))
                .thenComparing(t -> !fresh.contains(t.hash()))
                .thenComparing(TriageTemplate.BY_COUNT);
    }

    /**
     * @param note        why no file was read (no logs root), or null
     * @param filesRead   files (and container logs) lines were read from in this run
     * @param warnings    redacted "source: reason" lines, at most {@value #MAX_WARNINGS}
     */
    record Files(String note, int filesRead, int containerLogs, int deferred, long bytes, long lines,
                 boolean budgetExhausted, List<String> warnings, int warningsTotal, List<Read> read, int readMore) {
    }

    /**
     * One file or container log read in this window (source redacted).
     *
     * @param startByte first byte read (decompressed bytes for a compressed file)
     * @param endByte   the byte just past the last line read: the new cursor
     * @param firstLine the file's line number of the first line read, null when not known
     * @param lastLine  the file's line number of the last line read, null when not known or none was read
     */
    record Read(String source, String kind, String mode, long startByte, long endByte, Long firstLine, Long lastLine,
                long lines) {
    }

    /**
     * Where a template was seen in one source (redacted): lines numbered as in the file when the window's first line
     * number is known ({@code numberedFrom} "file"), else from the window's first line ("window").
     */
    record SourceLines(String source, String kind, long firstLine, long lastLine, long count, String numberedFrom) {
    }

    /** An example line as written, redacted and shortened, with where it is. */
    record Example(String source, long line, String numberedFrom, String text) {
    }

    /**
     * A template as listed: redacted samples and sources, and its classification if any.
     *
     * @param sources      the sources' names (the first {@value #MAX_SOURCES})
     * @param sourceLines  the sources with line ranges, capped; {@code moreSources} says how many more there are
     * @param examples     up to three lines as written, redacted
     */
    record Listed(TriageTemplate template, boolean isNew, List<String> sources, List<SourceLines> sourceLines,
                  int moreSources, List<Example> examples, List<String> samples, TemplateClassification classification) {
    }

    /**
     * @param refused the redacted reason the endpoint was refused, or null
     * @param error   the redacted reason the LLM configuration could not be used, or null
     */
    record Classification(boolean enabled, int requested, int classified, int discarded, int failedCalls,
                          String refused, String error) {
    }

    record Rag(boolean requested, boolean available, String reason) {
    }

    long level(Level l) {
        return byLevel.getOrDefault(l, 0L);
    }

    // ---------------------------------------------------------------- JSON

    Map<String, Object> toJson() {
        Map<String, Object> r = new LinkedHashMap<>();
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("start", iso(windowStart));
        window.put("end", iso(windowEnd));
        r.put("window", window);
        r.put("first_run", firstRun);

        Map<String, Object> f = new LinkedHashMap<>();
        if (files.note() != null) {
            f.put("note", files.note());
        }
        f.put("count", files.filesRead());
        f.put("container_logs", files.containerLogs());
        f.put("deferred", files.deferred());
        f.put("bytes", files.bytes());
        f.put("lines", files.lines());
        f.put("budget_exhausted", files.budgetExhausted());
        f.put("warnings", files.warnings());
        f.put("warnings_total", files.warningsTotal());
        f.put("read", files.read().stream().map(TriageReport::read).toList());
        f.put("read_more", files.readMore());
        r.put("files", f);

        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("entries", entries);
        totals.put("continuation_lines", continuationLines);
        Map<String, Object> levels = new LinkedHashMap<>();
        byLevel.forEach((k, v) -> levels.put(name(k), v));
        totals.put("by_level", levels);
        totals.put("templates", templateCount);
        totals.put("templates_evicted", templatesEvicted);
        r.put("totals", totals);

        r.put("templates", templates.stream().map(TriageReport::listed).toList());
        r.put("top_by_count", topByCount.stream().map(TriageReport::listed).toList());
        r.put("top_by_severity", topBySeverity.stream().map(TriageReport::listed).toList());
        r.put("new_templates", newTemplates.stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hash", l.template().hash());
            m.put("text", cut(l.template().text(), MAX_TEXT));
            m.put("count", l.template().count());
            m.put("level", name(l.template().level()));
            return m;
        }).toList());
        r.put("new_templates_total", newTemplatesTotal);
        r.put("spikes", spikes.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hash", s.template().hash());
            m.put("text", cut(s.template().text(), MAX_TEXT));
            m.put("count", s.template().count());
            m.put("baseline_per_hour", round(s.baselinePerHour()));
            m.put("current_per_hour", round(s.currentPerHour()));
            m.put("factor", round(s.factor()));
            return m;
        }).toList());
        if (spikesNote != null) {
            r.put("spikes_note", spikesNote);
        }

        Map<String, Object> c = new LinkedHashMap<>();
        c.put("enabled", classification.enabled());
        c.put("requested", classification.requested());
        c.put("classified", classification.classified());
        c.put("discarded", classification.discarded());
        c.put("failed_calls", classification.failedCalls());
        if (classification.refused() != null) {
            c.put("refused", classification.refused());
        }
        if (classification.error() != null) {
            c.put("error", classification.error());
        }
        r.put("classification", c);

        Map<String, Object> rg = new LinkedHashMap<>();
        rg.put("available", rag.available());
        rg.put("requested", rag.requested());
        rg.put("reason", rag.reason());
        r.put("rag", rg);

        r.put("summary", summary());
        return r;
    }

    private static Map<String, Object> listed(Listed l) {
        TriageTemplate t = l.template();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hash", t.hash());
        m.put("text", cut(t.text(), MAX_TEXT));
        m.put("level", name(t.level()));
        m.put("count", t.count());
        m.put("first_seen", iso(t.firstSeen()));
        m.put("last_seen", iso(t.lastSeen()));
        m.put("new", l.isNew());
        m.put("sources", l.sourceLines().stream().map(TriageReport::sourceLines).toList());
        m.put("sources_more", l.moreSources());
        m.put("examples", l.examples().stream().map(TriageReport::example).toList());
        m.put("samples", l.samples());
        if (l.classification() != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("category", l.classification().category().wire());
            c.put("severity", l.classification().severity().wire());
            m.put("classification", c);
        }
        return m;
    }

    private static Map<String, Object> read(Read f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", f.source());
        m.put("kind", f.kind());
        m.put("mode", f.mode());
        m.put("start_byte", f.startByte());
        m.put("end_byte", f.endByte());
        m.put("first_line", f.firstLine());
        m.put("last_line", f.lastLine());
        m.put("lines", f.lines());
        return m;
    }

    private static Map<String, Object> sourceLines(SourceLines s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", s.source());
        m.put("kind", s.kind());
        m.put("first_line", s.firstLine());
        m.put("last_line", s.lastLine());
        m.put("count", s.count());
        m.put("numbered_from", s.numberedFrom());
        return m;
    }

    private static Map<String, Object> example(Example e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", e.source());
        m.put("line", e.line());
        m.put("numbered_from", e.numberedFrom());
        m.put("text", e.text());
        return m;
    }

    /** "file" for a log file, "container" for a container log. */
    static String kind(String sourceKey) {
        return sourceKey.startsWith("container:") ? "container" : "file";
    }

    // ---------------------------------------------------------------- summary (written by code)

    /** Plain-language sentences from the numbers above. */
    List<String> summary() {
        List<String> s = new ArrayList<>();
        if (files.note() != null) {
            s.add(files.note() + ".");
        } else {
            s.add("Read " + plural(files.filesRead() + files.containerLogs(), "log file", "log files") + " ("
                    + mib(files.bytes()) + ", " + plural(files.lines(), "line", "lines") + ")"
                    + (windowStart == null ? " up to " + iso(windowEnd) : " between " + iso(windowStart) + " and "
                    + iso(windowEnd)) + (firstRun ? ", the first triage: only the recent tail of each file" : "")
                    + ".");
        }
        if (entries == 0) {
            s.add("No log entries in this window.");
        } else {
            long errors = level(Level.ERROR) + level(Level.FATAL);
            long warnings = level(Level.WARN);
            s.add(plural(entries, "entry", "entries") + " in " + plural(templateCount, "template", "templates") + ": "
                    + plural(errors, "error or worse", "errors or worse") + " ("
                    + pct(errors, entries) + ") and " + plural(warnings, "warning", "warnings") + ".");
            if (!topByCount.isEmpty()) {
                TriageTemplate top = topByCount.get(0).template();
                s.add("The most frequent template accounts for " + pct(top.count(), entries) + " of the entries.");
            }
        }
        if (firstRun) {
            s.add("This is the first triage: the templates found now are the baseline that later runs compare with.");
        } else if (newTemplatesTotal > 0) {
            long severe = newTemplates.stream().filter(l -> l.template().atLeast(Level.WARN)).count();
            s.add(plural(newTemplatesTotal, "template was", "templates were") + " never seen before"
                    + (severe > 0 ? ", " + severe + " of those listed at warning level or above" : "") + ".");
        } else if (entries > 0) {
            s.add("No template is new.");
        }
        if (!spikes.isEmpty()) {
            SpikeDetector.Spike top = spikes.get(0);
            s.add(plural(spikes.size(), "template spiked", "templates spiked") + "; the largest rose "
                    + String.format(Locale.ROOT, "%.1f", top.factor()) + " times over its baseline rate.");
        }
        if (files.budgetExhausted()) {
            s.add("The per-run read limit was reached: the rest stays for the next run.");
        }
        if (files.warningsTotal() > 0) {
            s.add(plural(files.warningsTotal(), "file was", "files were") + " skipped or read only in part.");
        }
        if (classification.refused() != null) {
            s.add("The LLM endpoint was refused, so no template was classified: " + classification.refused());
        } else if (classification.error() != null) {
            s.add("The LLM configuration cannot be used, so no template was classified: " + classification.error());
        } else if (classification.enabled()) {
            s.add("The local LLM classified " + classification.classified() + " of "
                    + plural(classification.requested(), "template", "templates")
                    + (classification.failedCalls() > 0 ? " (" + plural(classification.failedCalls(), "call", "calls")
                    + " failed)" : "") + ".");
        }
        return s;
    }

    // ---------------------------------------------------------------- formatting

    static String name(Level l) {
        return (l == null ? Level.UNKNOWN : l).name().toLowerCase(Locale.ROOT);
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    static String cut(String s, int max) {
        if (s == null) {
            return null;
        }
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }

    static double round(double d) {
        return Math.round(d * 100.0) / 100.0;
    }

    static String plural(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d", n) + " " + (n == 1 ? one : many);
    }

    static String pct(long part, long whole) {
        if (whole <= 0) {
            return "0%";
        }
        double p = 100.0 * part / whole;
        return (p > 0 && p < 0.1 ? "<0.1" : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
