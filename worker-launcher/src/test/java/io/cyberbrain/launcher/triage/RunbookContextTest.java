package io.cyberbrain.launcher.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cyberbrain.launcher.worker.TaskOutcome;

/** The runbook section shows templates as written, a snippet and a link per passage, in Markdown and in JSON. */
@SuppressWarnings("unchecked")
class RunbookContextTest {

    private static final String TEMPLATE = "disk <*> failed on <*> after <*> retries";

    private static TaskOutcome triaged() {
        Map<String, Object> result = Map.of("top_by_severity", List.of(Map.of("hash", "e1", "text", TEMPLATE, "count", 3)));
        return TaskOutcome.success("1 template", "## Log triage\n", result, List.of(), List.of());
    }

    private static RunbookContext context() {
        RunbookLookup lookup = new RunbookLookup(null, null, null, null) {
            @Override
            public List<Match> lookup(long runId, List<Template> templates) {
                return List.of(new Match("e1", List.of(new Passage(7, "Disk *runbook*", 70, 2, 0.9, 0.71,
                        RunbookLookup.snippet("Disk full: writes fail with <ENOSPC>. Rotate the logs, then extend it.")))));
            }
        };
        return new RunbookContext(lookup);
    }

    @Test
    void theMarkdownShowsTheTemplateAsWrittenWithASnippetAndTheDocumentsApiPath() {
        String md = context().addTo(1, triaged()).reportMarkdown();

        assertTrue(md.contains("| `" + TEMPLATE + "` | [Disk \\*runbook\\*](/api/rag/documents/7) | "
                + "Disk full: writes fail with \\<ENOSPC\\>. (chunk 70, #2) | 0.71 |"), md);
        assertFalse(md.contains("&lt;"), "no HTML escaping in Markdown: " + md);
    }

    @Test
    void theJsonCarriesTheTextsAsTheyAre() {
        Map<String, Object> rag = (Map<String, Object>) context().addTo(1, triaged()).result().get("rag");
        Map<String, Object> match = ((List<Map<String, Object>>) rag.get("matches")).get(0);
        assertEquals(TEMPLATE, match.get("template_text"));
        Map<String, Object> passage = ((List<Map<String, Object>>) match.get("passages")).get(0);
        assertEquals("Disk *runbook*", passage.get("document_title"));
        assertEquals("/api/rag/documents/7", passage.get("document_path"));
        assertEquals("Disk full: writes fail with <ENOSPC>.", passage.get("snippet"));
    }

    @Test
    void aSnippetIsASentenceOrAtMostTwoHundredCharactersRedacted() {
        assertEquals("Restart the service when the disk is full.", RunbookLookup.snippet("Restart the service when the disk"
                + " is full. Then check the logs."));
        String longOne = RunbookLookup.snippet("word ".repeat(100));
        assertTrue(longOne.length() <= RunbookLookup.SNIPPET_CHARS && longOne.endsWith("…"), longOne);
        String redacted = RunbookLookup.snippet("Mail the on-call admin jane.doe@example.com when the backup fails.");
        assertFalse(redacted.contains("jane.doe@example.com"), redacted);
    }
}
