package io.cyberbrain.launcher.triage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cyberbrain.launcher.task.triage.TriageMarkdown;
import io.cyberbrain.launcher.worker.TaskOutcome;
import io.cyberbrain.rag.search.Relevance;

/**
 * Adds runbook passages to a successful log triage outcome: {@code result.rag} with each looked-up template's
 * passages (document, chunk id, score, similarity) and a "Runbook passages" section at the end of the task's report,
 * its cells written as the triage report writes its own. A failed
 * lookup costs the run nothing: the section says the context is unavailable and why.
 */
@ApplicationScoped
public class RunbookContext {

    private static final Logger LOG = Logger.getLogger(RunbookContext.class);
    static final String HEADING = "### Runbook passages";

    private final RunbookLookup lookup;

    public RunbookContext(RunbookLookup lookup) {
        this.lookup = lookup;
    }

    /** The outcome with its runbook context; other outcomes unchanged. */
    public TaskOutcome addTo(long runId, TaskOutcome outcome) {
        if (!TaskOutcome.SUCCESS.equals(outcome.status()) || outcome.result() == null) {
            return outcome;
        }
        List<RunbookLookup.Template> templates = RunbookLookup.templatesOf(outcome.result());
        Map<String, Object> rag = new LinkedHashMap<>();
        rag.put("requested", true);
        StringBuilder md = new StringBuilder("\n").append(HEADING).append("\n\n");
        if (templates.isEmpty()) {
            unavailable(rag, md, "no template to look up in this window");
            return withRag(outcome, rag, md);
        }
        try {
            List<RunbookLookup.Match> matches = lookup.lookup(runId, templates);
            if (matches.isEmpty()) {
                unavailable(rag, md, "the document library is empty; upload runbooks under Library");
            } else {
                rag.put("available", true);
                Map<String, String> texts = new LinkedHashMap<>();
                templates.forEach(t -> texts.put(t.hash(), t.text()));
                rag.put("matches", matches.stream().map(m -> json(m, texts.get(m.templateHash()))).toList());
                table(md, templates, matches);
            }
        } catch (RuntimeException e) {
            LOG.warnf("run %d: runbook lookup failed: %s", runId, e.getClass().getSimpleName());
            unavailable(rag, md, "the document library could not be searched (" + e.getClass().getSimpleName() + ")");
        }
        return withRag(outcome, rag, md);
    }

    private static TaskOutcome withRag(TaskOutcome outcome, Map<String, Object> rag, StringBuilder md) {
        Map<String, Object> result = new LinkedHashMap<>(outcome.result());
        result.put("rag", rag);
        String report = (outcome.reportMarkdown() == null ? "" : outcome.reportMarkdown()) + md;
        return new TaskOutcome(outcome.version(), outcome.status(), outcome.summary(), report, result, outcome.llmCalls(),
                outcome.artifacts(), outcome.errorSummary());
    }

    private static void unavailable(Map<String, Object> rag, StringBuilder md, String reason) {
        rag.put("available", false);
        rag.put("reason", reason);
        md.append("RAG context unavailable: ").append(reason).append(".\n");
    }

    private static void table(StringBuilder md, List<RunbookLookup.Template> templates, List<RunbookLookup.Match> matches) {
        Map<String, String> texts = new LinkedHashMap<>();
        templates.forEach(t -> texts.put(t.hash(), t.text()));
        md.append("Passages of the document library that match the top templates by meaning, best first: only those "
                + "with a similarity (cosine of template and passage) of at least "
                + String.format(Locale.ROOT, "%.2f", Relevance.FLOOR) + ".\n\n"
                + "| template | document | passage | similarity |\n| --- | --- | --- | ---: |\n");
        for (RunbookLookup.Match m : matches) {
            // a code span shows the template as written (<*> included) both in the Markdown and once rendered
            String template = TriageMarkdown.code(texts.get(m.templateHash()));
            if (m.passages().isEmpty()) {
                md.append("| ").append(template).append(" | no related passage | | |\n");
            }
            for (RunbookLookup.Passage p : m.passages()) {
                md.append("| ").append(template).append(" | [").append(cell(p.documentTitle())).append("](")
                        .append(documentPath(p.documentId())).append(") | ").append(cell(p.snippet()))
                        .append(" (chunk ").append(p.chunkId()).append(", #").append(p.chunkIndex()).append(") | ")
                        .append(String.format(Locale.ROOT, "%.2f", p.similarity())).append(" |\n");
            }
        }
    }

    /** The JSON carries texts as they are: escaping belongs to whoever renders them. */
    private static Map<String, Object> json(RunbookLookup.Match m, String templateText) {
        List<Map<String, Object>> passages = new ArrayList<>();
        for (RunbookLookup.Passage p : m.passages()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("document_id", p.documentId());
            j.put("document_title", p.documentTitle());
            j.put("document_path", documentPath(p.documentId()));
            j.put("snippet", p.snippet());
            j.put("chunk_id", p.chunkId());
            j.put("chunk_index", p.chunkIndex());
            j.put("score", Math.round(p.score() * 1000) / 1000.0);
            j.put("similarity", Math.round(p.similarity() * 1000) / 1000.0);
            passages.add(j);
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("template_hash", m.templateHash());
        j.put("template_text", templateText);
        j.put("passages", passages);
        return j;
    }

    /** The API path of a library document: the link a report gives (the UI opens it in its library page). */
    static String documentPath(long documentId) {
        return "/api/rag/documents/" + documentId;
    }

    private static String cell(String s) {
        return TriageMarkdown.cell(s, TriageMarkdown.MAX_CELL);
    }
}
