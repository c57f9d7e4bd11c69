package io.cyberbrain.launcher.task.triage.parse;

import java.time.Year;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Splits the lines of ONE source (file, container, unit) into header fields and message.
 *
 * <p>Without a declared layout the format is detected from the source's first
 * {@value #DETECTION_LINES} lines: each line is tried against {@link HeaderFormats#AUTO} in order,
 * and once enough lines were seen the format that matched most of them is kept; later lines try the
 * kept format first and fall back to the full list per line. A line no format matches is returned
 * whole as the message ({@code format = "raw"}). With a declared {@link LayoutFormat} only that
 * layout is used (non-matching lines are raw). Not thread-safe: one instance per source.
 */
public final class HeaderSplitter {

    /** Longest line looked at; longer lines are cut to this many chars before anything else. */
    public static final int MAX_LINE_CHARS = 4096;
    /** Lines used to pick a source's format. */
    public static final int DETECTION_LINES = 20;

    private final HeaderFormat declared;
    private final List<HeaderFormat> candidates;
    private final int[] wins;
    private final int year;
    private int seen;
    private HeaderFormat locked;

    /** Auto-detecting splitter; syslog timestamps without a year get the current (UTC) year. */
    public HeaderSplitter() {
        this(null, Year.now(ZoneOffset.UTC).getValue());
    }

    /** Splitter for a declared Loghub-style layout (see {@link LayoutFormat}); null layout = auto-detect. */
    public HeaderSplitter(String layout) {
        this(layout == null || layout.isBlank() ? null : new LayoutFormat(layout), Year.now(ZoneOffset.UTC).getValue());
    }

    /** @param declared a fixed format, or null to detect; @param yearIfMissing year for year-less timestamps */
    public HeaderSplitter(HeaderFormat declared, int yearIfMissing) {
        this.declared = declared;
        this.candidates = HeaderFormats.AUTO;
        this.wins = new int[candidates.size()];
        this.year = yearIfMissing;
    }

    /** Cuts a line to {@link #MAX_LINE_CHARS} and strips a trailing CR / whitespace. */
    public static String capLine(String line) {
        String l = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) : line;
        int end = l.length();
        while (end > 0 && Character.isWhitespace(l.charAt(end - 1))) {
            end--;
        }
        return end == l.length() ? l : l.substring(0, end);
    }

    /** Splits one physical line (capped first). Never returns null. */
    public LogEntry split(String rawLine) {
        String line = capLine(rawLine);
        if (declared != null) {
            LogEntry e = declared.parse(line, year);
            return e != null ? e : raw(line);
        }
        if (locked != null) {
            LogEntry e = locked.parse(line, year);
            if (e != null) {
                return e;
            }
        }
        for (int i = 0; i < candidates.size(); i++) {
            HeaderFormat f = candidates.get(i);
            if (f == locked) {
                continue;
            }
            LogEntry e = f.parse(line, year);
            if (e != null) {
                vote(i);
                return e;
            }
        }
        vote(-1);
        return raw(line);
    }

    private void vote(int formatIndex) {
        if (locked != null || seen >= DETECTION_LINES) {
            return;
        }
        seen++;
        if (formatIndex >= 0) {
            wins[formatIndex]++;
        }
        if (seen == DETECTION_LINES) {
            int best = -1;
            for (int i = 0; i < wins.length; i++) {
                if (best < 0 || wins[i] > wins[best]) {
                    best = i;
                }
            }
            if (best >= 0 && wins[best] * 2 >= seen) {
                locked = candidates.get(best);
            }
        }
    }

    /** True when this source is known to have headers (a declared layout, or a detected format). */
    public boolean sourceHasHeaders() {
        if (declared != null || locked != null) {
            return true;
        }
        int total = 0;
        for (int w : wins) {
            total += w;
        }
        return seen > 0 && total * 2 >= seen;
    }

    /** Name of the declared or detected format, or null while undecided / when none dominates. */
    public String detectedFormat() {
        return declared != null ? declared.name() : locked == null ? null : locked.name();
    }

    private static LogEntry raw(String line) {
        return new LogEntry(null, null, Level.UNKNOWN, null, line, 0, "raw");
    }
}
