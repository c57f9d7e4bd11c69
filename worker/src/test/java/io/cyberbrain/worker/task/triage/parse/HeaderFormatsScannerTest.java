package io.cyberbrain.worker.task.triage.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The hand-written header scanners agree with the regexes they replaced, and logfmt keeps its key rules. */
class HeaderFormatsScannerTest {

    private static final Pattern SYSLOG_3164 = Pattern.compile(
            "^(?:<(\\d{1,3})>)?([A-Z][a-z]{2} {1,2}\\d{1,2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?) (\\S+) "
                    + "([^\\s\\[:]{1,128})(?:\\[(\\d+)\\])?: ?(.*)$");
    private static final Pattern SYSLOG_3164_NOTAG = Pattern.compile(
            "^(?:<(\\d{1,3})>)?([A-Z][a-z]{2} {1,2}\\d{1,2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?) (\\S+) (.*)$");

    private static final List<String> SYSLOG_SEEDS = List.of(
            "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown",
            "<11>Jan  2 03:04:05 host kernel: Out of memory",
            "Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo failed",
            "Mar  7 10:00:00.123456 web-1 nginx[42]:no space after the colon",
            "Mar 17 10:00:00 web-1 CRON[1]: (root) CMD (run-parts /etc/cron.hourly)",
            "Apr  1 00:00:00 host just a message without a tag at all",
            "<190>Jul 31 23:59:59 edge-router dnsmasq-dhcp[731]: DHCPACK(br0) 192.168.1.20",
            "May  5 05:05:05 h " + "t".repeat(128) + ": a tag of exactly 128 characters",
            "May  5 05:05:05 h " + "t".repeat(129) + ": a tag one character too long",
            "Oct 10 10:10:10 host app[12x]: a pid that is not a number",
            "Oct 10 10:10:10 host app[]: an empty pid",
            "Oct 10 10:10:10 host app[12] missing colon",
            "Oct 10 10:10:10 host\tapp: a tab after the host",
            "Oct 10 10:10:10 host app: a line\u2028separator inside",
            "<1234>Oct 10 10:10:10 host app: four digits of priority",
            "Oct 100 10:10:10 host app: three digits of day",
            "Oct 10 10:10:1 host app: a short second",
            "Oct 10 10:10:10. host app: a dot without fraction");

    private final HeaderFormat rfc3164 = plain("syslog-rfc3164");
    private final HeaderFormat logfmt = plain("logfmt");

    @Test
    void syslogScannerAcceptsExactlyWhatTheRegexAccepted() {
        List<String> lines = new ArrayList<>(SYSLOG_SEEDS);
        Random random = new Random(3164);
        String alphabet = " :[]<>.0123456789aZ\t-";
        for (String seed : SYSLOG_SEEDS) {
            for (int k = 0; k < 400; k++) {
                StringBuilder b = new StringBuilder(seed);
                int edits = 1 + random.nextInt(3);
                for (int e = 0; e < edits && b.length() > 0; e++) {
                    int at = random.nextInt(Math.min(b.length(), 40));
                    switch (random.nextInt(3)) {
                        case 0 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        case 1 -> b.deleteCharAt(at);
                        default -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                lines.add(b.toString());
            }
        }
        int accepted = 0;
        for (String line : lines) {
            LogEntry expected = oracle(line);
            LogEntry actual = rfc3164.parse(line, 2024);
            if (expected == null) {
                assertNull(actual, () -> "accepted what the regex refused: " + line);
                continue;
            }
            accepted++;
            assertNotNull(actual, () -> "refused what the regex accepted: " + line);
            assertEquals(expected.timestampText(), actual.timestampText(), line);
            assertEquals(expected.level(), actual.level(), line);
            assertEquals(expected.source(), actual.source(), line);
            assertEquals(expected.message(), actual.message(), line);
        }
        // the mutations must exercise both sides, or the comparison proves nothing
        assertEquals(true, accepted > 500 && accepted < lines.size() - 500, "accepted " + accepted + " of " + lines.size());
    }

    @Test
    void logfmtTakesTheBestRankedKeyOfEachRoleAndKeepsTheOtherPairs() {
        LogEntry e = logfmt.parse("ts=2024-05-03T10:00:00Z msg=\"first\" level=warn msg=\"second \\\"quoted\\\"\" "
                + "lvl=error logger=proxy upstream=db:5432 took=\"3 s\"", 2024);
        assertNotNull(e);
        assertEquals("second \"quoted\" upstream=db:5432 took=\"3 s\"", e.message());
        assertEquals(Level.WARN, e.level());
        assertEquals("proxy", e.source());
        assertEquals("2024-05-03T10:00:00Z", e.timestampText());
    }

    @Test
    void logfmtNeedsTwoDistinctKeysAndAMessageOrLevel() {
        assertNull(logfmt.parse("msg=a msg=b", 2024));
        assertNull(logfmt.parse("user=a host=b", 2024));
        assertNull(logfmt.parse("msg=\"unterminated level=info", 2024));
        assertNull(logfmt.parse("msg=ok and a bare word", 2024));
        LogEntry levelOnly = logfmt.parse("level=info user=alice", 2024);
        assertNotNull(levelOnly);
        assertEquals("user=alice", levelOnly.message());
    }

    private static LogEntry oracle(String line) {
        if (line.length() < 16) {
            return null;
        }
        Matcher m = SYSLOG_3164.matcher(line);
        boolean tagged = m.matches();
        if (!tagged) {
            m = SYSLOG_3164_NOTAG.matcher(line);
            if (!m.matches()) {
                return null;
            }
        }
        Level level = m.group(1) == null ? Level.UNKNOWN : Level.fromSyslogSeverity(Integer.parseInt(m.group(1)) & 7);
        return new LogEntry(m.group(2), null, level, tagged ? m.group(4) : null, tagged ? m.group(6) : m.group(4), 0,
                "syslog-rfc3164");
    }

    private static HeaderFormat plain(String name) {
        return HeaderFormats.PLAIN.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }
}
