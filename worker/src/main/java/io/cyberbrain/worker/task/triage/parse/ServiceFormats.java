package io.cyberbrain.worker.task.triage.parse;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Header formats of common services whose headers the generic parsers would split wrongly: PostgreSQL
 * stderr, MySQL/MariaDB error log, Redis, NATS, RabbitMQ (current and the old report form), Mosquitto,
 * Android logcat, java.util.logging's two-line default and klog/glog. Each has its own level words. Every
 * parser checks a first character before it runs its pattern, so the cascade over a detection sample stays
 * cheap.
 */
final class ServiceFormats {

    private ServiceFormats() {
    }

    static final List<HeaderFormat> ALL = List.of(
            HeaderFormats.fmt("postgresql", ServiceFormats::postgres),
            HeaderFormats.fmt("mysql", ServiceFormats::mysql),
            HeaderFormats.fmt("redis", ServiceFormats::redis),
            HeaderFormats.fmt("nats", ServiceFormats::nats),
            HeaderFormats.fmt("rabbitmq", ServiceFormats::rabbit),
            HeaderFormats.fmt("rabbitmq-report", ServiceFormats::rabbitReport),
            HeaderFormats.fmt("mosquitto", ServiceFormats::mosquitto),
            HeaderFormats.fmt("apt-history", ServiceFormats::aptHistory),
            HeaderFormats.fmt("logcat", ServiceFormats::logcat),
            HeaderFormats.fmt("logcat-brief", ServiceFormats::logcatBrief),
            HeaderFormats.fmt("jul", ServiceFormats::jul),
            HeaderFormats.fmt("glog", ServiceFormats::glog));

    // ---------------------------------------------------------------- PostgreSQL

