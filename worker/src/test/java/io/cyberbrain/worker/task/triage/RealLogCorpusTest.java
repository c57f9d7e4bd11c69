package io.cyberbrain.worker.task.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cyberbrain.worker.task.triage.parse.TimeContext;
import org.junit.jupiter.api.Test;

/**
 * The worker's own reading, detection, splitting and mining path ({@link TriageLineDump}, no layout declared) over
 * the labelled real service logs under {@code triage/real-logs} (see its README), scored as the project's scorer
 * {@code triage-score.py} scores, pooled over all files: level accuracy, WARN-or-worse recall and timestamp accuracy
 * (to the precision the line shows) at least 0.99, header leak at most 0.01.
 */
class RealLogCorpusTest {

    private static final Set<String> SEVERE = Set.of("WARN", "ERROR", "FATAL");
    private static final Pattern ISO = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d)[T ](\\d\\d:\\d\\d:\\d\\d)(?:[.,](\\d{1,9}))?\\s*(Z|z|UTC|[+-]\\d\\d(?::?\\d\\d)?)?$");

    @Test
    void theProductPathLabelsRealServiceLogsAsTheirFormatsDefine() throws Exception {
        Path dir = Path.of(getClass().getResource("/triage/real-logs").toURI());
        Map<String, TriageLineDump.Line> predicted = new HashMap<>();
        // the corpus machine runs in UTC; its stamps carry years, the reading time only bounds year-less ones
        TriageLineDump.dump(dir, new TimeContext(ZoneOffset.UTC, Instant.parse("2026-12-31T00:00:00Z")),
                l -> predicted.put(l.file() + ":" + l.line(), l));
        ObjectMapper json = new ObjectMapper();
        int starts = 0;
        int levelOk = 0;
        int severe = 0;
        int severeHit = 0;
        int tsOk = 0;
        int leaks = 0;
        List<String> misses = new ArrayList<>();
        List<Path> truths;
        try (Stream<Path> s = Files.walk(dir)) {
            truths = s.filter(p -> p.getFileName().toString().endsWith(".truth.jsonl")).sorted().toList();
        }
        assertTrue(truths.size() >= 10, "the corpus is there: " + truths);
        for (Path truth : truths) {
            String rel = dir.relativize(truth).toString().replace('\\', '/');
            String file = rel.substring(0, rel.length() - ".truth.jsonl".length()) + ".log";
            for (String row : Files.readAllLines(truth, StandardCharsets.UTF_8)) {
                if (row.isBlank()) {
                    continue;
                }
                JsonNode t = json.readTree(row);
                if (!t.get("entry_start").asBoolean()) {
                    continue;
                }
                starts++;
                TriageLineDump.Line p = predicted.get(file + ":" + t.get("line").asInt());
                String level = text(t.get("level"));
                boolean lok = p != null && java.util.Objects.equals(level, p.level());
                boolean tok = p != null && sameInstant(text(t.get("ts")), p.ts());
                boolean leak = p == null;
                if (p != null) {
                    for (JsonNode tok2 : t.get("leak_tokens")) {
                        leak |= p.message() != null && p.message().contains(tok2.asText());
                    }
                }
                levelOk += lok ? 1 : 0;
                tsOk += tok ? 1 : 0;
                leaks += leak ? 1 : 0;
                if (level != null && SEVERE.contains(level)) {
                    severe++;
                    severeHit += p != null && p.level() != null && SEVERE.contains(p.level()) ? 1 : 0;
                }
                if ((!lok || !tok || leak) && misses.size() < 20) {
                    misses.add(file + ":" + t.get("line").asInt() + " " + p);
                }
            }
        }
        assertTrue(starts > 1000, "entries scored: " + starts);
        String report = String.format("level=%.3f errors_recall=%.3f ts=%.3f leak=%.3f misses=%s",
                levelOk / (double) starts, severeHit / (double) severe, tsOk / (double) starts, leaks / (double) starts,
                misses);
        assertTrue(levelOk >= 0.99 * starts, report);
        assertTrue(severeHit >= 0.99 * severe, report);
        assertTrue(tsOk >= 0.99 * starts, report);
        assertTrue(leaks <= 0.01 * starts, report);
    }

    @Test
    void instantsAreComparedToThePrecisionTheTruthShows() {
        assertTrue(sameInstant("2026-12-06T16:40:20.943Z", "2026-12-06T16:40:20.943999Z"));
        assertTrue(sameInstant("2026-12-06 16:40:20 UTC", "2026-12-06T16:40:20.5Z"));
        assertTrue(sameInstant(null, null));
        assertEquals(false, sameInstant("2026-12-06T16:40:20.943Z", "2026-12-06T16:40:20.942Z"));
        assertEquals(false, sameInstant(null, "2026-12-06T16:40:20Z"));
        assertEquals(false, sameInstant("2026-12-06T18:40:20+02:00", "2026-12-06T18:40:20Z"));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    /** As the scorer: equal when both are null, or the same instant truncated to the truth's fractional digits. */
    static boolean sameInstant(String truth, String predicted) {
        if (truth == null) {
            return predicted == null;
        }
        Object[] t = nanos(truth);
        Object[] p = predicted == null ? null : nanos(predicted);
        if (t == null || p == null) {
            return false;
        }
        BigInteger unit = BigInteger.TEN.pow(9 - (int) t[1]);
        return ((BigInteger) t[0]).divide(unit).equals(((BigInteger) p[0]).divide(unit));
    }

    /** {epoch nanoseconds, fractional digits} of an ISO-8601 text (a missing zone is UTC), or null. */
    private static Object[] nanos(String s) {
        Matcher m = ISO.matcher(s.strip());
        if (!m.matches()) {
            return null;
        }
        String frac = m.group(3) == null ? "" : m.group(3);
        String zone = m.group(4);
        String off = zone == null || zone.equalsIgnoreCase("Z") || zone.equals("UTC") ? "Z"
                : zone.length() == 3 ? zone + ":00" : zone.contains(":") ? zone : zone.substring(0, 3) + ":" + zone.substring(3);
        Instant i = OffsetDateTime.parse(m.group(1) + "T" + m.group(2) + off).toInstant();
        BigInteger n = BigInteger.valueOf(i.getEpochSecond()).multiply(BigInteger.TEN.pow(9))
                .add(BigInteger.valueOf(Long.parseLong((frac + "000000000").substring(0, 9))));
        return new Object[] {n, frac.length()};
    }
}
