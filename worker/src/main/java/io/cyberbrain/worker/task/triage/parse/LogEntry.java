package io.cyberbrain.worker.task.triage.parse;

import java.time.Instant;

/**
 * One log entry: the header fields of its first line, the message (first line only) and how many
 * continuation lines (stack frames, traceback lines, ...) were attached to it.
 *
 * @param timestampText     the timestamp as written, or null
 * @param timestamp         the timestamp when it could be resolved to an instant (zone-less
 *                          timestamps are read as UTC, year-less ones get the supplied year), or null
 * @param level             normalised level, {@link Level#UNKNOWN} when the header has none
 * @param source            logger / component / program / syslog tag, or null
 * @param message           the message part of the first line (what templates are mined from)
 * @param continuationLines number of lines joined to this entry after the first
 * @param format            name of the header format that matched ({@code "raw"} when none did)
 * @param continues         the line has a header but continues the entry above (PostgreSQL {@code DETAIL:},
 *                          {@code HINT:}, {@code STATEMENT:} lines)
 */
public record LogEntry(String timestampText, Instant timestamp, Level level, String source, String message,
                       int continuationLines, String format, boolean continues) {

    public LogEntry {
        level = level == null ? Level.UNKNOWN : level;
        message = message == null ? "" : message;
    }

    public LogEntry(String timestampText, Instant timestamp, Level level, String source, String message,
                    int continuationLines, String format) {
        this(timestampText, timestamp, level, source, message, continuationLines, format, false);
    }

    /** A copy with another continuation count. */
    public LogEntry withContinuationLines(int n) {
        return new LogEntry(timestampText, timestamp, level, source, message, n, format, continues);
    }

    /** A copy with another level and message (JUL's second line). */
    public LogEntry withLevelAndMessage(Level l, String m) {
        return new LogEntry(timestampText, timestamp, l, source, m, continuationLines, format, continues);
    }

    /** True when a header format matched the first line. */
    public boolean hasHeader() {
        return !"raw".equals(format);
    }
}
