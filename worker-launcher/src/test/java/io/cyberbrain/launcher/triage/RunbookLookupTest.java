package io.cyberbrain.launcher.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cyberbrain.rag.search.Relevance;
import io.cyberbrain.rag.search.SearchHit;

class RunbookLookupTest {

    @Test
    void aTemplateIsSearchedByItsWordsWithoutItsVariables() {
        assertEquals("connection to timed out after ms", RunbookLookup.query("connection to <*> timed out after <*> ms"));
        assertEquals("", RunbookLookup.query("<*> <*>"));
    }

    @Test
    void theWorstTemplatesComeFirstThenTheMostFrequentEachOnceAndNoneThatIsAllVariables() {
        Map<String, Object> result = Map.of(
                "top_by_severity", List.of(template("e1", "disk <*> failed"), template("w1", "slow flush took <*> ms")),
                "top_by_count", List.of(template("i1", "opened volume <*>"), template("e1", "disk <*> failed"),
                        template("v1", "<*>")));
        assertEquals(List.of("e1", "w1", "i1"), RunbookLookup.templatesOf(result).stream().map(RunbookLookup.Template::hash).toList());
        assertEquals(List.of(), RunbookLookup.templatesOf(Map.of()));
    }

    @Test
    void aPassageCountsWhenItIsCloseInMeaningNotForASharedWord() {
        assertEquals(false, Relevance.passes(new SearchHit(1, 1, 0, -1.0, 0.1, 2.5, 0, 1).denseScore()));
        assertEquals(true, Relevance.passes(new SearchHit(1, 1, 0, -1.0, Relevance.FLOOR + 0.01, 0, 1, 0).denseScore()));
        assertEquals(false, Relevance.passes(new SearchHit(1, 1, 0, 1.0, Relevance.FLOOR - 0.01, 3, 1, 1).denseScore()));
    }

    private static Map<String, Object> template(String hash, String text) {
        return Map.of("hash", hash, "text", text, "count", 3);
    }
}
