package io.cyberbrain.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.cyberbrain.redaction.RedactionSpan;
import io.cyberbrain.redaction.Redactor;

/**
 * Measures the secret classes of {@link Redactor#find} on the sets built by {@code bench/secret-sets/build.py}
 * (gitleaks and Nosey Parker test material, split by provider into a development half and a held-out half).
 *
 * <p>Scoring, per half: a gold secret is <em>found</em> when a predicted secret span overlaps it (as in
 * {@link RedactionHarness}) and <em>covered</em> when predicted secret spans mask every one of its characters; a
 * predicted secret span is correct when it overlaps a gold secret, ignored when it only overlaps an "ignore"
 * region (a user name, host or client id of a multi-part credential), and a false positive otherwise, on
 * negative samples as on positive ones. Personal-data classes (e-mail, IP, ...) are not scored here.
 *
 * <p>{@code --details} lists the misses and false positives of every set but the unseen one (the held-out and fresh
 * sets were measured as held out in earlier rounds and are tuning material since; the unseen set is never listed). {@code --dev-only} skips the held-out half (for tuning rounds). {@code --fresh}
 * measures only {@code secrets_fresh.jsonl} (built by {@code build_fresh.py} from five further scanners; all of it
 * held out, never listed), also per category and without the gold values that look like documentation values.
 * {@code --unseen} does the same for {@code secrets_unseen.jsonl} ({@code build_unseen.py}: four scanners used by no
 * earlier set; measured before and after a tuning round, never read in between).
 */
public final class SecretSetHarness {

