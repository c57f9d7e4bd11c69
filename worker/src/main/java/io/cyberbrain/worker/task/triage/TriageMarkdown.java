package io.cyberbrain.worker.task.triage;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cyberbrain.worker.task.triage.parse.Level;

/**
 * Writes the report section from a {@link TriageReport}. Texts are redacted already; here they are only made
 * table-safe: templates go in code spans (backticks replaced, pipes escaped, one line, shortened), other
 * cells are flattened, escaped and shortened.
 */
public final class TriageMarkdown {

    static final String HEADING = "## Log triage";
    static final int MAX_CODE = 160;
    public static final int MAX_CELL = 120;

    private TriageMarkdown() {
    }

    static String render(TriageReport r) {
        StringBuilder md = new StringBuilder(HEADING).append("\n\n");
        for (String s : r.summary()) {
            md.append(cell(s, 1000)).append(' ');
        }
        md.setLength(md.length() - 1);
        md.append("\n");

        totals(md, r);
        actionable(md, r);
        templates(md, "Top templates by count", r.topByCount(), "No entries in this window.");
        templates(md, "Top templates by severity", r.topBySeverity(), "No template at warning level or above.");
        newTemplates(md, r);
        spikes(md, r);
        classification(md, r);
        files(md, r);
        return md.toString();
    }

    /** The section of a failed triage. */
    static String failed(String why) {
        return HEADING + "\n\nThe log triage failed: " + cell(why, 500) + "\n";
    }

    private static void totals(StringBuilder md, TriageReport r) {
        md.append("\n### Totals\n\n| level | entries | share |\n| --- | ---: | ---: |\n");
        for (Map.Entry<Level, Long> e : r.byLevel().entrySet()) {
            md.append("| ").append(TriageReport.name(e.getKey())).append(" | ").append(num(e.getValue())).append(" | ")
                    .append(TriageReport.pct(e.getValue(), r.entries())).append(" |\n");
        }
        md.append("| **all** | **").append(num(r.entries())).append("** | 100% |\n");
        md.append("\n").append(num(r.templateCount())).append(" templates");
        if (r.templatesEvicted() > 0) {
            md.append(" (").append(num(r.templatesEvicted())).append(" rare ones evicted at the miner's cap)");
        }
        md.append("; ").append(num(r.continuationLines())).append(" continuation lines (stack frames and the like) "
                + "joined to their entries.\n");
    }

    /** The main list: where each template was seen, and lines as written. */
    private static void actionable(StringBuilder md, TriageReport r) {
        md.append("\n### Templates to look at\n\n");
        if (r.templates().isEmpty()) {
            md.append("No entries in this window.\n");
            return;
        }
        md.append("Errors and new templates first, then by count. Lines are the file's line numbers"
                + " (marked \"window\" where the window's first line number is not known).\n\n");
        md.append("| # | template | level | count | new | sources (first–last line) | first seen | last seen |\n")
                .append("| ---: | --- | --- | ---: | --- | --- | --- | --- |\n");
        int i = 1;
        for (TriageReport.Listed l : r.templates()) {
            TriageTemplate t = l.template();
            md.append("| ").append(i++)
                    .append(" | ").append(code(t.text()))
                    .append(" | ").append(TriageReport.name(t.level()))
                    .append(" | ").append(num(t.count()))
                    .append(" | ").append(l.isNew() ? "new" : "-")
                    .append(" | ").append(sources(l))
                    .append(" | ").append(time(t.firstSeen()))
                    .append(" | ").append(time(t.lastSeen()))
                    .append(" |\n");
        }
        boolean any = false;
        int k = 1;
        for (TriageReport.Listed l : r.templates()) {
            if (!l.examples().isEmpty()) {
                if (!any) {
                    md.append("\nExample lines (redacted):\n\n");
                    any = true;
                }
                md.append("- #").append(k).append(' ').append(code(l.template().text())).append('\n');
                for (TriageReport.Example e : l.examples()) {
                    md.append("  - ").append(cell(e.source(), MAX_CELL)).append(':').append(e.line())
                            .append("window".equals(e.numberedFrom()) ? " (window)" : "").append(": ")
                            .append(code(e.text())).append('\n');
                }
            }
            k++;
        }
    }

