package io.cyberbrain.worker.task.triage.parse;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the lines of ONE source (file, container, unit) into header fields and message.
 *
 * <p>Without a declared layout the format is decided on a sample of the source's first lines
 * ({@link #detect}, up to {@value #SAMPLE_LINES}, which {@link EntryAssembler} collects before it emits
 * anything): every built-in format of {@link HeaderFormats#AUTO} and a layout {@link LearnedFormat learned}
 * from the sample itself are run over it, and the one with the best score is kept; a line scores when
 * the format matches it, and more when the split gives a timestamp, a level and a message that does not
 * start with a header-like field (bracket, dash, number). Ties go to the built-in format listed first.
 * After that each line is parsed by the kept format alone (one pass, no cascade); a line it does not match
 * is raw (a continuation for the assembler). When the kept format stops matching almost every line (the
 * file was rotated to another program's log) the splitter becomes undecided again and the assembler
 * collects a new sample. With a declared {@link LayoutFormat} only that layout is used.
 * Not thread-safe: one instance per source.
 */
public final class HeaderSplitter {

    /** Longest line looked at; longer lines are cut to this many chars before anything else. */
    public static final int MAX_LINE_CHARS = 4096;
    /** Lines a source's format is decided on. */
    public static final int SAMPLE_LINES = 200;
    /** Unmatched lines in a row after which the format is decided again. */
    static final int RECHECK_LINES = 32;
    /** Formats whose level is a word found after the timestamp on some lines, not a field every line has. */
    private static final java.util.Set<String> TEXT_LEVELS = java.util.Set.of("timestamp-prefix");

    private final HeaderFormat declared;
    private final TimeContext time;
    private HeaderFormat locked;
    private boolean decided;
    private boolean hasHeaders;
    /** The kept format gives a level on so few sample lines that those words are message text, not a level field. */
    private boolean levelsAreText;
    /** The unmatched lines in a row since the last matched one (at most {@link #RECHECK_LINES}). */
    private final List<String> misses = new ArrayList<>();

    /** Auto-detecting splitter reading zone-less stamps in the host's zone, year-less ones relative to now. */
    public HeaderSplitter() {
        this(null, TimeContext.of(ZoneId.systemDefault(), Clock.systemUTC()));
    }

    /** Splitter for a declared Loghub-style layout (see {@link LayoutFormat}); null layout = auto-detect. */
    public HeaderSplitter(String layout) {
        this(layout == null || layout.isBlank() ? null : new LayoutFormat(layout),
                TimeContext.of(ZoneId.systemDefault(), Clock.systemUTC()));
    }

    /** @param declared a fixed format, or null to detect; @param yearIfMissing year for year-less timestamps (UTC) */
    public HeaderSplitter(HeaderFormat declared, int yearIfMissing) {
        this(declared, TimeContext.utcInYear(yearIfMissing));
    }

    /** @param declared a fixed format, or null to detect; @param time how stamps without zone or year are read */
    public HeaderSplitter(HeaderFormat declared, TimeContext time) {
        this.declared = declared;
        this.time = time;
        this.decided = declared != null;
        this.hasHeaders = declared != null;
    }

    public TimeContext time() {
        return time;
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

    /** True once a format was decided (always with a declared layout). */
    public boolean decided() {
        return decided;
    }

    /**
     * Decides the format on a sample of the source's lines (capped, in file order). A sample where no format
     * matches at least a quarter of the lines that do not start with a blank leaves the source headerless:
     * every line is then one entry.
     */
    public void detect(List<String> sample) {
        if (declared != null) {
            return;
        }
        List<String> lines = new ArrayList<>(sample.size());
        for (String s : sample) {
            String l = capLine(s);
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        Choice c = choose(lines, time);
        decided = true;
        misses.clear();
        if (c != null && c.matched * 4 >= Math.max(1, heads(lines))) {
            keep(c);
        } else {
            locked = null;
            hasHeaders = false;
            levelsAreText = false;
        }
    }

    private void keep(Choice c) {
        locked = c.format;
        hasHeaders = true;
        // "2026/12/06 16:40:39 error: accept failed" in a Go log: a sentence, not a level field
        levelsAreText = TEXT_LEVELS.contains(c.format.name()) && c.levels * 5 < c.matched;
    }

    private static int heads(List<String> lines) {
        int heads = 0;
        for (String l : lines) {
            heads += l.charAt(0) == ' ' || l.charAt(0) == '\t' ? 0 : 1;
        }
        return heads;
    }

    /** A candidate format with how many sample lines it matched and gave a level. */
    private record Choice(HeaderFormat format, int matched, int levels) {
    }

    /** The best-scoring format over non-empty capped lines, or null when none matches any. */
    private static Choice choose(List<String> lines, TimeContext time) {
        List<HeaderFormat> candidates = new ArrayList<>(HeaderFormats.AUTO);
        LearnedFormat learned = LearnedFormat.learn(lines, time);
        if (learned != null) {
            candidates.add(learned);
        }
        Choice best = null;
        long bestScore = 0;
        for (HeaderFormat f : candidates) {
            long score = 0;
            int matched = 0;
            int levels = 0;
            for (String l : lines) {
                LogEntry e = f.parse(l, time);
                if (e != null) {
                    matched++;
                    levels += e.level() != Level.UNKNOWN ? 1 : 0;
                    score += 4 + (e.timestamp() != null ? 1 : 0) + (e.level() != Level.UNKNOWN ? 1 : 0)
                            + (cleanMessage(e.message()) ? 2 : 0);
                }
            }
            if (f instanceof LearnedFormat) {
                // a built-in format knows what its fields mean: the learned one must split clearly better
                score = score * 95 / 100;
            }
            if (score > bestScore) {
                best = new Choice(f, matched, levels);
                bestScore = score;
            }
        }
        return best;
    }

    /** A message that starts like message text, not like a header field left behind. */
    static boolean cleanMessage(String m) {
        if (m.isEmpty()) {
            return true;
        }
        char c = m.charAt(0);
        if (c == '[' || c == '|' || c == '<' || c == ':' || c == '=' || c == ',') {
            return false;
        }
        if (c == '-' && (m.length() == 1 || m.charAt(1) == ' ')) {
            return false;
        }
        // a leading all-digit / time-like word is a header field the split left in
        int i = 0;
        boolean digit = false;
        while (i < m.length() && m.charAt(i) != ' ') {
            char d = m.charAt(i);
            if (d >= '0' && d <= '9') {
                digit = true;
            } else if (".:-/,".indexOf(d) < 0) {
                return true;
            }
            i++;
        }
        return !digit;
    }

    /** Splits one physical line (capped first). Never returns null. */
    public LogEntry split(String rawLine) {
        String line = capLine(rawLine);
        if (declared != null) {
            LogEntry e = declared.parse(line, time);
            return e != null ? e : raw(line);
        }
        if (!decided) {
            // no sample yet (a caller that does not detect): the first built-in format that matches
            for (HeaderFormat f : HeaderFormats.AUTO) {
                LogEntry e = f.parse(line, time);
                if (e != null) {
                    return e;
                }
            }
            return raw(line);
        }
        if (locked == null) {
            return raw(line);
        }
        LogEntry e = locked.parse(line, time);
        countMiss(line, e == null);
        if (e == null) {
            return SINGLE_LINE.contains(locked.name()) ? standalone(line) : raw(line);
        }
        return levelsAreText && e.level() != Level.UNKNOWN ? e.withLevelAndMessage(Level.UNKNOWN, e.message()) : e;
    }

    /**
     * {@link #RECHECK_LINES} lines in a row that the kept format does not match (indented continuation lines never
     * get here): when most of them match another format, the source now holds another program's log (a rotated
     * or reused file) and that format is kept from here on; otherwise they are text without headers (a crash
     * report, a dump) and stay continuations.
     */
    private void countMiss(String line, boolean miss) {
        if (!miss) {
            misses.clear();
            return;
        }
        misses.add(line);
        if (misses.size() >= RECHECK_LINES) {
            Choice c = choose(misses, time);
            if (c != null && c.format != locked && c.matched * 5 >= misses.size() * 4) {
                keep(c);
            }
            misses.clear();
        }
    }

    /** True when this source is known to have headers (a declared layout, or a detected format). */
    public boolean sourceHasHeaders() {
        return hasHeaders;
    }

    /** Name of the declared or detected format, or null while undecided / when none fits. */
    public String detectedFormat() {
        return declared != null ? declared.name() : locked == null ? null : locked.name();
    }

    /** The detected format itself (for diagnostics), or null. */
    public HeaderFormat detected() {
        return declared != null ? declared : locked;
    }

    /** Formats that never write a record over several lines: a line they do not match is a record of its own. */
    private static final java.util.Set<String> SINGLE_LINE = java.util.Set.of("json", "logfmt");

    /** Whether a line without a header continues the entry above (false for single-line-record formats). */
    public boolean headerlessLinesContinue() {
        return hasHeaders && (locked == null || !SINGLE_LINE.contains(locked.name()));
    }

    /**
     * A line between single-line records, e.g. a CLI's own {@code Error: ...} amid its logrus output: an entry
     * without header, whose level is a capitalised level word opening it with a colon.
     */
    private static LogEntry standalone(String line) {
        int colon = line.indexOf(':');
        Level level = Level.UNKNOWN;
        if (colon > 0 && colon <= 8 && Character.isUpperCase(line.charAt(0))) {
            level = Level.parse(line.substring(0, colon));
        }
        return new LogEntry(null, null, level, null, line, 0, "raw");
    }

    private static LogEntry raw(String line) {
        return new LogEntry(null, null, Level.UNKNOWN, null, line, 0, "raw");
    }
}
