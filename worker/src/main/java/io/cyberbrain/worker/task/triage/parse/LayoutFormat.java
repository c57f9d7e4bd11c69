package io.cyberbrain.worker.task.triage.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An explicitly declared header layout in the Loghub style, e.g.
 * {@code <Date> <Time> <Level> <Component>: <Content>}: {@code <Name>} is a field, everything else is
 * literal text in regular-expression syntax (so {@code \[} is a bracket and {@code (\[<PID>\])?} an
 * optional group); a run of spaces matches any run of whitespace. {@code <Content>} is the message.
 * Fields named like {@code Level}/{@code Severity} give the level; {@code Timestamp}, or else the
 * fields whose names contain date/time/month/day/year, give the timestamp; {@code Component},
 * {@code Logger}, {@code Source}, {@code Program}, {@code Process} (first present) give the source.
 */
public final class LayoutFormat implements HeaderFormat {

    private static final Pattern FIELD = Pattern.compile("<([A-Za-z][A-Za-z0-9_]*)>");

    private final String layout;
    private final Pattern pattern;
    private final List<String> fields = new ArrayList<>();
    private final int contentGroup;
    private final int levelGroup;
    private final int sourceGroup;
    private final int[] timeGroups;

    /** @throws IllegalArgumentException when the layout has no {@code <Content>} field or is not a valid pattern */
    public LayoutFormat(String layout) {
        this.layout = layout;
        StringBuilder regex = new StringBuilder("^");
        Matcher m = FIELD.matcher(layout);
        int last = 0;
        while (m.find()) {
            regex.append(layout.substring(last, m.start()).replaceAll(" +", "\\\\s+"));
            fields.add(m.group(1));
            regex.append("(?<f").append(fields.size()).append(">.*?)");
            last = m.end();
        }
        regex.append(layout.substring(last).replaceAll(" +", "\\\\s+")).append('$');
        try {
            pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid layout: " + layout, e);
        }
        contentGroup = indexOf("content", "message", "msg");
        if (contentGroup < 0) {
            throw new IllegalArgumentException("layout has no <Content> field: " + layout);
        }
        levelGroup = indexOf("level", "severity", "loglevel", "lvl");
        sourceGroup = indexOf("component", "logger", "source", "program", "process", "module");
        int ts = indexOf("timestamp", "datetime");
        if (ts >= 0) {
            timeGroups = new int[] {ts};
        } else {
            List<Integer> t = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                String f = fields.get(i).toLowerCase(Locale.ROOT);
                if (f.contains("date") || f.contains("time") || f.contains("month") || f.contains("day")
                        || f.contains("year")) {
                    t.add(i);
                }
            }
            timeGroups = t.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private int indexOf(String... names) {
        for (String n : names) {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).equalsIgnoreCase(n)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The field names in layout order. */
    public List<String> fields() {
        return List.copyOf(fields);
    }

    @Override
    public String name() {
        return "layout";
    }

    /** All fields of a matching line by name (absent optional fields are null), or null when the line does not match. */
    public java.util.Map<String, String> fieldsOf(String line) {
        Matcher m = pattern.matcher(line);
        if (!m.matches()) {
            return null;
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            out.put(fields.get(i), m.group("f" + (i + 1)));
        }
        return out;
    }

    @Override
    public LogEntry parse(String line, TimeContext yearIfMissing) {
        Matcher m = pattern.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String ts = null;
        if (timeGroups.length > 0) {
            StringBuilder b = new StringBuilder();
            for (int g : timeGroups) {
                String v = m.group("f" + (g + 1));
                if (v != null && !v.isEmpty()) {
                    if (b.length() > 0) {
                        b.append(' ');
                    }
                    b.append(v);
                }
            }
            ts = b.length() == 0 ? null : b.toString();
        }
        Level level = levelGroup < 0 ? Level.UNKNOWN : HeaderFormats.levelValue(m.group("f" + (levelGroup + 1)));
        String source = sourceGroup < 0 ? null : m.group("f" + (sourceGroup + 1));
        return new LogEntry(ts, Timestamps.parse(ts, yearIfMissing), level,
                source == null || source.isEmpty() ? null : source, m.group("f" + (contentGroup + 1)), 0, "layout");
    }

    @Override
    public String toString() {
        return layout;
    }
}
