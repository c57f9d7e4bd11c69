package io.cyberbrain.worker.task.triage.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HeaderSplitterTest {

    private static LogEntry split(String line) {
        return new HeaderSplitter(null, 2024).split(line);
    }

    private static void assertEntry(LogEntry e, String format, Level level, String source, String message) {
        assertTrue(e.format().startsWith(format), () -> "format " + e.format());
        assertEquals(level, e.level(), "level");
        assertEquals(source, e.source(), "source");
        assertEquals(message, e.message(), "message");
    }

    @Test
    void syslogRfc3164GivesHostTagAndSeverityFromPriority() {
        LogEntry e = split("<11>Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown");
        assertEntry(e, "syslog-rfc3164", Level.ERROR, "sshd(pam_unix)", "check pass; user unknown");
        assertEquals(Instant.parse("2024-06-14T15:16:01Z"), e.timestamp());
        assertEntry(split("Jan  2 03:04:05 host kernel: Out of memory"), "syslog-rfc3164", Level.UNKNOWN, "kernel",
                "Out of memory");
    }

    @Test
    void syslogRfc5424GivesAppNameAndSeverity() {
        LogEntry e = split("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                + "[exampleSDID@32473 iut=\"3\"] An application event log entry");
        assertEntry(e, "syslog-rfc5424", Level.NOTICE, "evntslog", "An application event log entry");
        assertEquals(Instant.parse("2003-10-11T22:14:15.003Z"), e.timestamp());
    }

    @Test
    void isoPrefixedLog4jAndLogbackLines() {
        LogEntry e = split("2024-03-01 10:00:00,123 [main] WARN  com.example.Foo - disk almost full");
        assertEntry(e, "timestamp-prefix", Level.WARN, "com.example.Foo", "disk almost full");
        assertEquals(Instant.parse("2024-03-01T10:00:00.123Z"), e.timestamp());
        assertEntry(split("10:00:00.123 [http-nio-1] ERROR c.e.Bar - request failed"), "timestamp-prefix",
                Level.ERROR, "c.e.Bar", "request failed");
        assertEntry(split("2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.MRAppMaster: Created MRAppMaster"),
                "timestamp-prefix", Level.INFO, "org.apache.hadoop.MRAppMaster", "Created MRAppMaster");
    }

    @Test
    void pythonLoggingDefaultAndAsctimeFormats() {
        assertEntry(split("WARNING:root:low on tokens"), "python-default", Level.WARN, "root", "low on tokens");
        assertEntry(split("2024-01-01 12:00:00,001 - app.db - ERROR - connection lost"), "timestamp-prefix",
                Level.ERROR, "app.db", "connection lost");
    }

    @Test
    void nginxAndApacheAccessAndErrorLogs() {
        LogEntry a = split("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 503 2326");
        assertEntry(a, "access-log", Level.ERROR, null, "\"GET /apache_pb.gif HTTP/1.0\" 503 2326");
        assertEquals(Instant.parse("2000-10-10T20:55:36Z"), a.timestamp());
        assertEntry(split("[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6"),
                "apache-error", Level.ERROR, null, "mod_jk child workerEnv in error state 6");
        assertEntry(split("[Wed Oct 11 14:32:52.123456 2000] [core:warn] [pid 35708:tid 4328636416] AH00098: x"),
                "apache-error", Level.WARN, "core", "AH00098: x");
        assertEntry(split("2024/01/01 10:00:00 [error] 1234#0: *5 open() failed (2: No such file)"), "nginx-error",
                Level.ERROR, null, "open() failed (2: No such file)");
    }

    @Test
    void jsonLinesWithCommonKeys() {
        LogEntry e = split("{\"time\":\"2024-01-01T00:00:00Z\",\"level\":\"warn\",\"logger\":\"db\",\"msg\":\"slow \\\"q\\\"\"}");
        assertEntry(e, "json", Level.WARN, "db", "slow \"q\"");
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), e.timestamp());
        assertEntry(split("{\"level\":50,\"time\":1704067200000,\"message\":\"boom\"}"), "json", Level.ERROR, null,
                "boom");
    }

    @Test
    void logfmtLines() {
        LogEntry e = split("time=2024-01-01T00:00:00Z level=error msg=\"upstream timeout\" component=proxy");
        assertEntry(e, "logfmt", Level.ERROR, "proxy", "upstream timeout");
    }

    @Test
    void dockerJsonFileAndCriAndDockerTimestampsUnwrapTheApplicationLine() {
        LogEntry d = split("{\"log\":\"2024-01-01 10:00:00,000 ERROR [main] app.Main - failed\\n\",\"stream\":\"stderr\","
                + "\"time\":\"2024-01-01T10:00:00.5Z\"}");
        assertEntry(d, "docker-json", Level.ERROR, "app.Main", "failed");
        assertEquals(Instant.parse("2024-01-01T10:00:00.5Z"), d.timestamp());
        LogEntry c = split("2024-01-01T00:00:00.000Z stdout F hello world");
        assertEntry(c, "cri", Level.UNKNOWN, null, "hello world");
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), c.timestamp());
        LogEntry t = split("2024-01-01T00:00:00.123456789Z level=info msg=ready");
        assertEntry(t, "timestamp-prefix", Level.INFO, null, "ready");
    }

    @Test
    void singleLetterLevelsOfGlog() {
        assertEntry(split("E0101 12:00:00.000000   123 main.cc:42] bad thing"), "glog", Level.ERROR, "main.cc:42",
                "bad thing");
        assertEquals(Level.WARN, Level.parse("W"));
        assertEquals(Level.FATAL, Level.fromSyslogSeverity(2));
    }

    @Test
    void unknownLinesAreRawMessages() {
        assertEntry(split("just some text"), "raw", Level.UNKNOWN, null, "just some text");
    }

    @Test
    void detectionSticksToTheSourcesFormat() {
        HeaderSplitter s = new HeaderSplitter(null, 2024);
        List<String> sample = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sample.add("Jun 14 15:16:0" + (i % 10) + " combo sshd[1]: line " + i);
        }
        s.detect(sample);
        assertEquals("syslog-rfc3164", s.detectedFormat());
        // once decided, a line in another format is not tried against the others: it is raw (a continuation)
        assertEquals("raw", s.split("ERROR:x:y").format());
    }

    @Test
    void declaredLoghubLayoutSplitsFieldsAndContent() {
        LayoutFormat layout = new LayoutFormat("<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>");
        LogEntry e = new HeaderSplitter(layout, 2005).split(
                "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; uid=0 ");
        assertEquals("authentication failure; uid=0", e.message());
        assertEquals("sshd(pam_unix)", e.source());
        assertEquals(Instant.parse("2005-06-14T15:16:01Z"), e.timestamp());
        Map<String, String> f = layout.fieldsOf("Jun 14 15:16:01 combo kernel: x");
        assertNull(f.get("PID"));
        LogEntry z = new HeaderSplitter("<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>").split(
                "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - "
                        + "Notification time out: 3200");
        assertEquals(Level.INFO, z.level());
        assertEquals("Notification time out: 3200", z.message());
        assertEquals("raw", new HeaderSplitter("<Date> <Level>: <Content>").split("nothing").format());
    }

    @Test
    void longLinesAreCappedBeforeParsing() {
        String line = "x".repeat(HeaderSplitter.MAX_LINE_CHARS * 3);
        assertEquals(HeaderSplitter.MAX_LINE_CHARS, split(line).message().length());
    }

    @Test
    void javaStackTraceIsJoinedToItsHeadEntry() {
        List<LogEntry> entries = EntryAssembler.assemble(List.of(
                "2024-01-01 10:00:00,000 ERROR [main] app.Main - request failed",
                "java.lang.IllegalStateException: boom",
                "\tat app.Main.run(Main.java:10)",
                "\tat app.Main.main(Main.java:5)",
                "Caused by: java.io.IOException: closed",
                "\t... 2 more",
                "2024-01-01 10:00:01,000 INFO [main] app.Main - next"), new HeaderSplitter(null, 2024));
        assertEquals(2, entries.size());
        assertEquals("request failed", entries.get(0).message());
        assertEquals(5, entries.get(0).continuationLines());
        assertEquals(0, entries.get(1).continuationLines());
    }

    @Test
    void pythonTracebackIsJoinedInASourceWithoutHeaders() {
        List<LogEntry> entries = EntryAssembler.assemble(List.of(
                "something failed",
                "Traceback (most recent call last):",
                "  File \"x.py\", line 1, in <module>",
                "ValueError: bad",
                "next message"));
        assertEquals(2, entries.size());
        assertEquals(3, entries.get(0).continuationLines());
        assertEquals("next message", entries.get(1).message());
    }
}
