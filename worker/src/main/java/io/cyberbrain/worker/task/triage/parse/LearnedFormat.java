package io.cyberbrain.worker.task.triage.parse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A header layout learned from a source's own first lines, for formats no built-in parser knows.
 *
 * <p>The lines are cut into leading fields (whitespace separated; a bracketed field may hold blanks and
 * nested brackets; {@code |} separates fields when the sample's lines start with pipe-separated fields).
 * Column by column over the sample, a field belongs to the header when it varies like a time, date, id or
 * number (holds a digit, a month or weekday name, or is {@code -}, the empty value of a field), is bracketed, is a level
 * word, or takes few distinct values (a host, a node, a facility) and is followed by such a varying field.
 * A column of level words within the first fields ends the prefix. After it, per line: {@code -}
 * separators, bracketed fields (thread, request id) and one component ({@code name:}, {@code name -},
 * {@code name [..]} or, after a level, a name followed by a wide gap) are header too. The message is the
 * rest of the line as written.
 *
 * <p>A line whose varying columns do not vary like the sample's (a stack frame, a wrapped message) does not
 * match: the assembler attaches it to the entry above. Parsing a line is one pass over its first fields.
 */
public final class LearnedFormat implements HeaderFormat {

    static final int MAX_COLUMNS = 14;
    private static final int MAX_SCAN = 400;
    private static final double STRONG = 0.9;
    private static final double LEVEL_SHARE = 0.8;

    /** Kind of a prefix column. */
    enum Kind { VARYING, BRACKET, LEVEL, NAME }

    private final boolean pipes;
    private final Kind[] prefix;
    private final int levelColumn;
    private final boolean letterLevels;
    private final int tsStart;
    private final int tsCount;
    private final Component component;

    /** How the component after the prefix ends, as most of the sample's lines show it. */
    enum Component { NONE, COLON, DASH, BRACKET, GAP }

    private LearnedFormat(boolean pipes, Kind[] prefix, int levelColumn, boolean letterLevels, int tsStart,
                          int tsCount, Component component) {
        this.pipes = pipes;
        this.prefix = prefix;
        this.levelColumn = levelColumn;
        this.letterLevels = letterLevels;
        this.tsStart = tsStart;
        this.tsCount = tsCount;
        this.component = component;
    }

    @Override
    public String name() {
        return "learned";
    }

    @Override
    public String toString() {
        return "learned" + java.util.Arrays.toString(prefix) + (pipes ? " pipes" : "") + " ts=" + tsStart + "+"
                + tsCount + " component=" + component;
    }

    // ------------------------------------------------------------------ tokens

    /** Start/end offsets of the first fields of a line; {@code gapAfter[k]} is the width of the blank run after field k. */
    static final class Fields {
        final int[] start = new int[MAX_COLUMNS + 2];
        final int[] end = new int[MAX_COLUMNS + 2];
        final int[] gapAfter = new int[MAX_COLUMNS + 2];
        int count;
        /** Where the text after the last field read begins. */
        int next;
    }

    static Fields fields(String line, boolean pipes, int max) {
        Fields f = new Fields();
        int n = Math.min(line.length(), MAX_SCAN);
        int i = 0;
        while (f.count < max && i < n) {
            int s = i;
            char c = line.charAt(i);
            if (pipes) {
                while (i < n && line.charAt(i) != '|') {
                    i++;
                }
                if (i >= n) {
                    break; // the last field is the message
                }
                f.start[f.count] = s;
                f.end[f.count] = i;
                f.gapAfter[f.count] = 1;
                f.count++;
                i++;
                f.next = i;
                continue;
            }
            if (c == '[') {
                int depth = 0;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '[') {
                        depth++;
                    } else if (d == ']' && --depth == 0) {
                        break;
                    }
                    i++;
                }
                if (i >= n) {
                    i = s; // unbalanced: an ordinary field
                    while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                        i++;
                    }
                } else {
                    i++;
                    while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                        i++;
                    }
                }
            } else {
                while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                    i++;
                }
            }
            f.start[f.count] = s;
            f.end[f.count] = i;
            int g = i;
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            f.gapAfter[f.count] = i - g;
            f.count++;
            f.next = i;
        }
        return f;
    }

    private static final String[] MONTH_DAY = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
            "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun"};

    /** Holds a digit, is a month or weekday name, AM/PM, a zone name, or {@code -} (a field with no value). */
    static boolean varying(String line, int s, int e) {
        if (e - s == 1 && line.charAt(s) == '-') {
            return true;
        }
        for (int i = s; i < e; i++) {
            char c = line.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        int len = e - s;
        while (len > 0 && (line.charAt(s + len - 1) == ',' || line.charAt(s + len - 1) == '.')) {
            len--;
        }
        if (len == 3) {
            for (String m : MONTH_DAY) {
                if (line.regionMatches(true, s, m, 0, 3)) {
                    return true;
                }
            }
            return line.regionMatches(true, s, "UTC", 0, 3) || line.regionMatches(true, s, "GMT", 0, 3);
        }
        return len == 2 && (line.regionMatches(true, s, "AM", 0, 2) || line.regionMatches(true, s, "PM", 0, 2));
    }

    static boolean bracketed(String line, int s, int e) {
        int end = e;
        while (end > s && (line.charAt(end - 1) == ':' || line.charAt(end - 1) == ',')) {
            end--;
        }
        return end - s >= 2 && (line.charAt(s) == '[' && line.charAt(end - 1) == ']'
                || line.charAt(s) == '<' && line.charAt(end - 1) == '>'
                || line.charAt(s) == '(' && line.charAt(end - 1) == ')');
    }

    /** The level word of a field ({@code INFO}, {@code [warn]}, {@code <E>}, {@code Info,}), or null. */
    static String levelWord(String line, int s, int e) {
        int a = s;
        int b = e;
        while (b > a && (line.charAt(b - 1) == ':' || line.charAt(b - 1) == ',')) {
            b--;
        }
        if (b - a >= 3 && (line.charAt(a) == '[' || line.charAt(a) == '<' || line.charAt(a) == '(')) {
            a++;
            b--;
        }
        if (b - a < 1 || b - a > 11) {
            return null;
        }
        return line.substring(a, b);
    }

    static Level wordLevel(String w, boolean letters) {
        if (w == null) {
            return Level.UNKNOWN;
        }
        if (w.length() == 1) {
            return letters ? letterLevel(w.charAt(0)) : Level.UNKNOWN;
        }
        return Level.parse(w);
    }

    /** glog / logcat / klog single letters. */
    static Level letterLevel(char c) {
        switch (c) {
            case 'V': case 'T': return Level.TRACE;
            case 'D': return Level.DEBUG;
            case 'I': return Level.INFO;
            case 'N': return Level.NOTICE;
            case 'W': return Level.WARN;
            case 'E': return Level.ERROR;
            case 'F': case 'A': case 'C': return Level.FATAL;
            default: return Level.UNKNOWN;
        }
    }

    // ------------------------------------------------------------------ learning

    /**
     * Learns a layout from a source's first lines (lines that start with a blank are skipped: they continue
     * an entry). Returns null when the lines show no header: no column of level words and no timestamp.
     */
    public static LearnedFormat learn(List<String> sample, TimeContext time) {
        List<String> lines = new ArrayList<>();
        for (String l : sample) {
            if (!l.isEmpty() && l.charAt(0) != ' ' && l.charAt(0) != '\t') {
                lines.add(l);
            }
        }
        if (lines.size() < 2) {
            return null;
        }
        boolean pipes = pipeSeparated(lines);
        int n = lines.size();
        List<Fields> fs = new ArrayList<>(n);
        for (String l : lines) {
            fs.add(fields(l, pipes, MAX_COLUMNS));
        }
        int[] present = new int[MAX_COLUMNS];
        int[] var = new int[MAX_COLUMNS];
        int[] br = new int[MAX_COLUMNS];
        int[] lvl = new int[MAX_COLUMNS];
        int[] letters = new int[MAX_COLUMNS];
        int[] dashes = new int[MAX_COLUMNS];
        int[] colons = new int[MAX_COLUMNS];
        List<Set<String>> distinct = new ArrayList<>();
        for (int k = 0; k < MAX_COLUMNS; k++) {
            distinct.add(new HashSet<>());
        }
        for (int li = 0; li < n; li++) {
            String l = lines.get(li);
            Fields f = fs.get(li);
            // the last field of a line is message text, not a header candidate
            int usable = f.next >= l.length() && !pipes ? f.count - 1 : f.count;
            for (int k = 0; k < usable; k++) {
                int s = f.start[k];
                int e = f.end[k];
                present[k]++;
                var[k] += varying(l, s, e) ? 1 : 0;
                dashes[k] += e - s == 1 && l.charAt(s) == '-' ? 1 : 0;
                colons[k] += e - s > 1 && l.charAt(e - 1) == ':' ? 1 : 0;
                br[k] += bracketed(l, s, e) ? 1 : 0;
                String w = levelWord(l, s, e);
                if (w != null) {
                    if (w.length() == 1 && letterLevel(w.charAt(0)) != Level.UNKNOWN) {
                        letters[k]++;
                    } else if (w.length() > 1 && Level.parse(w) != Level.UNKNOWN) {
                        lvl[k]++;
                    }
                }
                if (distinct.get(k).size() <= n) {
                    distinct.get(k).add(l.substring(s, e));
                }
            }
        }
        // a column of level words (a column of single letters only when nearly all its fields are such letters)
        int levelColumn = -1;
        boolean letterLevels = false;
        for (int k = 0; k < MAX_COLUMNS - 1 && levelColumn < 0; k++) {
            if (present[k] < n * STRONG) {
                break;
            }
            if (lvl[k] >= n * LEVEL_SHARE) {
                levelColumn = k;
            } else if (letters[k] >= n * STRONG && distinct.get(k).size() <= 7) {
                levelColumn = k;
                letterLevels = true;
            }
        }
        Kind[] kinds = new Kind[MAX_COLUMNS];
        int prefixLen;
        if (levelColumn >= 0) {
            for (int k = 0; k < levelColumn; k++) {
                Kind kind = kind(k, n, var, br, distinct, true);
                if (kind == null) {
                    return null; // something that is not a header field before the level words
                }
                kinds[k] = kind;
            }
            kinds[levelColumn] = Kind.LEVEL;
            prefixLen = levelColumn + 1;
        } else {
            int lastStrong = -1;
            for (int k = 0; k < MAX_COLUMNS && present[k] >= n * STRONG; k++) {
                Kind kind = kind(k, n, var, br, distinct, false);
                if (kind == null || k > 0 && dashes[k] >= n * LEVEL_SHARE || colons[k] >= n * 0.7) {
                    // a " - " separator or a "name:" ends the header fields (prog - msg, tag[pid]: msg)
                    break;
                }
                kinds[k] = kind;
                if (kind != Kind.NAME) {
                    lastStrong = k;
                }
            }
            prefixLen = lastStrong + 1;
        }
        if (prefixLen == 0) {
            return null;
        }
        Kind[] prefix = java.util.Arrays.copyOf(kinds, prefixLen);
        // the timestamp: the run of up to 3 prefix fields that parses on most lines, the longer text on a tie
        int bestStart = -1;
        int bestCount = 0;
        int bestHits = 0;
        long bestLen = 0;
        for (int s = 0; s < prefixLen; s++) {
            if (prefix[s] == Kind.LEVEL) {
                continue;
            }
            for (int c = 1; c <= 3 && s + c <= prefixLen; c++) {
                if (prefix[s + c - 1] == Kind.LEVEL) {
                    break;
                }
                int hits = 0;
                long len = 0;
                for (int li = 0; li < n; li++) {
                    Fields f = fs.get(li);
                    if (f.count < s + c) {
                        continue;
                    }
                    String t = timestampText(lines.get(li), f, s, c);
                    if (Timestamps.parse(t, time) != null) {
                        hits++;
                        len += t.length();
                    }
                }
                if (hits > bestHits || hits == bestHits && hits > 0 && len > bestLen) {
                    bestHits = hits;
                    bestLen = len;
                    bestStart = s;
                    bestCount = c;
                }
            }
        }
        if (bestHits < n * LEVEL_SHARE) {
            bestStart = -1;
            bestCount = 0;
            if (levelColumn < 0) {
                return null; // neither a timestamp nor a level: no header to learn
            }
        }
        Component component = Component.NONE;
        if (!pipes) {
            int[] votes = new int[Component.values().length];
            for (int li = 0; li < n; li++) {
                String l = lines.get(li);
                Fields f = fields(l, false, prefixLen + 6);
                int k = skipSeparators(l, f, prefixLen);
                for (Component c : Component.values()) {
                    if (c != Component.NONE && (c != Component.GAP && c != Component.BRACKET || levelColumn >= 0)
                            && componentEnd(l, f, k, c) > k) {
                        votes[c.ordinal()]++;
                    }
                }
            }
            for (Component c : Component.values()) {
                if (c != Component.NONE && votes[c.ordinal()] >= n * 0.7
                        && (component == Component.NONE || votes[c.ordinal()] > votes[component.ordinal()])) {
                    component = c;
                }
            }
        }
        return new LearnedFormat(pipes, prefix, levelColumn, letterLevels, bestStart, bestCount, component);
    }

    private static Kind kind(int k, int n, int[] var, int[] br, List<Set<String>> distinct, boolean beforeLevel) {
        if (br[k] >= n * STRONG) {
            return Kind.BRACKET;
        }
        if (var[k] >= n * STRONG) {
            return Kind.VARYING;
        }
        Set<String> values = distinct.get(k);
        if (values.size() > Math.max(3, n / 5)) {
            return null;
        }
        // a single plain word in every line ("job 5 done") is message text; a host or facility name is not
        if (k > 0 && values.size() == 1 && !beforeLevel) {
            String v = values.iterator().next();
            for (int i = 0; i < v.length(); i++) {
                if (!Character.isLetter(v.charAt(i))) {
                    return Kind.NAME;
                }
            }
            return null;
        }
        return Kind.NAME;
    }

    /** Most lines start with at least two {@code |}-separated fields before their first blank. */
    private static boolean pipeSeparated(List<String> lines) {
        int hits = 0;
        for (String l : lines) {
            int sp = l.indexOf(' ');
            int end = sp < 0 ? Math.min(l.length(), MAX_SCAN) : Math.min(sp, MAX_SCAN);
            int pipes = 0;
            for (int i = 0; i < end; i++) {
                if (l.charAt(i) == '|') {
                    pipes++;
                }
            }
            hits += pipes >= 2 ? 1 : 0;
        }
        return hits >= lines.size() * STRONG;
    }

    private static String timestampText(String line, Fields f, int s, int c) {
        int a = f.start[s];
        int b = f.end[s + c - 1];
        if (line.charAt(a) == '[' && line.charAt(b - 1) == ']' && c == 1) {
            a++;
            b--;
        } else {
            if (line.charAt(a) == '[') {
                a++;
            }
            while (b > a && (line.charAt(b - 1) == ',' || line.charAt(b - 1) == ':' || line.charAt(b - 1) == ']')) {
                b--;
            }
        }
        String t = line.substring(a, b);
        return c > 1 || pipesOrSpaces(t) ? t.replaceAll("\\s+", " ") : t;
    }

    private static boolean pipesOrSpaces(String t) {
        return t.indexOf("  ") >= 0 || t.indexOf('\t') >= 0;
    }

    // ------------------------------------------------------------------ parsing

    @Override
    public LogEntry parse(String line, TimeContext time) {
        if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
            return null;
        }
        Fields f = fields(line, pipes, prefix.length + 6);
        if (f.count < prefix.length || f.count == prefix.length && f.next < line.length() && !pipes
                && prefix.length > 0 && f.next == 0) {
            return null;
        }
        if (f.count < prefix.length) {
            return null;
        }
        Level level = Level.UNKNOWN;
        for (int k = 0; k < prefix.length; k++) {
            int s = f.start[k];
            int e = f.end[k];
            switch (prefix[k]) {
                case VARYING:
                    if (!varying(line, s, e)) {
                        return null;
                    }
                    break;
                case BRACKET:
                    if (!bracketed(line, s, e)) {
                        return null;
                    }
                    break;
                case LEVEL:
                    level = wordLevel(levelWord(line, s, e), letterLevels);
                    if (level == Level.UNKNOWN) {
                        return null;
                    }
                    break;
                default:
                    break;
            }
        }
        int k = prefix.length;
        String source = null;
        if (!pipes) {
            k = skipSeparators(line, f, k);
            int end = componentEnd(line, f, k, component);
            if (end > k) {
                int e = f.end[k];
                source = line.substring(f.start[k], line.charAt(e - 1) == ':' ? e - 1 : e);
                k = end;
                // one bracketed context field (a request id) after the component; later ones are message text
                while (k < f.count - 1 && isDash(line, f, k)) {
                    k++;
                }
                if (component == Component.BRACKET && k < f.count - 1 && bracketed(line, f.start[k], f.end[k])) {
                    k++;
                }
                while (k < f.count - 1 && isDash(line, f, k)) {
                    k++;
                }
            }
        }
        int msgStart = k < f.count ? f.start[k] : f.next;
        if (pipes && k >= f.count) {
            msgStart = f.next;
        }
        String message = msgStart >= line.length() ? "" : line.substring(msgStart);
        Instant ts = null;
        String tsText = null;
        if (tsCount > 0 && f.count >= tsStart + tsCount) {
            tsText = timestampText(line, f, tsStart, tsCount);
            ts = Timestamps.parse(tsText, time);
        }
        return new LogEntry(tsText, ts, level, source, message, 0, "learned");
    }

    /** Past {@code -} separators and bracketed fields (thread, request id) from field k. */
    private static int skipSeparators(String line, Fields f, int k) {
        while (k < f.count - 1 && (isDash(line, f, k) || isBar(line, f, k) || bracketed(line, f.start[k], f.end[k]))) {
            k++;
        }
        return k;
    }

    /** A lone {@code |} between header fields ("svc | 2026-12-06T16:40:38Z | 17 | INFO | msg"). */
    private static boolean isBar(String line, Fields f, int k) {
        return k < f.count && f.end[k] - f.start[k] == 1 && line.charAt(f.start[k]) == '|';
    }

    /** The field after a component starting at field k that ends as {@code c} says, or k when it does not. */
    private static int componentEnd(String line, Fields f, int k, Component c) {
        if (k >= f.count - 1 || c == Component.NONE || !isName(line, f.start[k], f.end[k])) {
            return k;
        }
        int s = f.start[k];
        int e = f.end[k];
        switch (c) {
            case COLON:
                return line.charAt(e - 1) == ':' && e - s > 1 ? k + 1 : k;
            case DASH:
                if (isDash(line, f, k + 1)) {
                    return k + 2;
                }
                // one short qualifier between the name and the dash: "chrome.exe *64 - ..."
                return qualifier(line, f, k + 1) && isDash(line, f, k + 2) ? k + 3 : k;
            case BRACKET:
                return line.charAt(e - 1) != ':' && k + 1 < f.count && line.charAt(f.start[k + 1]) == '['
                        && bracketed(line, f.start[k + 1], f.end[k + 1]) ? k + 1 : k;
            case GAP:
                return line.charAt(e - 1) != ':' && f.gapAfter[k] >= 2 ? k + 1 : k;
            default:
                return k;
        }
    }

    /**
     * A short token that is not a word ({@code *64}, {@code (x86)}, {@code [2]}): it may qualify a program name, while
     * a plain word there means the line is prose ("Server started - ready"), not a component.
     */
    private static boolean qualifier(String line, Fields f, int k) {
        if (k >= f.count || f.end[k] - f.start[k] > 8) {
            return false;
        }
        for (int i = f.start[k]; i < f.end[k]; i++) {
            if (!Character.isLetter(line.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDash(String line, Fields f, int k) {
        return k < f.count && f.end[k] - f.start[k] == 1 && line.charAt(f.start[k]) == '-';
    }

    /** A program / logger / tag name: letters, digits and {@code ._$-/()[]#@}, starting with a letter or digit. */
    private static boolean isName(String line, int s, int e) {
        if (e - s > 160 || e - s < 1) {
            return false;
        }
        char c0 = line.charAt(s);
        if (!Character.isLetterOrDigit(c0) && c0 != '_') {
            return false;
        }
        for (int i = s; i < e; i++) {
            char c = line.charAt(i);
            if (!(Character.isLetterOrDigit(c) || "._$-/()[]#@:<>".indexOf(c) >= 0)) {
                return false;
            }
        }
        // a URL or host:port is message text
        int colon = line.indexOf(':', s);
        return colon < 0 || colon >= e - 1;
    }
}
