package io.cyberbrain.worker.task.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cyberbrain.worker.task.triage.mine.TemplateMiner;

/**
 * A template's sources and examples follow the order the sources were read in (a rotated file before the file that
 * replaced it), also for entries still being assembled when the read ends: those are emitted source by source in
 * read order, never in the order a hash table keeps the source names.
 */
class SourceOrderTest {

    @Test
    void entriesHeldToTheEndAreEmittedInTheOrderTheirSourcesWereRead() throws Exception {
        List<String> read = new ArrayList<>();
        for (int i = 0; i < TemplateSpans.MAX_SOURCES; i++) {
            read.add("hosts/web-" + i + "/app.log");
        }
        TemplateMiner miner = new TemplateMiner();
        Map<String, TemplateSpans> spans;
        try (TriageCollector collector = new TriageCollector(miner, Instant.parse("2027-05-01T12:00:00Z"), false)) {
            for (int i = 0; i < read.size(); i++) {
                // one line per source: fewer than a format sample, so every entry is still held when the read ends
                collector.line(read.get(i), "2027-05-01 11:00:0" + i + ",123 ERROR [main] com.example.Store - replica lagging "
                        + "behind primary by " + (40 + i) + " entries");
            }
            collector.finish();
            miner.finish();
            spans = collector.spansByTemplate();
        }
        assertEquals(1, spans.size(), spans.keySet().toString());
        TemplateSpans only = spans.values().iterator().next();
        assertEquals(read, only.spans().stream().map(s -> s.source).toList());
        assertEquals(read.subList(0, TemplateSpans.MAX_EXAMPLES), only.examples().stream().map(TemplateSpans.Example::source).toList());
    }
}
