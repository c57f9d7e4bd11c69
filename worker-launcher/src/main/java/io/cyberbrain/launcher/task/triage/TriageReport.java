package io.cyberbrain.launcher.task.triage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cyberbrain.launcher.task.triage.llm.TemplateClassification;
import io.cyberbrain.launcher.task.triage.parse.Level;

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

    /**
     * @param note        why no file was read (no logs root), or null
     * @param filesRead   files (and container logs) lines were read from in this run
     * @param warnings    redacted "source: reason" lines, at most {@value #MAX_WARNINGS}
     */
    record Files(String note, int filesRead, int containerLogs, int deferred, long bytes, long lines,
                 boolean budgetExhausted, List<String> warnings, int warningsTotal) {
    }

    /** A template as listed: redacted samples and sources, and its classification if any. */
    record Listed(TriageTemplate template, List<String> sources, List<String> samples,
                  TemplateClassification classification) {
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
        m.put("sources", l.sources());
        m.put("samples", l.samples());
        if (l.classification() != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("category", l.classification().category().wire());
            c.put("severity", l.classification().severity().wire());
            m.put("classification", c);
        }
        return m;
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
