package io.cyberbrain.worker.task.triage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.cyberbrain.redaction.Redactor;
import io.cyberbrain.worker.task.triage.mine.MinedTemplate;
import io.cyberbrain.worker.task.triage.mine.TemplateMiner;
import io.cyberbrain.worker.task.triage.parse.Level;

/**
 * One template of the window as the triage reports it: its text redacted, and its hash the
 * {@link TemplateMiner#hashOf SHA-256} of that redacted text, so that no hash of unredacted text leaves the
 * worker and the text stored beside a hash always hashes to it. Mined templates that redact to the same text
 * are one template here (counts added, first/last seen widened).
 *
 * @param level       the most severe level it was seen with, UNKNOWN when none
 * @param sources     source keys it was seen in (capped by the miner), not yet redacted
 * @param rawSamples  the first messages, NOT redacted: redact before they leave the worker
 * @param spans       the sources with window line numbers and the example lines (NOT redacted), empty when unknown
 */
record TriageTemplate(String hash, String text, Level level, long count, Instant firstSeen, Instant lastSeen,
                      List<String> sources, List<String> rawSamples, TemplateSpans spans) {

    /** Most frequent first, then by hash (stable). */
    static final Comparator<TriageTemplate> BY_COUNT =
            Comparator.comparingLong(TriageTemplate::count).reversed().thenComparing(TriageTemplate::hash);

    /** Most severe level first (UNKNOWN last), then by count. */
    static final Comparator<TriageTemplate> BY_SEVERITY =
            Comparator.comparingInt((TriageTemplate t) -> severityRank(t.level())).reversed().thenComparing(BY_COUNT);

    /** TRACE 0 ... FATAL 6; UNKNOWN -1. */
    static int severityRank(Level level) {
        return level == null || level == Level.UNKNOWN ? -1 : level.ordinal();
    }

    boolean atLeast(Level level) {
        return severityRank(this.level) >= severityRank(level);
    }

    /** Redacts, hashes and merges the miner's templates; most frequent first. */
    static List<TriageTemplate> of(List<MinedTemplate> mined, Redactor redactor, int maxSources, int maxSamples) {
        return of(mined, Map.of(), redactor, maxSources, maxSamples);
    }

    /**
     * Redacts, hashes and merges the miner's templates, each with its spans ({@code spans} by the miner's template
     * id, merged along with the templates); most frequent first.
     */
    static List<TriageTemplate> of(List<MinedTemplate> mined, Map<String, TemplateSpans> spans, Redactor redactor,
                                   int maxSources, int maxSamples) {
        Map<String, Builder> byHash = new LinkedHashMap<>();
        for (MinedTemplate m : mined) {
            String text = redactor.redact(m.text());
            String hash = TemplateMiner.hashOf(text);
            Builder b = byHash.get(hash);
            TemplateSpans s = spans.get(m.id());
            if (b == null) {
                b = new Builder(hash, text, m);
                byHash.put(hash, b);
            } else {
                b.add(m, maxSources, maxSamples);
            }
            if (s != null) {
                if (b.spans == null) {
                    b.spans = s;
                } else {
                    b.spans.merge(s);
                }
            }
        }
        List<TriageTemplate> out = new ArrayList<>(byHash.size());
        for (Builder b : byHash.values()) {
            out.add(new TriageTemplate(b.hash, b.text, b.level, b.count, b.first, b.last, List.copyOf(b.sources),
                    List.copyOf(b.samples), b.spans != null ? b.spans : new TemplateSpans()));
        }
        out.sort(BY_COUNT);
        return out;
    }

    private static final class Builder {
        final String hash;
        final String text;
        Level level;
        long count;
        Instant first;
        Instant last;
        final LinkedHashSet<String> sources;
        final List<String> samples;
        TemplateSpans spans;

        Builder(String hash, String text, MinedTemplate m) {
            this.hash = hash;
            this.text = text;
            this.level = m.level();
            this.count = m.count();
            this.first = m.firstSeen();
            this.last = m.lastSeen();
            this.sources = new LinkedHashSet<>(m.sources());
            this.samples = new ArrayList<>(m.samples());
        }

        void add(MinedTemplate m, int maxSources, int maxSamples) {
            if (severityRank(m.level()) > severityRank(level)) {
                level = m.level();
            }
            count += m.count();
            if (m.firstSeen() != null && (first == null || m.firstSeen().isBefore(first))) {
                first = m.firstSeen();
            }
            if (m.lastSeen() != null && (last == null || m.lastSeen().isAfter(last))) {
                last = m.lastSeen();
            }
            for (String s : m.sources()) {
                if (sources.size() >= maxSources) {
                    break;
                }
                sources.add(s);
            }
            for (String s : m.samples()) {
                if (samples.size() >= maxSamples) {
                    break;
                }
                samples.add(s);
            }
        }
    }
}
