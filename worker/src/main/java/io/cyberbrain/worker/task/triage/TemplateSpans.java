package io.cyberbrain.worker.task.triage;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Where one template's entries are, in bounded memory: the first {@value #MAX_SOURCES} sources it was seen in, each
 * with its first and last line number and count, how many other sources it was seen in, and its first
 * {@value #MAX_EXAMPLES} lines as written (header included). Line numbers are those of the window (from 1 per source);
 * {@link TriageCollector} turns them into the file's numbers once the read says where each window began.
 *
 * <p>Not thread-safe: filled by the mining side only.
 */
final class TemplateSpans {

    static final int MAX_SOURCES = 8;
    static final int MAX_EXAMPLES = 3;
    /** Examples are cut here when kept (the report cuts them again, shorter, after redaction). */
    static final int MAX_EXAMPLE_CHARS = 512;

    /** One source of a template: lines numbered as the source's lines (from 1). */
    static final class Span {
        final String source;
        long firstLine;
        long lastLine;
        long count;

        Span(String source, long firstLine, long lastLine, long count) {
            this.source = source;
            this.firstLine = firstLine;
            this.lastLine = lastLine;
            this.count = count;
        }
    }

    /** One example line as written: not redacted, redact before it leaves the worker. */
    record Example(String source, long line, String rawText) {
    }

    private final List<Span> spans = new ArrayList<>(2);
    private final List<Example> examples = new ArrayList<>(MAX_EXAMPLES);
    /** Every source (by the collector's index) seen, to count the ones beyond the listed spans. */
    private final BitSet sources = new BitSet();

    void add(String source, int sourceIndex, long line, String rawLine) {
        sources.set(sourceIndex);
        Span span = span(source);
        if (span != null) {
            span.count++;
            span.firstLine = Math.min(span.firstLine, line);
            span.lastLine = Math.max(span.lastLine, line);
        } else if (spans.size() < MAX_SOURCES) {
            spans.add(new Span(source, line, line, 1));
        }
        if (examples.size() < MAX_EXAMPLES && rawLine != null) {
            examples.add(new Example(source, line, rawLine.length() > MAX_EXAMPLE_CHARS
                    ? rawLine.substring(0, MAX_EXAMPLE_CHARS) : rawLine));
        }
    }

    /** Adds another template's spans (two mined templates that became one). */
    void merge(TemplateSpans other) {
        sources.or(other.sources);
        for (Span o : other.spans) {
            Span span = span(o.source);
            if (span != null) {
                span.count += o.count;
                span.firstLine = Math.min(span.firstLine, o.firstLine);
                span.lastLine = Math.max(span.lastLine, o.lastLine);
            } else if (spans.size() < MAX_SOURCES) {
                spans.add(new Span(o.source, o.firstLine, o.lastLine, o.count));
            }
        }
        for (Example e : other.examples) {
            if (examples.size() >= MAX_EXAMPLES) {
                break;
            }
            examples.add(e);
        }
    }

    private Span span(String source) {
        for (Span s : spans) {
            if (s.source.equals(source)) {
                return s;
            }
        }
        return null;
    }

    List<Span> spans() {
        return spans;
    }

    List<Example> examples() {
        return examples;
    }

    /** Sources this template was seen in that {@link #spans()} does not list. */
    int moreSources() {
        return Math.max(0, sources.cardinality() - spans.size());
    }
}