    /** {@code %m [%p] [%q%u@%d ]LEVEL:  msg}; the prefix may hold a few more fields before the level. */
    private static final Pattern PG = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?(?: [A-Za-z]{1,5}|[+-]\\d\\d(?::?\\d\\d)?)?)"
                    + " (?:\\[(\\d+)(?:-\\d+)?\\] )?((?:\\S+ ){0,4}?)"
                    + "(LOG|ERROR|WARNING|FATAL|PANIC|DEBUG[1-5]?|INFO|NOTICE|STATEMENT|DETAIL|HINT|CONTEXT|QUERY"
                    + "|LOCATION):  ?(.*)$");

    private static LogEntry postgres(String line, TimeContext tc) {
        if (line.length() < 25 || line.charAt(4) != '-' || line.charAt(10) != ' ') {
            return null;
        }
        Matcher m = PG.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String word = m.group(4);
        boolean cont = false;
        Level level;
        switch (word) {
            case "LOG": level = Level.INFO; break;
            case "STATEMENT": case "DETAIL": case "HINT": case "CONTEXT": case "QUERY": case "LOCATION":
                level = Level.UNKNOWN;
                cont = true;
                break;
            default: level = word.startsWith("DEBUG") ? Level.DEBUG : Level.parse(word);
        }
        String ts = m.group(1);
        return new LogEntry(ts, Timestamps.parse(ts, tc), level, HeaderFormats.blankToNull(m.group(3).strip()),
                m.group(5), 0, "postgresql", cont);
    }

    // ---------------------------------------------------------------- MySQL / MariaDB

    /** {@code 2026-12-06 16:40:20 0 [Note] msg}, MySQL 8 {@code ...Z 0 [System] [MY-010116] [Server] msg}, old {@code 161206 16:40:20 [Note] msg}. */
    private static final Pattern MYSQL = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d[ T] ?\\d{1,2}:\\d\\d:\\d\\d(?:\\.\\d{1,9})?(?:Z|[+-]\\d\\d:\\d\\d)?"
                    + "|\\d{6} {1,2}\\d{1,2}:\\d\\d:\\d\\d) +(?:(\\d+) +)?\\[(Note|Warning|ERROR|Error|System|Info|Debug"
                    + "|Warn|Fatal|FATAL|WARNING|NOTE)\\] (?:\\[[^\\]]{1,40}\\] ){0,2}(.*)$");

    private static LogEntry mysql(String line, TimeContext tc) {
        if (line.length() < 20 || !isDigit(line.charAt(0))) {
            return null;
        }
        Matcher m = MYSQL.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String w = m.group(3);
        Level level = w.equalsIgnoreCase("note") || w.equals("System") ? Level.INFO : Level.parse(w);
        String ts = m.group(1);
        return new LogEntry(ts, Timestamps.parse(ts, tc), level, null, m.group(4), 0, "mysql");
    }

    // ---------------------------------------------------------------- Redis

    /** {@code 1234:M 06 Dec 2026 16:40:20.123 * msg}; old {@code [1234] 06 Dec 16:40:20.123 # msg}. */
    private static final Pattern REDIS = Pattern.compile(
            "^(?:(\\d+):([XCSM])|\\[(\\d+)\\]) (\\d{1,2} [A-Z][a-z]{2}(?: \\d{4})? \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,6})?)"
                    + " ([.\\-*#])(?: (.*))?$");

    private static LogEntry redis(String line, TimeContext tc) {
        if (line.length() < 24 || !isDigit(line.charAt(0)) && line.charAt(0) != '[') {
            return null;
        }
        Matcher m = REDIS.matcher(line);
        if (!m.matches()) {
            return null;
        }
        Level level;
        switch (m.group(5).charAt(0)) {
            case '.': level = Level.DEBUG; break;
            case '-': level = Level.INFO; break;
            case '*': level = Level.NOTICE; break;
            default: level = Level.WARN;
        }
        String ts = m.group(4);
        return new LogEntry(ts, Timestamps.parse(ts, tc), level, null, m.group(6), 0, "redis");
    }

    // ---------------------------------------------------------------- NATS

    private static final Pattern NATS = Pattern.compile(
            "^(?:\\[(\\d+)\\] )?(\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?) \\[(INF|WRN|ERR|DBG|TRC|FTL|SYS)\\](?: (.*))?$");

    private static LogEntry nats(String line, TimeContext tc) {
        if (line.length() < 25 || !isDigit(line.charAt(0)) && line.charAt(0) != '[') {
            return null;
        }
        Matcher m = NATS.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String w = m.group(3);
        Level level = "SYS".equals(w) ? Level.INFO : "FTL".equals(w) ? Level.FATAL : Level.parse(w);
        String ts = m.group(2);
        return new LogEntry(ts, Timestamps.parse(ts, tc), level, null, m.group(4), 0, "nats");
    }

    // ---------------------------------------------------------------- RabbitMQ

    private static final Pattern RABBIT = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?(?:Z|[+-]\\d\\d:?\\d\\d)?) \\[([a-z]+)\\] "
                    + "(?:<[\\d.]+> )?(.*)$");
    private static final Pattern RABBIT_REPORT = Pattern.compile(
            "^=([A-Z]+) REPORT==== (\\d{1,2}-[A-Za-z]{3}-\\d{4}::\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?) ===$");

    private static LogEntry rabbit(String line, TimeContext tc) {
        if (line.length() < 25 || line.charAt(4) != '-') {
            return null;
        }
        Matcher m = RABBIT.matcher(line);
        if (!m.matches()) {
            return null;
        }
        Level level = Level.parse(m.group(2));
        if (level == Level.UNKNOWN) {
            return null;
        }
        String ts = m.group(1);
        return new LogEntry(ts, Timestamps.parse(ts, tc), level, null, m.group(3), 0, "rabbitmq");
    }

    private static LogEntry rabbitReport(String line, TimeContext tc) {
        if (line.length() < 20 || line.charAt(0) != '=') {
            return null;
        }
        Matcher m = RABBIT_REPORT.matcher(line);
        if (!m.matches()) {
            return null;
        }
        Level level = "WARNING".equals(m.group(1)) ? Level.WARN
                : "CRASH".equals(m.group(1)) || "SUPERVISOR".equals(m.group(1)) ? Level.ERROR : Level.parse(m.group(1));
        String ts = m.group(2).replace("::", " ");
        return new LogEntry(m.group(2), Timestamps.parse(ts, tc), level, null, "", 0, "rabbitmq-report");
    }

    // ---------------------------------------------------------------- Mosquitto

    /** {@code 1733503220: msg} (epoch seconds). */
    private static LogEntry mosquitto(String line, TimeContext tc) {
        int i = 0;
        int n = line.length();
        while (i < n && isDigit(line.charAt(i))) {
            i++;
        }
        if (i < 9 || i > 11 || i + 1 >= n || line.charAt(i) != ':' || line.charAt(i + 1) != ' ') {
            return null;
        }
        String ts = line.substring(0, i);
        String msg = line.substring(i + 2);
        // no level field: Mosquitto words its error and warning records "Error..." / "Warning: ..."
        Level level = msg.startsWith("Error") ? Level.ERROR : msg.startsWith("Warning") ? Level.WARN : Level.UNKNOWN;
        return new LogEntry(ts, Timestamps.parse(ts, tc), level, null, msg, 0, "mosquitto");
    }

    // ---------------------------------------------------------------- apt history.log / term.log

    private static final Pattern APT = Pattern.compile(
            "^(Start-Date|End-Date|Log started|Log ended): (\\d{4}-\\d\\d-\\d\\d +\\d\\d:\\d\\d:\\d\\d)$");

    /** A record starts at {@code Start-Date: ...} ({@code Log started: ...}); its end line continues it. */
    private static LogEntry aptHistory(String line, TimeContext tc) {
        if (line.length() < 25 || line.charAt(0) != 'S' && line.charAt(0) != 'E' && line.charAt(0) != 'L') {
            return null;
        }
        Matcher m = APT.matcher(line);
        if (!m.matches()) {
            return null;
        }
        boolean end = m.group(1).startsWith("End") || m.group(1).endsWith("ended");
        String ts = m.group(2);
        return new LogEntry(ts, Timestamps.parse(ts, tc), Level.UNKNOWN, null, m.group(1) + ":", 0, "apt-history", end);
    }

    // ---------------------------------------------------------------- logcat

    private static final Pattern LOGCAT = Pattern.compile(
            "^((?:\\d{4}-)?\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) +(\\d+) +(\\d+) ([VDIWEFA]) ([^:]*?) *: ?(.*)$");
    private static final Pattern LOGCAT_BRIEF = Pattern.compile("^([VDIWEFA])/([^(]*?) *\\( *(\\d+)\\): ?(.*)$");

    private static LogEntry logcat(String line, TimeContext tc) {
        if (line.length() < 30 || !isDigit(line.charAt(0)) || line.charAt(2) != '-' && line.charAt(4) != '-') {
            return null;
        }
        Matcher m = LOGCAT.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String ts = m.group(1);
        return new LogEntry(ts, Timestamps.parse(ts, tc), LearnedFormat.letterLevel(m.group(4).charAt(0)),
                HeaderFormats.blankToNull(m.group(5)), m.group(6), 0, "logcat");
    }

    private static LogEntry logcatBrief(String line, TimeContext tc) {
        if (line.length() < 6 || line.charAt(1) != '/') {
            return null;
        }
        Matcher m = LOGCAT_BRIEF.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return new LogEntry(null, null, LearnedFormat.letterLevel(m.group(1).charAt(0)),
                HeaderFormats.blankToNull(m.group(2)), m.group(4), 0, "logcat-brief");
    }

    // ---------------------------------------------------------------- java.util.logging

    /** First line of JUL's SimpleFormatter default: {@code Dec 06, 2026 4:40:38 PM com.x.Y method}. */
    private static final Pattern JUL = Pattern.compile(
            "^([A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d\\d:\\d\\d (?:AM|PM)) (\\S+)(?: (\\S+))?$");
    private static final Pattern JUL_SECOND = Pattern.compile(
            "^(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): (.*)$");

    private static LogEntry jul(String line, TimeContext tc) {
        if (line.length() < 24 || line.charAt(0) < 'A' || line.charAt(0) > 'Z' || line.charAt(6) != ','
                && line.charAt(5) != ',') {
            return null;
        }
        Matcher m = JUL.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String ts = m.group(1);
        return new LogEntry(ts, Timestamps.parse(ts, tc), Level.UNKNOWN, m.group(2), "", 0, "jul");
    }

    /** The second line of a JUL entry ({@code SEVERE: msg}): its level and message, or null. */
    static LogEntry julSecondLine(String line) {
        if (line.length() < 5 || line.charAt(0) < 'C' || line.charAt(0) > 'W') {
            return null;
        }
        Matcher m = JUL_SECOND.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return new LogEntry(null, null, Level.parse(m.group(1)), null, m.group(2), 0, "jul");
    }

    // ---------------------------------------------------------------- klog / glog

    /** {@code I1206 16:40:38.399123    1234 file.go:12] msg}: year-less. */
    private static final Pattern GLOG = Pattern.compile(
            "^([IWEF])(\\d\\d)(\\d\\d) (\\d\\d):(\\d\\d):(\\d\\d)(?:\\.(\\d{1,9}))? +\\d+ ([^\\s\\]]+)\\] ?(.*)$");

    private static LogEntry glog(String line, TimeContext tc) {
        if (line.length() < 18 || "IWEF".indexOf(line.charAt(0)) < 0 || !isDigit(line.charAt(1))) {
            return null;
        }
        Matcher m = GLOG.matcher(line);
        if (!m.matches()) {
            return null;
        }
        java.time.Instant t;
        try {
            String frac = m.group(7) == null ? "" : m.group(7);
            int nanos = frac.isEmpty() ? 0 : Integer.parseInt((frac + "000000000").substring(0, 9));
            t = tc.yearless(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)), nanos);
        } catch (java.time.DateTimeException e) {
            t = null;
        }
        String text = line.substring(1, m.group(7) != null ? m.end(7) : m.end(6));
        return new LogEntry(text, t, LearnedFormat.letterLevel(line.charAt(0)), m.group(8), m.group(9), 0, "glog");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
