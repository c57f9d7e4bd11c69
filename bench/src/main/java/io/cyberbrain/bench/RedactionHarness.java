package io.cyberbrain.bench;

import io.cyberbrain.redaction.EntityClass;
import io.cyberbrain.redaction.RedactionSpan;
import io.cyberbrain.redaction.Redactor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Measures {@link Redactor#find} on labelled data.
 *
 * <pre>
 *   RedactionHarness DIR [--details]
 * </pre>
 *
 * DIR holds {@code credsweeper_dev.jsonl} (secrets in CredSweeper's test samples) and
 * {@code presidio_synth_dev.json} (synthetic PII sentences); see SOURCE.txt there.
 *
 * <p>Scoring is span overlap: a gold span is found when any predicted span overlaps it; a predicted
 * span is correct when it overlaps a gold span.
 * <ul>
 *   <li>CredSweeper: gold = candidates with label 1, located in the file text by line_num and
 *   value_start/value_end (falling back to a search for the value near that line when the tool
 *   reported offsets in a transformed line, e.g. XML). Identical gold spans reported by several
 *   rules are counted once. Precision counts predicted spans of the secret classes only
 *   (CredSweeper does not label e-mails, IPs, ...); every such span that overlaps no label-1
 *   candidate is a false positive, including spans on lines without any candidate (the samples are
 *   labelled exhaustively) and spans on label-0 candidates (known non-secrets).</li>
 *   <li>Presidio: recall per entity_type; precision over all predicted spans (a span is correct if
 *   it overlaps any gold span), plus per-class precision for the classes that map to a Presidio
 *   type.</li>
 * </ul>
 * The overall line pools secrets (CredSweeper label 1) and the structured PII classes EMAIL_ADDRESS,
 * IP_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, US_SSN; names and addresses are reported
 * separately as not expected from patterns.
 */
public final class RedactionHarness {

    static final List<String> PII_TYPES = List.of(
            "EMAIL_ADDRESS", "IP_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN");
    static final Map<EntityClass, String> CLASS_TO_PRESIDIO = Map.of(
            EntityClass.EMAIL, "EMAIL_ADDRESS",
            EntityClass.IP_ADDRESS, "IP_ADDRESS",
            EntityClass.PHONE, "PHONE_NUMBER",
            EntityClass.CREDIT_CARD, "CREDIT_CARD",
            EntityClass.IBAN, "IBAN_CODE",
            EntityClass.US_SSN, "US_SSN");

    private final Redactor redactor = Redactor.standard();
    private final boolean details;
    private long findNanos;
    private long findChars;

    private RedactionHarness(boolean details) {
        this.details = details;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: RedactionHarness DIR [--details]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Path cred = dir.resolve("credsweeper_dev.jsonl");
        Path presidio = dir.resolve("presidio_synth_dev.json");
        if (!Files.isRegularFile(cred) || !Files.isRegularFile(presidio)) {
            System.err.println("missing " + cred + " or " + presidio);
            System.exit(2);
        }
        boolean details = args.length > 1 && args[1].equals("--details");
        long t0 = System.nanoTime();
        RedactionHarness h = new RedactionHarness(details);
        Counts secrets = h.credSweeper(cred);
        Counts pii = h.presidio(presidio);
        long total = System.nanoTime() - t0;

        int found = secrets.found + pii.found;
        int gold = secrets.gold + pii.gold;
        int tp = secrets.tp + pii.tp;
        int predicted = secrets.predicted + pii.predicted;
        System.out.println();
        System.out.printf(Locale.ROOT, "timing: find() %.0f ms over %,d chars; total %.0f ms (incl. JVM JIT warm-up and parsing)%n",
                h.findNanos / 1e6, h.findChars, total / 1e6);
        System.out.printf(Locale.ROOT, "overall: secrets+structured PII found %d/%d, predicted correct %d/%d%n",
                found, gold, tp, predicted);
        System.out.printf(Locale.ROOT, "overall recall=%.3f precision=%.3f%n", ratio(found, gold), ratio(tp, predicted));
    }

    /** Pooled counts contributed to the overall line. */
    private record Counts(int found, int gold, int tp, int predicted) { }

    // ------------------------------------------------------------------------------------------
    // CredSweeper
    // ------------------------------------------------------------------------------------------

    private Counts credSweeper(Path file) throws IOException {
        int gold1 = 0;
        int found1 = 0;
        int goldRaw1 = 0;
        int foundRaw1 = 0;
        int gold0 = 0;
        int masked0 = 0;
        int masked0Alone = 0;
        int located = 0;
        int searched = 0;
        int wholeLine = 0;
        Map<EntityClass, int[]> secretPrecision = new EnumMap<>(EntityClass.class); // [tp, predicted]
        Map<EntityClass, Integer> otherClasses = new EnumMap<>(EntityClass.class);
        int predictedOnBareLines = 0;
        int files = 0;
        List<String> misses = new ArrayList<>();
        List<String> falsePositives = new ArrayList<>();

        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            files++;
            Map<String, Object> rec = MiniJson.obj(MiniJson.parse(line));
            String name = (String) rec.get("file");
            String text = (String) rec.get("text");
            int[] lineStarts = lineStarts(text);
            Set<Long> pos = new LinkedHashSet<>();
            Set<Long> neg = new LinkedHashSet<>();
            Set<Integer> candidateLines = new java.util.HashSet<>();
            for (Object o : MiniJson.arr(rec.get("candidates"))) {
                Map<String, Object> cand = MiniJson.obj(o);
                int lineNum = MiniJson.integer(cand.get("line_num"));
                candidateLines.add(lineNum);
                int[] loc = new int[1];
                long span = locate(text, lineStarts, lineNum, MiniJson.integer(cand.get("value_start")),
                        MiniJson.integer(cand.get("value_end")), (String) cand.get("value"), loc);
                boolean positive = ((Number) cand.get("label")).intValue() == 1;
                if (positive) {
                    goldRaw1++;
                    if (loc[0] == 0) {
                        located++;
                    } else if (loc[0] == 1) {
                        searched++;
                    } else {
                        wholeLine++;
                    }
                    pos.add(span);
                } else {
                    neg.add(span);
                }
            }
            // raw (per candidate) recall is computed below from the same spans
            long t = System.nanoTime();
            List<RedactionSpan> predicted = redactor.find(text);
            findNanos += System.nanoTime() - t;
            findChars += text.length();

            for (Object o : MiniJson.arr(rec.get("candidates"))) {
                Map<String, Object> cand = MiniJson.obj(o);
                if (((Number) cand.get("label")).intValue() == 1) {
                    long span = locate(text, lineStarts, MiniJson.integer(cand.get("line_num")),
                            MiniJson.integer(cand.get("value_start")), MiniJson.integer(cand.get("value_end")),
                            (String) cand.get("value"), new int[1]);
                    if (overlapsAny(span, predicted, false)) {
                        foundRaw1++;
                    }
                }
            }
            for (long g : pos) {
                gold1++;
                if (overlapsAny(g, predicted, false)) {
                    found1++;
                } else {
                    misses.add(name + ":" + lineOf(lineStarts, start(g)) + "  " + excerpt(text, start(g), end(g)));
                }
            }
            for (long g : neg) {
                if (pos.contains(g)) {
                    continue; // same text also labelled 1 by another rule
                }
                gold0++;
                if (overlapsAny(g, predicted, true)) {
                    masked0++;
                    boolean alsoPositive = false;
                    for (long p : pos) {
                        alsoPositive |= overlaps(g, start(p), end(p));
                    }
                    if (!alsoPositive) {
                        masked0Alone++;
                    }
                }
            }
            for (RedactionSpan s : predicted) {
                if (!s.entityClass().isSecret()) {
                    otherClasses.merge(s.entityClass(), 1, Integer::sum);
                    continue;
                }
                int[] pr = secretPrecision.computeIfAbsent(s.entityClass(), k -> new int[2]);
                pr[1]++;
                boolean ok = false;
                for (long g : pos) {
                    ok |= s.overlaps(start(g), end(g));
                }
                if (ok) {
                    pr[0]++;
                } else {
                    int ln = lineOf(lineStarts, s.start());
                    if (!candidateLines.contains(ln)) {
                        predictedOnBareLines++;
                    }
                    falsePositives.add(s.entityClass() + " " + name + ":" + ln + "  "
                            + excerpt(text, s.start(), s.end()));
                }
            }
        }

        int tp = 0;
        int predicted = 0;
        System.out.println("== CredSweeper samples (secrets): " + files + " files ==");
        System.out.printf(Locale.ROOT, "label-1 gold spans: %d unique (%d candidates; located by offsets %d, by value search %d, whole line %d)%n",
                gold1, goldRaw1, located, searched, wholeLine);
        System.out.printf(Locale.ROOT, "  recall (unique spans)  %4d/%-4d = %.3f%n", found1, gold1, ratio(found1, gold1));
        System.out.printf(Locale.ROOT, "  recall (per candidate) %4d/%-4d = %.3f%n", foundRaw1, goldRaw1, ratio(foundRaw1, goldRaw1));
        System.out.printf(Locale.ROOT, "label-0 candidates (known non-secrets) masked by a secret span: %d/%d (%d of them on text not also labelled 1)%n",
                masked0, gold0, masked0Alone);
        System.out.println("  precision by predicted class (span correct if it overlaps a label-1 candidate):");
        System.out.printf(Locale.ROOT, "    %-16s %9s %6s %9s%n", "class", "predicted", "tp", "precision");
        for (Map.Entry<EntityClass, int[]> e : secretPrecision.entrySet()) {
            int[] pr = e.getValue();
            tp += pr[0];
            predicted += pr[1];
            System.out.printf(Locale.ROOT, "    %-16s %9d %6d %9.3f%n", e.getKey(), pr[1], pr[0], ratio(pr[0], pr[1]));
        }
        System.out.printf(Locale.ROOT, "    %-16s %9d %6d %9.3f%n", "all secrets", predicted, tp, ratio(tp, predicted));
        System.out.printf(Locale.ROOT, "  false positives: %d, of which %d on lines with no candidate at all (counted as false positives: the samples are labelled exhaustively)%n",
                predicted - tp, predictedOnBareLines);
        int others = otherClasses.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("  not scored (CredSweeper has no PII labels): " + others + " non-secret spans " + otherClasses);
        System.out.printf(Locale.ROOT, "  strict precision counting those as false positives too: %.3f%n",
                ratio(tp, predicted + others));
        if (details) {
            System.out.println("  -- missed label-1 spans:");
            misses.forEach(s -> System.out.println("     " + s));
            System.out.println("  -- false positives:");
            falsePositives.forEach(s -> System.out.println("     " + s));
        }
        System.out.println();
        return new Counts(found1, gold1, tp, predicted);
    }

    /**
     * Gold span of a candidate, packed as (start << 32 | end). how[0]: 0 = offsets matched the
     * line, 1 = value found by search near the line, 2 = whole line.
     */
    private static long locate(String text, int[] lineStarts, int lineNum, int vs, int ve, String value, int[] how) {
        int ln = Math.max(1, Math.min(lineNum, lineStarts.length)) - 1;
        int ls = lineStarts[ln];
        int le = ln + 1 < lineStarts.length ? lineStarts[ln + 1] - 1 : text.length();
        if (value != null && !value.isEmpty() && vs >= 0 && ve >= vs && ls + ve <= le
                && text.startsWith(value, ls + vs)) {
            how[0] = 0;
            return pack(ls + vs, ls + ve);
        }
        if (value != null && !value.isEmpty()) {
            String probe = value.split("\n", 2)[0].strip();
            if (probe.length() > 40) {
                probe = probe.substring(0, 40);
            }
            if (!probe.isEmpty()) {
                int idx = text.indexOf(probe, ls);
                if (idx < 0) {
                    idx = text.indexOf(probe);
                }
                if (idx >= 0) {
                    how[0] = 1;
                    return pack(idx, idx + probe.length());
                }
            }
        }
        how[0] = 2;
        return le > ls ? pack(ls, le) : pack(ls, Math.min(text.length(), ls + 1));
    }

    // ------------------------------------------------------------------------------------------
    // Presidio
    // ------------------------------------------------------------------------------------------

    private Counts presidio(Path file) throws IOException {
        List<Object> records = MiniJson.arr(MiniJson.parse(Files.readString(file, StandardCharsets.UTF_8)));
        Map<String, int[]> byType = new TreeMap<>(); // [gold, found]
        Map<EntityClass, int[]> byClass = new EnumMap<>(EntityClass.class); // [predicted, tp same type, tp any]
        int predictedAll = 0;
        int tpAll = 0;
        List<String> misses = new ArrayList<>();
        List<String> falsePositives = new ArrayList<>();
        for (Object o : records) {
            Map<String, Object> rec = MiniJson.obj(o);
            String text = (String) rec.get("full_text");
            List<long[]> gold = new ArrayList<>(); // start, end, typeIndex
            List<String> types = new ArrayList<>();
            for (Object so : MiniJson.arr(rec.get("spans"))) {
                Map<String, Object> s = MiniJson.obj(so);
                types.add((String) s.get("entity_type"));
                gold.add(new long[] {MiniJson.integer(s.get("start_position")), MiniJson.integer(s.get("end_position"))});
            }
            long t = System.nanoTime();
            List<RedactionSpan> predicted = redactor.find(text);
            findNanos += System.nanoTime() - t;
            findChars += text.length();
            for (int i = 0; i < gold.size(); i++) {
                int[] c = byType.computeIfAbsent(types.get(i), k -> new int[2]);
                c[0]++;
                long[] g = gold.get(i);
                boolean found = false;
                for (RedactionSpan p : predicted) {
                    found |= p.overlaps((int) g[0], (int) g[1]);
                }
                if (found) {
                    c[1]++;
                } else if (PII_TYPES.contains(types.get(i))) {
                    misses.add(types.get(i) + "  " + excerpt(text, (int) g[0], (int) g[1]));
                }
            }
            for (RedactionSpan p : predicted) {
                int[] c = byClass.computeIfAbsent(p.entityClass(), k -> new int[3]);
                c[0]++;
                predictedAll++;
                String mapped = CLASS_TO_PRESIDIO.get(p.entityClass());
                boolean any = false;
                boolean same = false;
                for (int i = 0; i < gold.size(); i++) {
                    long[] g = gold.get(i);
                    if (p.overlaps((int) g[0], (int) g[1])) {
                        any = true;
                        same |= types.get(i).equals(mapped);
                    }
                }
                if (any) {
                    tpAll++;
                    c[2]++;
                } else {
                    falsePositives.add(p.entityClass() + "  " + excerpt(text, p.start(), p.end()));
                }
                if (same) {
                    c[1]++;
                }
            }
        }

        System.out.println("== Presidio synthetic sentences (PII): " + records.size() + " records ==");
        System.out.printf(Locale.ROOT, "  %-18s %5s %6s %7s%n", "entity_type", "gold", "found", "recall");
        int gold = 0;
        int found = 0;
        for (String type : PII_TYPES) {
            int[] c = byType.getOrDefault(type, new int[2]);
            gold += c[0];
            found += c[1];
            System.out.printf(Locale.ROOT, "  %-18s %5d %6d %7.3f%n", type, c[0], c[1], ratio(c[1], c[0]));
        }
        System.out.printf(Locale.ROOT, "  %-18s %5d %6d %7.3f%n", "structured PII", gold, found, ratio(found, gold));
        System.out.println("  not expected from patterns (names, addresses, dates, ...; overlap is incidental):");
        for (Map.Entry<String, int[]> e : byType.entrySet()) {
            if (!PII_TYPES.contains(e.getKey())) {
                int[] c = e.getValue();
                System.out.printf(Locale.ROOT, "  %-18s %5d %6d %7.3f%n", e.getKey(), c[0], c[1], ratio(c[1], c[0]));
            }
        }
        System.out.println("  precision by predicted class:");
        System.out.printf(Locale.ROOT, "    %-16s %9s %12s %9s %10s%n", "class", "predicted", "tp(own type)", "precision", "tp(any)");
        for (Map.Entry<EntityClass, int[]> e : byClass.entrySet()) {
            int[] c = e.getValue();
            boolean mapped = CLASS_TO_PRESIDIO.containsKey(e.getKey());
            System.out.printf(Locale.ROOT, "    %-16s %9d %12s %9s %10d%n", e.getKey(), c[0],
                    mapped ? String.valueOf(c[1]) : "-", mapped ? String.format(Locale.ROOT, "%.3f", ratio(c[1], c[0])) : "-", c[2]);
        }
        System.out.printf(Locale.ROOT, "    %-16s %9d %12s %9.3f %10d   (span correct if it overlaps any gold span)%n",
                "all", predictedAll, "", ratio(tpAll, predictedAll), tpAll);
        if (details) {
            System.out.println("  -- missed structured PII:");
            misses.forEach(s -> System.out.println("     " + s));
            System.out.println("  -- predicted spans overlapping no gold span:");
            falsePositives.forEach(s -> System.out.println("     " + s));
        }
        return new Counts(found, gold, tpAll, predictedAll);
    }

    // ------------------------------------------------------------------------------------------

    private static boolean overlapsAny(long g, List<RedactionSpan> predicted, boolean secretsOnly) {
        for (RedactionSpan p : predicted) {
            if ((!secretsOnly || p.entityClass().isSecret()) && p.overlaps(start(g), end(g))) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlaps(long g, int s, int e) {
        return start(g) < e && s < end(g);
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int lineOf(int[] lineStarts, int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    private static String excerpt(String text, int s, int e) {
        int a = Math.max(0, s - 25);
        int b = Math.min(text.length(), e + 15);
        String span = text.substring(s, Math.min(e, s + 80)) + (e - s > 80 ? "..." : "");
        return (text.substring(a, s) + "[[" + span + "]]" + text.substring(e, b)).replace("\n", "\\n").replace("\r", "\\r");
    }

    private static long pack(int s, int e) {
        return ((long) s << 32) | (e & 0xffffffffL);
    }

    private static int start(long span) {
        return (int) (span >>> 32);
    }

    private static int end(long span) {
        return (int) span;
    }

    private static double ratio(int a, int b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