    /** "app.log:10–42 (7), container:web:3 (1), +2 more". */
    private static String sources(TriageReport.Listed l) {
        if (l.sourceLines().isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (TriageReport.SourceLines s : l.sourceLines()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(cell(s.source(), MAX_CELL)).append(':').append(s.firstLine());
            if (s.lastLine() != s.firstLine()) {
                b.append('–').append(s.lastLine());
            }
            b.append(" (").append(num(s.count())).append(')');
            if ("window".equals(s.numberedFrom())) {
                b.append(" window");
            }
        }
        if (l.moreSources() > 0) {
            b.append(", +").append(num(l.moreSources())).append(" more");
        }
        return b.toString();
    }

    private static void templates(StringBuilder md, String title, List<TriageReport.Listed> list, String none) {
        md.append("\n### ").append(title).append("\n\n");
        if (list.isEmpty()) {
            md.append(none).append('\n');
            return;
        }
        md.append("| # | template | level | count | first seen | last seen | category | severity |\n")
                .append("| ---: | --- | --- | ---: | --- | --- | --- | --- |\n");
        int i = 1;
        for (TriageReport.Listed l : list) {
            TriageTemplate t = l.template();
            md.append("| ").append(i++)
                    .append(" | ").append(code(t.text()))
                    .append(" | ").append(TriageReport.name(t.level()))
                    .append(" | ").append(num(t.count()))
                    .append(" | ").append(time(t.firstSeen()))
                    .append(" | ").append(time(t.lastSeen()))
                    .append(" | ").append(l.classification() == null ? "-" : l.classification().category().wire())
                    .append(" | ").append(l.classification() == null ? "-" : l.classification().severity().wire())
                    .append(" |\n");
        }
        // samples of the first few, under the table
        boolean any = false;
        for (TriageReport.Listed l : list.subList(0, Math.min(5, list.size()))) {
            if (l.samples().isEmpty()) {
                continue;
            }
            if (!any) {
                md.append("\nSamples (redacted):\n\n");
                any = true;
            }
            md.append("- ").append(code(l.template().text())).append(": ");
            for (int k = 0; k < l.samples().size(); k++) {
                md.append(k == 0 ? "" : ", ").append(code(l.samples().get(k)));
            }
            md.append('\n');
        }
    }

    private static void newTemplates(StringBuilder md, TriageReport r) {
        md.append("\n### New templates\n\n");
        if (r.firstRun()) {
            md.append("First triage: every template is recorded as the baseline; none is reported as new.\n");
            return;
        }
        if (r.newTemplates().isEmpty()) {
            md.append("None.\n");
            return;
        }
        md.append(num(r.newTemplatesTotal())).append(" never seen before")
                .append(r.newTemplatesTotal() > r.newTemplates().size() ? ", the " + r.newTemplates().size()
                        + " most severe and frequent listed" : "").append(".\n\n");
        md.append("| template | level | count |\n| --- | --- | ---: |\n");
        for (TriageReport.Listed l : r.newTemplates()) {
            md.append("| ").append(code(l.template().text())).append(" | ").append(TriageReport.name(l.template().level()))
                    .append(" | ").append(num(l.template().count())).append(" |\n");
        }
    }

    private static void spikes(StringBuilder md, TriageReport r) {
        md.append("\n### Spikes\n\n");
        if (r.spikes().isEmpty()) {
            md.append(r.spikesNote() != null ? cell(r.spikesNote(), 300) : "None.").append('\n');
            return;
        }
        md.append("| template | count | baseline per hour | now per hour | factor |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (SpikeDetector.Spike s : r.spikes()) {
            md.append("| ").append(code(s.template().text()))
                    .append(" | ").append(num(s.template().count()))
                    .append(" | ").append(dec(s.baselinePerHour()))
                    .append(" | ").append(dec(s.currentPerHour()))
                    .append(" | ").append(dec(s.factor())).append("x |\n");
        }
    }

    private static void classification(StringBuilder md, TriageReport r) {
        TriageReport.Classification c = r.classification();
        md.append("\n### Classification\n\n");
        if (c.refused() != null) {
            md.append("The LLM endpoint was refused: ").append(cell(c.refused(), 300))
                    .append(". No template was classified and no call was made.\n");
        } else if (c.error() != null) {
            md.append("The LLM configuration cannot be used: ").append(cell(c.error(), 300))
                    .append(". No template was classified.\n");
        } else if (!c.enabled()) {
            md.append("No local LLM is configured: templates are not classified.\n");
        } else {
            md.append("The local LLM put ").append(c.classified()).append(" of ").append(c.requested())
                    .append(" templates in the fixed vocabulary; ").append(c.discarded())
                    .append(" answers or entries were discarded, ").append(c.failedCalls()).append(" calls failed.\n");
        }
    }

    private static void files(StringBuilder md, TriageReport r) {
        TriageReport.Files f = r.files();
        md.append("\n### Files\n\n");
        if (f.note() != null) {
            md.append(cell(f.note(), 300)).append(".\n");
        } else {
            md.append(num(f.filesRead())).append(" files and ").append(num(f.containerLogs()))
                    .append(" container logs read: ").append(TriageReport.mib(f.bytes())).append(", ")
                    .append(num(f.lines())).append(" lines");
            if (f.deferred() > 0) {
                md.append("; ").append(num(f.deferred())).append(" left for the next run");
            }
            md.append(".\n");
        }
        if (!f.read().isEmpty()) {
            md.append("\n| source | kind | how | bytes | lines |\n| --- | --- | --- | --- | --- |\n");
            for (TriageReport.Read read : f.read()) {
                md.append("| ").append(cell(read.source(), MAX_CELL)).append(" | ").append(read.kind()).append(" | ")
                        .append(read.mode()).append(" | ").append(num(read.startByte())).append('–')
                        .append(num(read.endByte())).append(" | ")
                        .append(read.firstLine() == null ? num(read.lines()) + " (numbers unknown)"
                                : read.lastLine() == null ? "none" : read.firstLine() + "–" + read.lastLine())
                        .append(" |\n");
            }
            if (f.readMore() > 0) {
                md.append("\nand ").append(num(f.readMore())).append(" more.\n");
            }
        }
        if (!f.warnings().isEmpty()) {
            md.append('\n');
            for (String w : f.warnings()) {
                md.append("- ").append(cell(w, 200)).append('\n');
            }
            if (f.warningsTotal() > f.warnings().size()) {
                md.append("- and ").append(f.warningsTotal() - f.warnings().size()).append(" more\n");
            }
        }
    }

    // ---------------------------------------------------------------- formatting

    /** A code span safe in a table cell: one line, backticks replaced, pipes escaped, shortened. */
    public static String code(String s) {
        if (s == null || s.isBlank()) {
            return "(empty)";
        }
        String flat = s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (flat.length() > MAX_CODE) {
            flat = flat.substring(0, MAX_CODE - 1) + "…";
        }
        return "`" + flat.replace('`', '\'').replace("|", "\\|") + "`";
    }

    /**
     * Table-safe text, escaped for Markdown: one line, shortened, and every Markdown punctuation character
     * backslash-escaped, so that it reads as written once rendered ({@code <*>} stays {@code <*>}: no emphasis, no raw
     * HTML, no entity); HTML escaping is the renderer's job.
     */
    public static String cell(String s, int max) {
        if (s == null) {
            return "n/a";
        }
        String flat = s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (flat.length() > max) {
            flat = flat.substring(0, max - 1) + "…";
        }
        StringBuilder b = new StringBuilder(flat.length() + 8);
        for (int i = 0; i < flat.length(); i++) {
            char c = flat.charAt(i);
            if (MARKDOWN_PUNCTUATION.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /**
     * What could start markup anywhere in a table cell (emphasis, links, raw HTML, entities, code, cell ends); the
     * characters that are markup only at the start of a line are left as they are, for legibility.
     */
    private static final String MARKDOWN_PUNCTUATION = "\\`*_[]<>|&";

    private static String time(java.time.Instant t) {
        return t == null ? "-" : t.toString();
    }

    private static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String dec(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
