package io.cyberbrain.worker.task.triage.parse;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in header formats, tried in {@link #AUTO} order when a source's format is detected.
 * Wrapper formats (Docker json-file, CRI, Docker {@code --timestamps}) split the wrapper and then
 * split the wrapped application line with the non-wrapper formats.
 */
public final class HeaderFormats {

    private static final String LEVEL_WORDS =
            "TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|CRIT|SEVERE|FINEST|FINER|FINE|CONFIG"
                    + "|EMERG|ALERT|PANIC|INF|WRN|DBG|TRC|FTL|EMERGENCY|VERBOSE";
    private static final String LEVEL = "(?i:" + LEVEL_WORDS + ")";

    private static final Pattern SYSLOG_5424 = Pattern.compile(
            "^<(\\d{1,3})>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (-|(?:\\[(?:[^\\]\\\\]|\\\\.)*\\])+)(?: \\x{FEFF}?(.*))?$");
    private static final Pattern ACCESS = Pattern.compile(
            "^(\\S+) (\\S+) (\\S+) \\[([^\\]]{10,40})\\] (\"(?:[^\"\\\\]|\\\\.)*\" (\\d{3}) .*)$");
    private static final Pattern APACHE_ERROR = Pattern.compile(
            "^\\[((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [^\\]]{10,40})\\] \\[(?:([\\w.\\-]+):)?(\\w+)\\] (?:\\[pid [^\\]]*\\] )?(.*)$");
    private static final Pattern NGINX_ERROR = Pattern.compile(
            "^(\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}) \\[(\\w+)\\] \\d+#\\d+: (?:\\*\\d+ )?(.*)$");
    private static final Pattern GLOG = Pattern.compile(
            "^([IWEF])(\\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}) +\\d+ ([^\\s\\]]+)\\] ?(.*)$");
    private static final Pattern PYTHON_DEFAULT = Pattern.compile(
            "^(DEBUG|INFO|WARNING|ERROR|CRITICAL):([^:\\s]*):(.*)$");
    private static final Pattern CRI = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})) (stdout|stderr) ([FP]) ?(.*)$");
    /** Timestamp at the start of the line, optionally bracketed; group 1 the timestamp, group 2 the rest. */
    private static final Pattern TS_PREFIX = Pattern.compile(
            "^\\[?("
                    + "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?(?: ?(?:Z|[+-]\\d{2}:?\\d{2}))?"
                    + "|\\d{4}/\\d{2}/\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?"
                    + "|\\d{2}/\\d{2}/\\d{2,4} \\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?"
                    + "|\\d{2}:\\d{2}:\\d{2}[.,]\\d{3,9}"
                    + ")\\]?:?\\s+(.*)$");
    /** After a timestamp: [thread] LEVEL [thread] logger - message (log4j / logback / Spring Boot). */
    private static final Pattern REST_LEVEL = Pattern.compile(
            "^(?:\\[[^\\]]{0,400}\\]\\s+)?(?:-\\s+)?\\[?(" + LEVEL + ")\\]?:?\\s+"
                    + "(?:\\d+\\s+---\\s+)?(?:\\[[^\\]]{0,400}\\]\\s+)?"
                    + "(?:([A-Za-z_$][\\w$.\\-/]{0,160}(?:\\[[^\\]]{0,60}\\])?)(?:\\s*:|\\s+-|\\s+\\|)\\s+)?(.*)$");
    /** After a timestamp: logger - LEVEL - message (Python logging with asctime). */
    private static final Pattern REST_PY = Pattern.compile(
            "^(?:-\\s+)?([\\w.$\\-]{1,160})\\s+-\\s+(" + LEVEL + ")\\s+-\\s+(.*)$");
    /** After a timestamp: host tag[pid]: message (rsyslog with ISO timestamps). */
    private static final Pattern REST_SYSLOG = Pattern.compile("^(\\S+) ([^\\s\\[:]{1,128})\\[(\\d+)\\]: (.*)$");
    private static final Pattern LEVEL_PREFIX = Pattern.compile(
            "^\\[?(" + LEVEL + ")\\]?(?::\\s*|\\s+)(?:([A-Za-z_$][\\w$.\\-]{0,160})(?:\\s*:|\\s+-)\\s+)?(.*)$");

    private HeaderFormats() {
    }

    /** Non-wrapper formats, detection order (a tie in detection goes to the one listed first). */
    public static final List<HeaderFormat> PLAIN = plain();

    private static List<HeaderFormat> plain() {
        List<HeaderFormat> l = new java.util.ArrayList<>(List.of(
            fmt("json", HeaderFormats::json),
            fmt("syslog-rfc5424", HeaderFormats::rfc5424),
            fmt("syslog-rfc3164", HeaderFormats::rfc3164)));
        l.addAll(ServiceFormats.ALL);
        l.addAll(List.of(
            fmt("access-log", HeaderFormats::access),
            fmt("apache-error", HeaderFormats::apacheError),
            fmt("nginx-error", HeaderFormats::nginxError),
            fmt("python-default", HeaderFormats::python),
            fmt("logfmt", HeaderFormats::logfmt),
            fmt("timestamp-prefix", HeaderFormats::timestampPrefix),
            fmt("level-prefix", HeaderFormats::levelPrefix)));
        return List.copyOf(l);
    }

    /** Wrapper formats followed by the plain ones: the order used for auto-detection. */
    public static final List<HeaderFormat> AUTO;

    static {
        List<HeaderFormat> auto = new java.util.ArrayList<>();
        auto.add(fmt("docker-json", HeaderFormats::dockerJson));
        auto.add(fmt("cri", HeaderFormats::cri));
        auto.addAll(PLAIN);
        AUTO = List.copyOf(auto);
    }

    interface Parser {
        LogEntry parse(String line, TimeContext year);
    }

    static HeaderFormat fmt(String name, Parser p) {
        return new HeaderFormat() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public LogEntry parse(String line, TimeContext time) {
                return p.parse(line, time);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static LogEntry entry(String ts, TimeContext year, Level level, String source, String msg, String format) {
        return new LogEntry(ts, Timestamps.parse(ts, year), level, blankToNull(source), msg, 0, format);
    }

    // ---- wrappers --------------------------------------------------------------------------

    /** Splits the application line inside a wrapper with the plain formats (first match). */
    static LogEntry inner(String msg, TimeContext year) {
        for (HeaderFormat f : PLAIN) {
            LogEntry e = f.parse(msg, year);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private static LogEntry wrap(String ts, TimeContext year, String msg, Level fallbackLevel, String format) {
        LogEntry in = inner(msg, year);
        Instant0 t = new Instant0(ts, year);
        if (in == null) {
            return new LogEntry(ts, t.instant, fallbackLevel, null, msg, 0, format);
        }
        Level level = in.level() == Level.UNKNOWN ? fallbackLevel : in.level();
        return new LogEntry(ts, t.instant != null ? t.instant : in.timestamp(), level, in.source(), in.message(), 0,
                format + "+" + in.format());
    }

    private record Instant0(java.time.Instant instant) {
        Instant0(String ts, TimeContext year) {
            this(Timestamps.parse(ts, year));
        }
    }

    private static LogEntry dockerJson(String line, TimeContext year) {
        if (line.isEmpty() || line.charAt(0) != '{' || !line.contains("\"log\"")) {
            return null;
        }
        Map<String, String> m = FlatJson.parseObject(line);
        if (m == null || !m.containsKey("log") || !m.containsKey("stream")) {
            return null;
        }
        String msg = m.get("log").stripTrailing();
        return wrap(m.get("time"), year, msg, Level.UNKNOWN, "docker-json");
    }

    private static LogEntry cri(String line, TimeContext year) {
        if (line.length() < 30 || line.charAt(4) != '-') {
            return null;
        }
        Matcher m = CRI.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String format = "P".equals(m.group(3)) ? "cri-partial" : "cri";
        return wrap(m.group(1), year, m.group(4), Level.UNKNOWN, format);
    }

    // ---- plain formats -----------------------------------------------------------------------

    private static final String[] MSG_KEYS = {"message", "msg", "@message", "log", "text", "event", "body"};
    private static final String[] LEVEL_KEYS = {"level", "severity", "lvl", "loglevel", "log.level", "levelname",
            "@level", "level_name", "severity_text"};
    private static final String[] TIME_KEYS = {"time", "timestamp", "@timestamp", "ts", "t", "date", "datetime",
            "asctime", "@t"};
    private static final String[] SOURCE_KEYS = {"logger", "logger_name", "loggerName", "log.logger", "name",
            "source", "component", "caller", "module", "service"};

    private static String first(Map<String, String> m, String[] keys) {
        for (String k : keys) {
            String v = m.get(k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** Level words, syslog severities and bunyan/pino numbers (10 trace ... 60 fatal). */
    static Level levelValue(String v) {
        if (v == null) {
            return Level.UNKNOWN;
        }
        Level l = Level.parse(v);
        if (l != Level.UNKNOWN) {
            return l;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 10) {
                return n >= 60 ? Level.FATAL : n >= 50 ? Level.ERROR : n >= 40 ? Level.WARN : n >= 30 ? Level.INFO
                        : n >= 20 ? Level.DEBUG : Level.TRACE;
            }
            return Level.fromSyslogSeverity(n);
        } catch (NumberFormatException e) {
            return Level.UNKNOWN;
        }
    }

    private static LogEntry json(String line, TimeContext year) {
        if (line.isEmpty() || line.charAt(0) != '{') {
            return null;
        }
        Map<String, String> m = FlatJson.parseObject(line);
        if (m == null) {
            return null;
        }
        String msg = first(m, MSG_KEYS);
        if (msg == null) {
            return null;
        }
        return entry(first(m, TIME_KEYS), year, levelValue(first(m, LEVEL_KEYS)), first(m, SOURCE_KEYS),
                msg.stripTrailing(), "json");
    }

    private static LogEntry rfc5424(String line, TimeContext year) {
        if (line.length() < 8 || line.charAt(0) != '<') {
            return null;
        }
        Matcher m = SYSLOG_5424.matcher(line);
        if (!m.matches()) {
            return null;
        }
        int pri = Integer.parseInt(m.group(1));
        String ts = "-".equals(m.group(2)) ? null : m.group(2);
        String app = "-".equals(m.group(4)) ? null : m.group(4);
        String msg = m.group(8) == null ? "" : m.group(8);
        return entry(ts, year, Level.fromSyslogSeverity(pri & 7), app, msg, "syslog-rfc5424");
    }

    /**
     * RFC 3164: {@code [<pri>]Mmm dd hh:mm:ss[.frac] host tag[pid]: message}, or without a tag
     * {@code ... host message}. A scanner rather than a regex: it is the most common header and ran at several
     * microseconds a line as a regex. That regex stays in HeaderFormatsScannerTest as the oracle the scanner must
     * agree with: {@code ^(?:<(\\d{1,3})>)?([A-Z][a-z]{2} {1,2}\\d{1,2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?) (\\S+)
     * ([^\\s\\[:]{1,128})(?:\\[(\\d+)\\])?: ?(.*)$}, else the same without the tag.
     */
    private static LogEntry rfc3164(String line, TimeContext year) {
        int n = line.length();
        if (n < 16) {
            return null;
        }
        int i = 0;
        int pri = -1;
        if (line.charAt(0) == '<') {
            int v = 0;
            i = 1;
            while (i < n && i <= 3 && isDigit(line.charAt(i))) {
                v = v * 10 + line.charAt(i++) - '0';
            }
            if (i == 1 || i >= n || line.charAt(i) != '>') {
                return null;
            }
            pri = v;
            i++;
        }
        int tsStart = i;
        if (i + 3 > n || !isUpper(line.charAt(i)) || !isLower(line.charAt(i + 1)) || !isLower(line.charAt(i + 2))) {
            return null;
        }
        i += 3;
        if (!at(line, i++, ' ')) {
            return null;
        }
        if (at(line, i, ' ')) {
            i++;
        }
        int d = digits(line, i, 2);
        if (d == 0) {
            return null;
        }
        i += d;
        if (!at(line, i++, ' ') || digits(line, i, 2) != 2 || !at(line, i + 2, ':') || digits(line, i + 3, 2) != 2
                || !at(line, i + 5, ':') || digits(line, i + 6, 2) != 2) {
            return null;
        }
        i += 8;
        if (at(line, i, '.')) {
            int f = digits(line, i + 1, Integer.MAX_VALUE);
            if (f == 0) {
                return null;
            }
            i += 1 + f;
        }
        int tsEnd = i;
        if (!at(line, i++, ' ')) {
            return null;
        }
        int hostStart = i;
        while (i < n && !isRegexSpace(line.charAt(i))) {
            i++;
        }
        if (i == hostStart || !at(line, i++, ' ') || hasLineTerminator(line, i)) {
            return null;
        }
        int restStart = i;
        String ts = line.substring(tsStart, tsEnd);
        Level level = pri < 0 ? Level.UNKNOWN : Level.fromSyslogSeverity(pri & 7);
        // tag: 1-128 chars other than whitespace, '[' and ':', then an optional [pid], then ':' and one optional space
        while (i < n && i - restStart <= 128 && !isRegexSpace(line.charAt(i)) && line.charAt(i) != '[' && line.charAt(i) != ':') {
            i++;
        }
        int tagEnd = i;
        if (tagEnd > restStart && tagEnd - restStart <= 128) {
            if (at(line, i, '[')) {
                int pid = digits(line, i + 1, Integer.MAX_VALUE);
                i = pid > 0 && at(line, i + 1 + pid, ']') ? i + 2 + pid : -1;
            }
            if (i > 0 && at(line, i, ':')) {
                i++;
                if (at(line, i, ' ')) {
                    i++;
                }
                return entry(ts, year, level, line.substring(restStart, tagEnd), line.substring(i), "syslog-rfc3164");
            }
        }
        return entry(ts, year, level, null, line.substring(restStart), "syslog-rfc3164");
    }

    private static boolean at(String s, int i, char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    /** How many ASCII digits start at {@code from}, at most {@code max}. */
    private static int digits(String s, int from, int max) {
        int i = from;
        while (i < s.length() && i - from < max && isDigit(s.charAt(i))) {
            i++;
        }
        return i - from;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    /** {@code \s} of java.util.regex without UNICODE_CHARACTER_CLASS. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** Whether a char that {@code .} does not match (a line terminator) occurs from {@code from} on. */
    private static boolean hasLineTerminator(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    private static LogEntry access(String line, TimeContext year) {
        if (line.indexOf('[') < 0 || line.indexOf('"') < 0) {
            return null;
        }
        Matcher m = ACCESS.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return entry(m.group(4), year, Level.fromHttpStatus(Integer.parseInt(m.group(6))), null, m.group(5),
                "access-log");
    }

    private static LogEntry apacheError(String line, TimeContext year) {
        if (line.isEmpty() || line.charAt(0) != '[') {
            return null;
        }
        Matcher m = APACHE_ERROR.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return entry(m.group(1), year, Level.parse(m.group(3)), m.group(2), m.group(4), "apache-error");
    }

    private static LogEntry nginxError(String line, TimeContext year) {
        if (line.length() < 20 || line.charAt(4) != '/') {
            return null;
        }
        Matcher m = NGINX_ERROR.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return entry(m.group(1), year, Level.parse(m.group(2)), null, m.group(3), "nginx-error");
    }

    private static LogEntry python(String line, TimeContext year) {
        if (line.length() < 5 || line.charAt(0) < 'C' || line.charAt(0) > 'W') {
            return null;
        }
        Matcher m = PYTHON_DEFAULT.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return entry(null, year, Level.parse(m.group(1)), m.group(2), m.group(3), "python-default");
    }

    /** What a logfmt key stands for, and its rank among the keys of that role (lower wins). */
    private record KeyRole(int role, int rank) {
    }

    private static final int ROLE_MSG = 0;
    private static final int ROLE_LEVEL = 1;
    private static final int ROLE_TIME = 2;
    private static final int ROLE_SOURCE = 3;
    private static final Map<String, KeyRole> KEY_ROLES = keyRoles();

    private static Map<String, KeyRole> keyRoles() {
        Map<String, KeyRole> roles = new java.util.HashMap<>();
        String[][] byRole = {MSG_KEYS, LEVEL_KEYS, TIME_KEYS, SOURCE_KEYS};
        for (int role = 0; role < byRole.length; role++) {
            for (int rank = 0; rank < byRole[role].length; rank++) {
                if (roles.put(byRole[role][rank], new KeyRole(role, rank)) != null) {
                    throw new IllegalStateException("logfmt key in two roles: " + byRole[role][rank]);
                }
            }
        }
        return Map.copyOf(roles);
    }

    /**
     * {@code key=value key="quoted value" ...}: the message, level, time and source come from the best-ranked key
     * of each role (the last value of a repeated key), every other pair stays in the message as written. Needs
     * two distinct keys and a message or level key.
     */
    private static LogEntry logfmt(String line, TimeContext year) {
        int eq = line.indexOf('=');
        if (eq <= 0 || eq > 40) {
            return null;
        }
        for (int k = 0; k < eq; k++) {
            char c = line.charAt(k);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '@')) {
                return null;
            }
        }
        String[] values = new String[4];
        int[] ranks = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        StringBuilder rest = null;
        String firstKey = null;
        boolean twoKeys = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int ks = i;
            while (i < n && line.charAt(i) != '=' && line.charAt(i) != ' ') {
                i++;
            }
            if (i >= n || line.charAt(i) != '=') {
                return null; // a bare word: not logfmt
            }
            String key = line.substring(ks, i);
            i++;
            String value;
            if (i < n && line.charAt(i) == '"') {
                int close = i + 1;
                boolean escaped = false;
                while (close < n && line.charAt(close) != '"') {
                    if (line.charAt(close) == '\\' && close + 1 < n) {
                        escaped = true;
                        close++;
                    }
                    close++;
                }
                if (close >= n) {
                    return null;
                }
                value = escaped ? unescape(line, i + 1, close) : line.substring(i + 1, close);
                i = close + 1;
            } else {
                int vs = i;
                while (i < n && line.charAt(i) != ' ') {
                    i++;
                }
                value = line.substring(vs, i);
            }
            if (firstKey == null) {
                firstKey = key;
            } else if (!twoKeys && !firstKey.equals(key)) {
                twoKeys = true;
            }
            KeyRole role = KEY_ROLES.get(key);
            if (role == null) {
                rest = rest == null ? new StringBuilder() : rest.append(' ');
                rest.append(line, ks, i);
            } else if (role.rank() <= ranks[role.role()]) {
                ranks[role.role()] = role.rank();
                values[role.role()] = value;
            }
        }
        String msg = values[ROLE_MSG];
        String lvl = values[ROLE_LEVEL];
        if (msg == null && lvl == null || !twoKeys) {
            return null;
        }
        String others = rest == null ? "" : rest.toString();
        String message = msg == null ? others : others.isEmpty() ? msg : msg + " " + others;
        return entry(values[ROLE_TIME], year, levelValue(lvl), values[ROLE_SOURCE], message, "logfmt");
    }

    /** The quoted value between {@code from} and {@code to} with each backslash escape reduced to its char. */
    private static String unescape(String line, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            if (line.charAt(i) == '\\' && i + 1 < to) {
                i++;
            }
            b.append(line.charAt(i));
        }
        return b.toString();
    }

    private static LogEntry timestampPrefix(String line, TimeContext year) {
        if (line.length() < 10) {
            return null;
        }
        char c = line.charAt(0);
        if (c != '[' && (c < '0' || c > '9')) {
            return null;
        }
        Matcher m = TS_PREFIX.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String ts = m.group(1);
        String rest = m.group(2);
        Matcher r = REST_LEVEL.matcher(rest);
        if (r.matches() && (isUpperWord(r.group(1)) || rest.charAt(r.start(1) - (r.start(1) > 0 ? 1 : 0)) == '[')) {
            return entry(ts, year, Level.parse(r.group(1)), r.group(2), r.group(3), "timestamp-prefix");
        }
        r = REST_PY.matcher(rest);
        if (r.matches()) {
            return entry(ts, year, Level.parse(r.group(2)), r.group(1), r.group(3), "timestamp-prefix");
        }
        r = REST_SYSLOG.matcher(rest);
        if (r.matches()) {
            return entry(ts, year, Level.UNKNOWN, r.group(2), r.group(4), "timestamp-prefix");
        }
        // e.g. Docker --timestamps: the application's own line follows the timestamp
        LogEntry in = rest.isEmpty() ? null : inner(rest, year);
        if (in != null && (!"level-prefix".equals(in.format()) || shoutedLevel(rest))) {
            return new LogEntry(ts, Timestamps.parse(ts, year), in.level(), in.source(), in.message(), 0,
                    "timestamp-prefix");
        }
        return entry(ts, year, Level.UNKNOWN, null, rest, "timestamp-prefix");
    }

    private static boolean isUpperWord(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (!Character.isUpperCase(w.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A level word written as a header writes it: bracketed or in capitals, not {@code Error:} opening a sentence. */
    private static boolean shoutedLevel(String rest) {
        if (rest.charAt(0) == '[') {
            return true;
        }
        int i = 0;
        while (i < rest.length() && Character.isLetter(rest.charAt(i))) {
            if (!Character.isUpperCase(rest.charAt(i))) {
                return false;
            }
            i++;
        }
        return i > 0;
    }

    private static LogEntry levelPrefix(String line, TimeContext year) {
        if (line.length() < 4) {
            return null;
        }
        Matcher m = LEVEL_PREFIX.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return entry(null, year, Level.parse(m.group(1)), m.group(2), m.group(3), "level-prefix");
    }
}
