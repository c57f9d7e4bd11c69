package io.cyberbrain.worker.task.triage.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * One source per family, detected from its lines alone (as the worker does): the format, each entry's level,
 * timestamp and message, and the continuation lines that belong to it. Lines are written as these programs write
 * them (the services' default configurations).
 */
class FormatFamiliesTest {

    private static final TimeContext UTC_2026 = new TimeContext(ZoneOffset.UTC, Instant.parse("2026-12-07T00:00:00Z"));

    private static List<LogEntry> entries(String... lines) {
        return EntryAssembler.assemble(List.of(lines), new HeaderSplitter(null, UTC_2026));
    }

    private static void assertEntry(LogEntry e, Level level, String ts, String message) {
        assertEquals(level, e.level(), () -> "level of " + e);
        assertEquals(ts == null ? null : Instant.parse(ts), e.timestamp(), () -> "time of " + e);
        assertEquals(message, e.message(), () -> "message of " + e);
    }

    @Test
    void postgresqlLevelsAndDetailLinesContinueTheEntry() {
        List<LogEntry> e = entries(
                "2026-12-06 16:40:20.943 UTC [2216] LOG:  database system is ready to accept connections",
                "2026-12-06 16:40:21.100 UTC [2301] app@shop ERROR:  duplicate key value violates unique constraint \"k\"",
                "2026-12-06 16:40:21.100 UTC [2301] app@shop DETAIL:  Key (id)=(1) already exists.",
                "2026-12-06 16:40:21.100 UTC [2301] app@shop STATEMENT:  insert into t values (1)",
                "2026-12-06 16:40:22.000 UTC [2302] app@shop WARNING:  there is no transaction in progress",
                "2026-12-06 16:40:23.000 UTC [2303] app@shop FATAL:  password authentication failed for user \"app\"",
                "2026-12-06 16:40:24.000 UTC [2216] DEBUG2:  checkpointer updated",
                "2026-12-06 16:40:25.000 UTC [2216] PANIC:  could not write to file");
        assertEquals(6, e.size());
        assertEntry(e.get(0), Level.INFO, "2026-12-06T16:40:20.943Z", "database system is ready to accept connections");
        assertEntry(e.get(1), Level.ERROR, "2026-12-06T16:40:21.100Z",
                "duplicate key value violates unique constraint \"k\"");
        assertEquals(2, e.get(1).continuationLines());
        assertEquals(Level.WARN, e.get(2).level());
        assertEquals(Level.FATAL, e.get(3).level());
        assertEquals(Level.DEBUG, e.get(4).level());
        assertEquals(Level.FATAL, e.get(5).level());
        assertEquals("postgresql", e.get(0).format());
    }

    @Test
    void mariadbAndOldMysqlErrorLog() {
        List<LogEntry> e = entries(
                "2026-12-06 16:40:20 0 [Note] Starting MariaDB 10.11.6 as process 812",
                "2026-12-06 16:40:21 0 [Warning] You need to use --log-bin to make --binlog-format work.",
                "2026-12-06 16:40:22 31 [ERROR] Disk full (/tmp/#sql-temptable.MAI); waiting for someone to free space...",
                "2026-12-06T16:40:23.123456Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld starting as process 1");
        assertEntry(e.get(0), Level.INFO, "2026-12-06T16:40:20Z", "Starting MariaDB 10.11.6 as process 812");
        assertEntry(e.get(1), Level.WARN, "2026-12-06T16:40:21Z",
                "You need to use --log-bin to make --binlog-format work.");
        assertEquals(Level.ERROR, e.get(2).level());
        assertEntry(e.get(3), Level.INFO, "2026-12-06T16:40:23.123456Z", "/usr/sbin/mysqld starting as process 1");
        List<LogEntry> old = entries("161206 16:40:20 [Note] Plugin 'FEDERATED' is disabled.",
                "161206  6:40:21 [ERROR] Can't open the mysql.plugin table.");
        assertEntry(old.get(0), Level.INFO, "2016-12-06T16:40:20Z", "Plugin 'FEDERATED' is disabled.");
        assertEntry(old.get(1), Level.ERROR, "2016-12-06T06:40:21Z", "Can't open the mysql.plugin table.");
    }

    @Test
    void redisLevelMarks() {
        List<LogEntry> e = entries(
                "1234:M 06 Dec 2026 16:40:20.123 * Ready to accept connections tcp",
                "1234:M 06 Dec 2026 16:40:21.000 # WARNING Memory overcommit must be enabled!",
                "1234:C 06 Dec 2026 16:40:22.000 - Accepted 127.0.0.1:5000",
                "1234:S 06 Dec 2026 16:40:23.000 . Client closed connection");
        assertEntry(e.get(0), Level.NOTICE, "2026-12-06T16:40:20.123Z", "Ready to accept connections tcp");
        assertEquals(Level.WARN, e.get(1).level());
        assertEquals(Level.INFO, e.get(2).level());
        assertEquals(Level.DEBUG, e.get(3).level());
    }

    @Test
    void natsWithAndWithoutPid() {
        List<LogEntry> e = entries(
                "[1234] 2026/12/06 16:40:20.123456 [INF] Starting nats-server",
                "[1234] 2026/12/06 16:40:21.000000 [ERR] 127.0.0.1:4222 - cid:5 - authentication error",
                "[1234] 2026/12/06 16:40:22.000000 [WRN] Plaintext passwords detected");
        assertEntry(e.get(0), Level.INFO, "2026-12-06T16:40:20.123456Z", "Starting nats-server");
        assertEquals(Level.ERROR, e.get(1).level());
        assertEquals(Level.WARN, e.get(2).level());
        assertEntry(entries("2026/12/06 16:40:20.123456 [DBG] x", "2026/12/06 16:40:20.123457 [TRC] y").get(1),
                Level.TRACE, "2026-12-06T16:40:20.123457Z", "y");
    }

    @Test
    void rabbitmqCurrentAndReportForms() {
        List<LogEntry> e = entries(
                "2026-12-06 16:40:20.123456+00:00 [info] <0.230.0> Starting RabbitMQ 3.12.1",
                "2026-12-06 16:40:21.000000+00:00 [warning] <0.230.0> Free disk space is low",
                "2026-12-06 16:40:22.000000+00:00 [error] <0.512.0> closing AMQP connection");
        assertEntry(e.get(0), Level.INFO, "2026-12-06T16:40:20.123456Z", "Starting RabbitMQ 3.12.1");
        assertEquals(Level.WARN, e.get(1).level());
        assertEquals(Level.ERROR, e.get(2).level());
        List<LogEntry> old = entries("=INFO REPORT==== 6-Dec-2026::16:40:20 ===", "accepting AMQP connection <0.1.0>",
                "", "=ERROR REPORT==== 6-Dec-2026::16:40:21 ===", "closing AMQP connection <0.2.0>");
        assertEquals(2, old.size());
        assertEntry(old.get(0), Level.INFO, "2026-12-06T16:40:20Z", "accepting AMQP connection <0.1.0>");
        assertEntry(old.get(1), Level.ERROR, "2026-12-06T16:40:21Z", "closing AMQP connection <0.2.0>");
    }

    @Test
    void mosquittoEpochSecondsAndItsOwnErrorWording() {
        List<LogEntry> e = entries("1733503220: mosquitto version 2.0.18 starting",
                "1733503221: Error: Address already in use", "1733503222: Warning: Mosquitto should not be run as root",
                "1733503223: Client x disconnected: Error in socket");
        assertEntry(e.get(0), Level.UNKNOWN, "2024-12-06T16:40:20Z", "mosquitto version 2.0.18 starting");
        // no level field: Mosquitto opens its error and warning records with these words
        assertEntry(e.get(1), Level.ERROR, "2024-12-06T16:40:21Z", "Error: Address already in use");
        assertEquals(Level.WARN, e.get(2).level());
        assertEquals(Level.UNKNOWN, e.get(3).level());
    }

    @Test
    void dpkgHasNoLevel() {
        List<LogEntry> e = entries("2026-12-06 16:40:20 startup archives unpack",
                "2026-12-06 16:40:21 status installed libc6:amd64 2.36-9",
                "2026-12-06 16:40:22 error processing package foo (--configure)");
        assertEntry(e.get(1), Level.UNKNOWN, "2026-12-06T16:40:21Z", "status installed libc6:amd64 2.36-9");
        assertEquals(Level.UNKNOWN, e.get(2).level());
    }

    @Test
    void logcatThreadtimeAndBrief() {
        List<LogEntry> e = entries("12-06 16:40:38.399  1234  5678 E ActivityManager: ANR in com.example",
                "12-06 16:40:38.400  1234  5678 W Zygote  : slow start", "12-06 16:40:38.401  1234  5678 I Tag: ok");
        assertEntry(e.get(0), Level.ERROR, "2026-12-06T16:40:38.399Z", "ANR in com.example");
        assertEquals("ActivityManager", e.get(0).source());
        assertEntry(e.get(1), Level.WARN, "2026-12-06T16:40:38.400Z", "slow start");
        List<LogEntry> b = entries("E/AndroidRuntime( 1234): FATAL EXCEPTION: main", "D/dalvikvm( 99): GC freed");
        assertEntry(b.get(0), Level.ERROR, null, "FATAL EXCEPTION: main");
        assertEquals(Level.DEBUG, b.get(1).level());
    }

    @Test
    void julTwoLineEntriesTakeTheLevelFromTheSecondLine() {
        List<LogEntry> e = entries("Dec 06, 2026 4:40:38 PM com.example.Server start", "SEVERE: port 8080 in use",
                "java.net.BindException: Address already in use", "\tat java.base/sun.nio.ch.Net.bind0(Native Method)",
                "Dec 06, 2026 4:40:39 PM com.example.Server run", "INFO: retrying");
        assertEquals(2, e.size());
        assertEntry(e.get(0), Level.ERROR, "2026-12-06T16:40:38Z", "port 8080 in use");
        assertEquals(3, e.get(0).continuationLines());
        assertEntry(e.get(1), Level.INFO, "2026-12-06T16:40:39Z", "retrying");
    }

    @Test
    void klogSingleLettersAndMillisecondPrecision() {
        List<LogEntry> e = entries("I1206 16:40:38.399   12 server.go:42] listening", "W1206 16:40:39.123456 12 x.go:1] slow",
                "E1206 16:40:40.000000 12 x.go:2] failed");
        assertEntry(e.get(0), Level.INFO, "2026-12-06T16:40:38.399Z", "listening");
        assertEquals(Level.WARN, e.get(1).level());
        assertEquals(Level.ERROR, e.get(2).level());
    }

    @Test
    void log4jWithStackTraceAndPythonTraceback() {
        List<LogEntry> j = entries("2026-12-06 16:40:20,123 ERROR [main] com.example.App - boom",
                "java.lang.IllegalStateException: boom", "\tat com.example.App.main(App.java:10)",
                "2026-12-06 16:40:21,000 WARN  [main] com.example.App - slow");
        assertEquals(2, j.size());
        assertEntry(j.get(0), Level.ERROR, "2026-12-06T16:40:20.123Z", "boom");
        assertEquals(2, j.get(0).continuationLines());
        List<LogEntry> p = entries("2026-12-06 16:40:20,123 - app.db - WARNING - pool exhausted",
                "2026-12-06 16:40:21,000 - app.db - CRITICAL - giving up", "Traceback (most recent call last):",
                "  File \"x.py\", line 1, in <module>", "ValueError: bad");
        assertEntry(p.get(0), Level.WARN, "2026-12-06T16:40:20.123Z", "pool exhausted");
        assertEntry(p.get(1), Level.FATAL, "2026-12-06T16:40:21Z", "giving up");
        assertEquals(3, p.get(1).continuationLines());
    }

    @Test
    void jsonLinesWithNumericLevelsAndEpochMillis() {
        List<LogEntry> e = entries("{\"level\":50,\"time\":1765039220123,\"msg\":\"request failed\"}",
                "{\"level\":30,\"time\":1765039221000,\"msg\":\"ok\"}",
                "{\"severity\":\"WARNING\",\"@timestamp\":\"2026-12-06T16:40:22.5Z\",\"message\":\"slow\"}");
        assertEntry(e.get(0), Level.ERROR, "2025-12-06T16:40:20.123Z", "request failed");
        assertEquals(Level.INFO, e.get(1).level());
        assertEntry(e.get(2), Level.WARN, "2026-12-06T16:40:22.500Z", "slow");
    }

    @Test
    void logrusLogfmtAndGoLog() {
        List<LogEntry> e = entries("time=\"2026-12-06T16:40:38Z\" level=warning msg=\"disk almost full\" free=3%",
                "time=\"2026-12-06T16:40:39Z\" level=error msg=\"write failed\"");
        assertEntry(e.get(0), Level.WARN, "2026-12-06T16:40:38Z", "disk almost full free=3%");
        assertEquals(Level.ERROR, e.get(1).level());
        List<LogEntry> g = entries("2026/12/06 16:40:38 listening on :8080", "2026/12/06 16:40:39 error: accept failed");
        assertEntry(g.get(0), Level.UNKNOWN, "2026-12-06T16:40:38Z", "listening on :8080");
        // Go's log has no level field: "error:" opening a message is text
        assertEntry(g.get(1), Level.UNKNOWN, "2026-12-06T16:40:39Z", "error: accept failed");
    }

    @Test
    void syslogAndJournaldShortIso() {
        List<LogEntry> s = entries("2026-12-06T16:40:38+0000 web1 sshd[812]: Accepted publickey for root",
                "2026-12-06T16:40:39+0000 web1 kernel[0]: eth0: link up");
        assertEntry(s.get(0), Level.UNKNOWN, "2026-12-06T16:40:38Z", "Accepted publickey for root");
        assertEquals("sshd", s.get(0).source());
    }

    @Test
    void windowsCbsAndNginxError() {
        List<LogEntry> c = entries(
                "2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505",
                "2016-09-28 04:30:31, Error                 CSI    00000001@2016/9/27:20:30:31.455 WcpInitialize failed",
                "2016-09-28 04:30:32, Warning               CBS    Failed to get session");
        assertEntry(c.get(0), Level.INFO, "2016-09-28T04:30:30Z", "Loaded Servicing Stack v6.1.7601.23505");
        assertEquals(Level.ERROR, c.get(1).level());
        assertEquals(Level.WARN, c.get(2).level());
        List<LogEntry> n = entries("2026/12/06 16:40:38 [error] 812#812: *5 open() \"/x\" failed",
                "2026/12/06 16:40:39 [warn] 812#812: conflicting server name");
        assertEntry(n.get(0), Level.ERROR, "2026-12-06T16:40:38Z", "open() \"/x\" failed");
    }

    @Test
    void theHeaderDoesNotLeakIntoTheMessage() {
        for (LogEntry e : entries("2026-12-06 16:40:20.943 UTC [2216] LOG:  checkpoint starting: time",
                "2026-12-06 16:40:21.943 UTC [2216] LOG:  checkpoint complete")) {
            assertFalse(e.message().contains("2216") || e.message().contains("16:40") || e.message().contains("LOG"),
                    e.message());
        }
    }

    @Test
    void aFileRotatedToAnotherProgramIsDetectedAgain() {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add("2026-12-06 16:40:20 0 [Note] line " + i);
        }
        for (int i = 0; i < 600; i++) {
            lines.add("1234:M 06 Dec 2026 16:41:20.123 # warning " + i);
        }
        List<LogEntry> e = EntryAssembler.assemble(lines, new HeaderSplitter(null, UTC_2026));
        LogEntry last = e.get(e.size() - 1);
        assertEquals("redis", last.format());
        assertEquals(Level.WARN, last.level());
        assertTrue(e.size() > 850, "redis lines are entries again after re-detection: " + e.size());
        assertNull(e.get(0).source());
    }
}
