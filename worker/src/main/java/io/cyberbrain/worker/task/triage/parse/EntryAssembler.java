package io.cyberbrain.worker.task.triage.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Joins the physical lines of one source into entries: continuation lines (Java stack frames
 * {@code \tat ...}, {@code Caused by: ...}, {@code ... N more}, Python tracebacks, indented lines,
 * CRI partial lines, header lines that say they continue the entry above such as PostgreSQL's
 * {@code DETAIL:}, and - once the source is known to have headers - any line without a header)
 * are attached to the entry before them. An entry keeps its first line's message and counts its
 * continuation lines; java.util.logging's two-line entries take level and message from their second line.
 * Blank lines are skipped.
 *
 * <p>Until the splitter has decided the source's format, lines are held (at most
 * {@link HeaderSplitter#SAMPLE_LINES}), the format is decided on them, and they are then processed in order.
 * Not thread-safe: one instance per source.
 */
public final class EntryAssembler {

    /** Told, for every physical line in order, what became of it. */
    public interface LineObserver {
        /** A line that starts an entry (the entry reaches the consumer once complete, in the same order). */
        int START = 1;
        /** A line attached to the entry before it. */
        int CONTINUATION = 0;
        /** A blank line, skipped. */
        int BLANK = -1;

        void line(int what);
    }

    private final HeaderSplitter splitter;
    private final List<String> sample = new ArrayList<>();
    private LineObserver observer;
    private LogEntry pending;
    private int continuation;
    private boolean inTraceback;
    private boolean partial;

    public EntryAssembler(HeaderSplitter splitter) {
        this.splitter = splitter;
    }

    /** Reports what becomes of each line (for the per-line harness); null for none. */
    public EntryAssembler observe(LineObserver o) {
        this.observer = o;
        return this;
    }

    /** Feeds one physical line; a completed entry (if any) is passed to {@code out}. */
    public void accept(String rawLine, Consumer<LogEntry> out) {
        if (!splitter.decided()) {
            sample.add(rawLine);
            if (sample.size() >= HeaderSplitter.SAMPLE_LINES) {
                decideAndReplay(out);
            }
            return;
        }
        process(rawLine, out);
    }

    private void decideAndReplay(Consumer<LogEntry> out) {
        splitter.detect(sample);
        List<String> lines = new ArrayList<>(sample);
        sample.clear();
        for (int i = 0; i < lines.size(); i++) {
            if (!splitter.decided()) {
                // re-detection asked for inside the sample itself: keep the rest as the next sample
                sample.addAll(lines.subList(i, lines.size()));
                return;
            }
            process(lines.get(i), out);
        }
    }

    private void process(String rawLine, Consumer<LogEntry> out) {
        String line = HeaderSplitter.capLine(rawLine);
        if (line.isEmpty()) {
            tell(LineObserver.BLANK);
            return;
        }
        if (pending != null && (partial || isContinuation(line))) {
            partial = false;
            continuation++;
            tell(LineObserver.CONTINUATION);
            return;
        }
        LogEntry e = splitter.split(line);
        if (pending != null && continuation == 0 && !e.hasHeader()) {
            LogEntry second = "jul".equals(pending.format()) ? ServiceFormats.julSecondLine(line) : null;
            if (second != null) {
                pending = pending.withLevelAndMessage(second.level(), second.message());
            } else if ("rabbitmq-report".equals(pending.format())) {
                // the old RabbitMQ report: the header line alone, the message on the lines below
                pending = pending.withLevelAndMessage(pending.level(), line.strip());
            }
        }
        if (pending != null && (e.continues() || !e.hasHeader() && splitter.headerlessLinesContinue())) {
            continuation++;
            inTraceback |= line.startsWith("Traceback (most recent call last)");
            tell(LineObserver.CONTINUATION);
            return;
        }
        emitPending(out);
        tell(LineObserver.START);
        pending = e;
        partial = "cri-partial".equals(e.format());
        inTraceback = false;
    }

    private void tell(int what) {
        if (observer != null) {
            observer.line(what);
        }
    }

    /** Emits the entry being assembled, if any (deciding the format on the lines held first). Call at end of input. */
    public void flush(Consumer<LogEntry> out) {
        while (!sample.isEmpty()) {
            decideAndReplay(out);
        }
        emitPending(out);
    }

    private void emitPending(Consumer<LogEntry> out) {
        if (pending != null) {
            out.accept(continuation == 0 ? pending : pending.withContinuationLines(continuation));
            pending = null;
            continuation = 0;
            inTraceback = false;
            partial = false;
        }
    }

    /** Convenience: assembles all lines of one source with an auto-detecting splitter. */
    public static List<LogEntry> assemble(Iterable<String> lines) {
        return assemble(lines, new HeaderSplitter());
    }

    /** Convenience: assembles all lines of one source. */
    public static List<LogEntry> assemble(Iterable<String> lines, HeaderSplitter splitter) {
        List<LogEntry> out = new ArrayList<>();
        EntryAssembler a = new EntryAssembler(splitter);
        for (String l : lines) {
            a.accept(l, out::add);
        }
        a.flush(out::add);
        return out;
    }

    private boolean isContinuation(String line) {
        char c = line.charAt(0);
        if (c == ' ' || c == '\t') {
            // stack frames "\tat ...", "  File ...", indented multi-line messages
            return true;
        }
        if (line.startsWith("Caused by:") || line.startsWith("Suppressed:") || line.startsWith("at ")
                && line.indexOf('(') > 0) {
            return true;
        }
        if (line.startsWith("... ") && line.endsWith(" more")) {
            return true;
        }
        if (line.startsWith("Traceback (most recent call last)")) {
            inTraceback = true;
            return true;
        }
        if (inTraceback && isPythonExceptionLine(line)) {
            inTraceback = false;
            return true;
        }
        return false;
    }

    /** {@code ValueError: x}, {@code requests.exceptions.HTTPError}, {@code KeyboardInterrupt}. */
    private static boolean isPythonExceptionLine(String line) {
        int colon = line.indexOf(':');
        String name = colon < 0 ? line : line.substring(0, colon);
        if (name.isEmpty() || name.indexOf(' ') >= 0) {
            return false;
        }
        return name.endsWith("Error") || name.endsWith("Exception") || name.endsWith("Interrupt")
                || name.endsWith("Exit") || name.endsWith("Warning");
    }
}