    private final Redactor redactor = Redactor.standard();

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SecretSetHarness DIR [--details] [--dev-only | --fresh | --unseen] [--logs LOGDIR...]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        boolean details = false;
        boolean devOnly = false;
        boolean fresh = false;
        boolean unseen = false;
        List<Path> logDirs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--details")) {
                details = true;
            } else if (args[i].equals("--dev-only")) {
                devOnly = true;
            } else if (args[i].equals("--fresh")) {
                fresh = true;
            } else if (args[i].equals("--unseen")) {
                unseen = true;
            } else if (args[i].equals("--logs") && i + 1 < args.length) {
                while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    logDirs.add(Path.of(args[++i]));
                }
            }
        }
        SecretSetHarness h = new SecretSetHarness();
        for (Path logs : logDirs) {
            h.ordinaryLogs(logs, details);
        }
        for (String half : unseen ? List.of("unseen") : fresh ? List.of("fresh") : devOnly ? List.of("dev") : List.of("dev", "heldout")) {
            Path file = dir.resolve("secrets_" + half + ".jsonl");
            if (!Files.isRegularFile(file)) {
                System.err.println("missing " + file);
                System.exit(2);
            }
            h.measure(half, file, details && !half.equals("unseen"));
        }
    }

    /** found, covered, gold, tp, fp, negatives, negatives with a false positive. */
    private static final class Tally {
        int samples;
        int gold;
        int found;
        int covered;
        int tp;
        int fp;
        int negatives;
        int negativesMasked;

        void add(Tally o) {
            samples += o.samples;
            gold += o.gold;
            found += o.found;
            covered += o.covered;
            tp += o.tp;
            fp += o.fp;
            negatives += o.negatives;
            negativesMasked += o.negativesMasked;
        }
    }

    private void measure(String half, Path file, boolean details) throws IOException {
        Map<String, Tally> bySource = new TreeMap<>();
        Map<String, Tally> byCategory = new TreeMap<>();
        Tally notPlaceholder = new Tally();
        List<String> misses = new ArrayList<>();
        List<String> falsePositives = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> rec = MiniJson.obj(MiniJson.parse(line));
            String text = (String) rec.get("text");
            List<int[]> gold = spans(rec.get("secrets"));
            List<int[]> ignore = spans(rec.get("ignore"));
            List<RedactionSpan> predicted = new ArrayList<>();
            for (RedactionSpan s : redactor.find(text)) {
                if (s.entityClass().isSecret()) {
                    predicted.add(s);
                }
            }
            Tally t = new Tally();
            t.samples++;
            String id = (String) rec.get("id");
            for (int[] g : gold) {
                t.gold++;
                boolean found = false;
                int masked = 0;
                for (RedactionSpan p : predicted) {
                    if (p.overlaps(g[0], g[1])) {
                        found = true;
                        masked += Math.min(p.end(), g[1]) - Math.max(p.start(), g[0]);
                    }
                }
                if (found) {
                    t.found++;
                }
                if (masked >= g[1] - g[0]) {
                    t.covered++;
                } else if (found && details) {
                    StringBuilder shown = new StringBuilder();
                    for (RedactionSpan p : predicted) {
                        if (p.overlaps(g[0], g[1])) {
                            shown.append(excerpt(text, p.start(), p.end())).append("  ");
                        }
                    }
                    partial.add(id + "  gold " + text.substring(g[0], g[1]).replace("\n", "\\n") + "  masked " + shown);
                }
                if (!found && details) {
                    misses.add(id + "  " + excerpt(text, g[0], g[1]));
                }
            }
            boolean negativeMasked = false;
            for (RedactionSpan p : predicted) {
                if (overlapsAny(p, gold)) {
                    t.tp++;
                } else if (!overlapsAny(p, ignore)) {
                    t.fp++;
                    negativeMasked = true;
                    if (details) {
                        falsePositives.add(id + "  " + p.entityClass() + "  " + excerpt(text, p.start(), p.end()));
                    }
                }
            }
            if (gold.isEmpty()) {
                t.negatives++;
                if (negativeMasked) {
                    t.negativesMasked++;
                }
            }
            bySource.computeIfAbsent((String) rec.get("source"), k -> new Tally()).add(t);
            if (rec.get("category") instanceof String category) {
                byCategory.computeIfAbsent(category, k -> new Tally()).add(t);
            }
            if (!Boolean.TRUE.equals(rec.get("placeholder_like"))) {
                notPlaceholder.add(t);
            }
        }
        Tally all = new Tally();
        System.out.println("== secrets, " + half + " half (" + file.getFileName() + ") ==");
        System.out.println("  source        samples   gold  found recall  covered  predicted precision  negatives masked");
        for (Map.Entry<String, Tally> e : bySource.entrySet()) {
            print(e.getKey(), e.getValue());
            all.add(e.getValue());
        }
        print("all", all);
        if (!byCategory.isEmpty()) {
            System.out.println("  category");
            byCategory.forEach(SecretSetHarness::print);
            print("no doc-like", notPlaceholder);
        }
        System.out.printf(Locale.ROOT, "%s: secret recall=%.3f precision=%.3f%n", half, ratio(all.found, all.gold),
                ratio(all.tp, all.tp + all.fp));
        if (details) {
            System.out.println("  -- missed gold secrets (" + misses.size() + "):");
            misses.forEach(m -> System.out.println("    " + m));
            System.out.println("  -- partly masked gold secrets (" + partial.size() + "):");
            partial.forEach(m -> System.out.println("    " + m));
            System.out.println("  -- false positives (" + falsePositives.size() + "):");
            falsePositives.forEach(m -> System.out.println("    " + m));
        }
        System.out.println();
    }

    /**
     * Ordinary log lines (no credentials in them): every secret span found there is a false positive that would
     * also change the triage templates. Reads every {@code *.log} file under {@code dir}.
     */
    private void ordinaryLogs(Path dir, boolean details) throws IOException {
        List<Path> files;
        try (var s = Files.walk(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        int lines = 0;
        int masked = 0;
        List<String> shown = new ArrayList<>();
        for (Path f : files) {
            for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                lines++;
                boolean any = false;
                for (RedactionSpan sp : redactor.find(line)) {
                    if (sp.entityClass().isSecret()) {
                        any = true;
                        if (details) {
                            shown.add(f.getFileName() + "  " + sp.entityClass() + "  " + excerpt(line, sp.start(), sp.end()));
                        }
                    }
                }
                if (any) {
                    masked++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "== ordinary logs %s: %d files, %d lines, %d with a secret mask%n", dir, files.size(),
                lines, masked);
        shown.forEach(x -> System.out.println("    " + x));
        System.out.println();
    }

    private static void print(String name, Tally t) {
        System.out.printf(Locale.ROOT, "  %-12s %8d %6d %6d %6.3f %8.3f %10d %9.3f %10d %6d%n", name, t.samples, t.gold,
                t.found, ratio(t.found, t.gold), ratio(t.covered, t.gold), t.tp + t.fp, ratio(t.tp, t.tp + t.fp),
                t.negatives, t.negativesMasked);
    }

    private static List<int[]> spans(Object o) {
        List<int[]> out = new ArrayList<>();
        if (o == null) {
            return out;
        }
        for (Object s : MiniJson.arr(o)) {
            List<Object> pair = MiniJson.arr(s);
            out.add(new int[] {MiniJson.integer(pair.get(0)), MiniJson.integer(pair.get(1))});
        }
        return out;
    }

    private static boolean overlapsAny(RedactionSpan p, List<int[]> spans) {
        for (int[] g : spans) {
            if (p.overlaps(g[0], g[1])) {
                return true;
            }
        }
        return false;
    }

    private static String excerpt(String text, int s, int e) {
        int a = Math.max(0, s - 40);
        int b = Math.min(text.length(), e + 40);
        String x = text.substring(a, s) + "[[" + text.substring(s, e) + "]]" + text.substring(e, b);
        return x.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }

    private static double ratio(int a, int b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
