package io.cyberbrain.launcher.task.triage;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cyberbrain.launcher.task.triage.parse.Level;

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
    static String code(String s) {
        if (s == null || s.isBlank()) {
            return "(empty)";
        }
        String flat = s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (flat.length() > MAX_CODE) {
            flat = flat.substring(0, MAX_CODE - 1) + "…";
        }
        return "`" + flat.replace('`', '\'').replace("|", "\\|") + "`";
    }

    /** Table-safe text: one line, pipes escaped, no raw HTML, no backticks, shortened. */
    public static String cell(String s, int max) {
        if (s == null) {
            return "n/a";
        }
        String flat = s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (flat.length() > max) {
            flat = flat.substring(0, max - 1) + "…";
        }
        return flat.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
                .replace("`", "'");
    }

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
