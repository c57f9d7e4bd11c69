package io.cyberbrain.worker.task.triage.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Formats no built-in parser knows: the header is learned from the source's own lines. */
class LearnedFormatTest {

    private static final TimeContext TC = new TimeContext(ZoneOffset.UTC, Instant.parse("2026-12-07T00:00:00Z"));

    private static List<LogEntry> entries(List<String> lines) {
        return EntryAssembler.assemble(lines, new HeaderSplitter(null, TC));
    }

    @Test
    void aHostColumnIdsAndALevelColumnAreLearned() {
        // node, compact date, time, sequence number, facility, level, then the message: a made-up layout
        List<String> lines = new ArrayList<>();
        String[] levels = {"INFO", "WARNING", "INFO", "ERROR", "INFO"};
        for (int i = 0; i < 60; i++) {
            lines.add("node-" + (i % 3) + " 20261206 16:40:" + String.format("%02d", i % 60) + " #" + (1000 + i)
                    + " kern " + levels[i % 5] + " link " + (i % 4) + " went down after " + i + " retries");
        }
        List<LogEntry> e = entries(lines);
        assertEquals(60, e.size());
        assertEquals("learned", e.get(0).format());
        assertEquals(Level.INFO, e.get(0).level());
        assertEquals(Level.WARN, e.get(1).level());
        assertEquals(Level.ERROR, e.get(3).level());
        assertEquals("link 0 went down after 0 retries", e.get(0).message());
        assertEquals(Instant.parse("2026-12-06T16:40:03Z"), e.get(3).timestamp());
    }

    @Test
    void supercomputerStyleLinesSplitAfterTheLevelWithoutLeakingIds() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add("- " + (1117838570 + i) + " 2005.06.03 R02-M1-N" + (i % 4) + "-C:J12-U11 2005-06-03-15.42."
                    + String.format("%02d", 10 + i) + ".675872 R02-M1-N" + (i % 4) + "-C:J12-U11 RAS KERNEL "
                    + (i % 7 == 0 ? "FATAL" : "INFO") + " instruction cache parity error corrected");
        }
        List<LogEntry> e = entries(lines);
        assertEquals(Level.FATAL, e.get(0).level());
        assertEquals(Level.INFO, e.get(1).level());
        assertEquals("instruction cache parity error corrected", e.get(1).message());
        assertEquals(Instant.parse("2005-06-03T15:42:11.675872Z"), e.get(1).timestamp());
    }

    @Test
    void pipeSeparatedFieldsAndABracketedTimeWithAProgramDash() {
        List<String> pipes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            pipes.add("20171223-22:15:" + String.format("%02d", i) + ":606|Step_" + (i % 2 == 0 ? "LSC" : "SPUtils") + "|"
                    + (30002312 + i % 3) + "|onStandStepChanged " + (3579 + i));
        }
        List<LogEntry> p = entries(pipes);
        assertEquals("onStandStepChanged 3580", p.get(1).message());
        assertEquals(Instant.parse("2017-12-23T22:15:01.606Z"), p.get(1).timestamp());
        List<String> proxy = new ArrayList<>();
        String[] programs = {"chrome.exe", "Dropbox.exe", "chrome.exe"};
        for (int i = 0; i < 30; i++) {
            proxy.add("[10.30 16:49:" + String.format("%02d", i) + "] " + programs[i % 3] + " - proxy.example.org:5070 "
                    + "open through proxy proxy.example.org:5070 HTTPS");
        }
        LogEntry x = entries(proxy).get(1);
        assertEquals("Dropbox.exe", x.source());
        assertEquals("proxy.example.org:5070 open through proxy proxy.example.org:5070 HTTPS", x.message());
        assertEquals(Level.UNKNOWN, x.level());
    }

    private static final String[] PROGRAMS = {"chrome.exe", "svchost.exe", "Dropbox.exe", "git.exe", "curl.exe",
        "firefox.exe", "outlook.exe", "Skype.exe", "steam.exe", "spotify.exe", "code.exe", "java.exe"};

    @Test
    void aProgramNameMayCarryAShortQualifierBeforeItsDashButAWordMayNot() {
        List<String> qualified = new ArrayList<>();
        List<String> prose = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String at = "[10.30 16:49:" + String.format("%02d", i) + "] ";
            String program = PROGRAMS[i % PROGRAMS.length] + (i % 3 == 0 ? " *64" : "");
            qualified.add(at + program + " - proxy" + i + ".example.org:5070 close, " + i + " bytes sent");
            prose.add(at + "Server started - ready after " + i + " ms");
        }
        LogEntry q = entries(qualified).get(0);
        assertEquals("chrome.exe", q.source());
        assertEquals("proxy0.example.org:5070 close, 0 bytes sent", q.message());
        assertEquals("Server started - ready after 3 ms", entries(prose).get(3).message());
    }

    @Test
    void barSeparatedColumnsLeaveNoBarInTheMessage() {
        List<String> lines = new ArrayList<>();
        String[] levels = {"INFO ", "WARN ", "ERROR", "DEBUG"};
        for (int i = 0; i < 30; i++) {
            lines.add("svc-a | 2026-12-06T16:40:" + String.format("%02d", i) + ".399Z | " + (17 + i % 3) + " | "
                    + levels[i % 4] + " | job " + i + " finished");
        }
        LogEntry e = entries(lines).get(2);
        assertEquals(Level.ERROR, e.level());
        assertEquals("job 2 finished", e.message());
        assertEquals(Instant.parse("2026-12-06T16:40:02.399Z"), e.timestamp());
    }

    @Test
    void proseHasNoHeaderToLearn() {
        List<String> lines = List.of("The quick brown fox jumps over the lazy dog", "Another line of plain text here",
                "And a third one with nothing like a header");
        assertNull(LearnedFormat.learn(lines, TC));
        assertEquals(3, entries(lines).size());
    }

    @Test
    void anErrorWordInsideTheMessageIsNotALevel() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add("20261206 16:40:" + String.format("%02d", i) + " job " + i + (i == 5 ? " Error reading file" : " done"));
        }
        List<LogEntry> e = entries(lines);
        assertEquals(Level.UNKNOWN, e.get(5).level());
        assertEquals("job 5 Error reading file", e.get(5).message());
    }
}
