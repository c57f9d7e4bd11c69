package io.cyberbrain.launcher.task.triage.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Joins the physical lines of one source into entries: continuation lines (Java stack frames
 * {@code \tat ...}, {@code Caused by: ...}, {@code ... N more}, Python tracebacks, indented lines,
 * CRI partial lines, and - once the source is known to have headers - any line without a header)
 * are attached to the entry before them. An entry keeps its first line's message and counts its
 * continuation lines. Blank lines are skipped. Not thread-safe: one instance per source.
 */
public final class EntryAssembler {

    private final HeaderSplitter splitter;
    private LogEntry pending;
    private int continuation;
    private boolean inTraceback;
    private boolean partial;

    public EntryAssembler(HeaderSplitter splitter) {
        this.splitter = splitter;
    }

    /** Feeds one physical line; a completed entry (if any) is passed to {@code out}. */
    public void accept(String rawLine, Consumer<LogEntry> out) {
        String line = HeaderSplitter.capLine(rawLine);
        if (line.isEmpty()) {
            return;
        }
        if (pending != null && (partial || isContinuation(line))) {
            partial = false;
            continuation++;
            return;
        }
        LogEntry e = splitter.split(line);
        if (pending != null && !e.hasHeader() && splitter.sourceHasHeaders()) {
            continuation++;
            inTraceback |= line.startsWith("Traceback (most recent call last)");
            return;
        }
        flush(out);
        pending = e;
        partial = "cri-partial".equals(e.format());
        inTraceback = false;
    }

    /** Emits the entry being assembled, if any. Call at end of input. */
    public void flush(Consumer<LogEntry> out) {
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
