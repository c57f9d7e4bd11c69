package io.cyberbrain.bench;

import io.cyberbrain.worker.task.triage.mine.TemplateMiner;
import io.cyberbrain.worker.task.triage.parse.HeaderSplitter;
import io.cyberbrain.worker.task.triage.parse.LayoutFormat;
import io.cyberbrain.worker.task.triage.parse.LogEntry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Measures the log-triage parsing core (header splitter + template miner) on Loghub-style data.
 *
 * <pre>
 *   LoghubHarness DIR [--details]
 *   LoghubHarness --throughput DIR
 * </pre>
 *
 * DIR holds {@code formats.json} ({@code datasets.NAME.log_file / ground_truth / log_format}); the
 * ground-truth CSV has columns LineId and EventTemplate. Each log line is split with the declared
 * layout by {@link HeaderSplitter}, its message mined by a fresh {@link TemplateMiner} per data set
 * (default configuration for all), and every line is assigned its cluster's final template.
 *
 * <p>Metrics (Loghub-2.0 definitions, Jiang et al., ISSTA 2024), templates compared as strings after
 * {@link #normalise}: GA, PA, FGA, FTA - see bench/README.md.
 */
public final class LoghubHarness {

    /** Detect each data set's header from its lines (as the worker does) instead of using the declared layout. */
    private static boolean auto;

    private LoghubHarness() {
    }

    public static void main(String[] args) throws IOException {
        boolean throughput = false;
        boolean details = false;
        String dir = null;
        for (String a : args) {
            if ("--throughput".equals(a)) {
                throughput = true;
            } else if ("--details".equals(a)) {
                details = true;
            } else if ("--auto".equals(a)) {
                auto = true;
            } else {
                dir = a;
            }
        }
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            System.err.println("error: data directory not found: " + dir);
            System.exit(2);
        }
        Path root = Path.of(dir);
        Map<String, Object> datasets = MiniJson.obj(MiniJson.obj(MiniJson.parse(
                Files.readString(root.resolve("formats.json"), StandardCharsets.UTF_8))).get("datasets"));
        if (throughput) {
            throughput(root, datasets);
            return;
        }
        double[] sum = new double[4];
        int n = 0;
        for (Map.Entry<String, Object> ds : datasets.entrySet()) {
            Map<String, Object> d = MiniJson.obj(ds.getValue());
            List<String> contents = contents(root, d);
            List<String> truth = truth(root.resolve((String) d.get("ground_truth")), contents.size());
            TemplateMiner miner = new TemplateMiner();
            int[] ids = new int[contents.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = miner.add(contents.get(i));
            }
            miner.finish();
            List<String> pred = new ArrayList<>(ids.length);
            for (int id : ids) {
                String t = miner.templateText(id);
                pred.add(normalise(t == null ? "<evicted " + id + ">" : t));
            }
            List<String> gold = new ArrayList<>(truth.size());
            for (String t : truth) {
                gold.add(normalise(t));
            }
            double[] m = metrics(pred, gold);
            System.out.printf(Locale.ROOT, "%s GA=%.3f PA=%.3f FGA=%.3f FTA=%.3f templates=%d/%d%n", ds.getKey(),
                    m[0], m[1], m[2], m[3], (int) m[4], (int) m[5]);
            if (details) {
                details(pred, gold, contents);
            }
            for (int k = 0; k < 4; k++) {
                sum[k] += m[k];
            }
            n++;
        }
        System.out.printf(Locale.ROOT, "mean GA=%.3f PA=%.3f FGA=%.3f FTA=%.3f%n", sum[0] / n, sum[1] / n,
                sum[2] / n, sum[3] / n);
    }

    /** The message (<Content>) of every line of a data set, split with its declared layout. */
    private static List<String> contents(Path root, Map<String, Object> d) throws IOException {
        HeaderSplitter splitter = auto ? new HeaderSplitter()
                : new HeaderSplitter(new LayoutFormat((String) d.get("log_format")), 2000);
        String text = new String(Files.readAllBytes(root.resolve((String) d.get("log_file"))), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        String[] all = text.split("\n", -1);
        if (auto) {
            splitter.detect(java.util.Arrays.asList(all).subList(0, Math.min(all.length, HeaderSplitter.SAMPLE_LINES)));
        }
        for (String line : all) {
            if (line.isBlank()) {
                continue;
            }
            LogEntry e = splitter.split(line);
            out.add(e.message().strip());
        }
        return out;
    }

    /** EventTemplate by LineId (1-based) from the ground-truth CSV. */
    private static List<String> truth(Path csv, int lines) throws IOException {
        List<List<String>> rows = Csv.parse(Files.readString(csv, StandardCharsets.UTF_8));
        List<String> header = rows.get(0);
        int idCol = header.indexOf("LineId");
        int tplCol = header.indexOf("EventTemplate");
        String[] out = new String[lines];
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() <= tplCol) {
                continue;
            }
            int id = Integer.parseInt(row.get(idCol).trim());
            if (id >= 1 && id <= lines) {
                out[id - 1] = row.get(tplCol);
            }
        }
        List<String> l = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            if (out[i] == null) {
                throw new IllegalStateException(csv + ": no template for line " + (i + 1));
            }
            l.add(out[i]);
        }
        return l;
    }

    /**
     * Applied identically to predicted and true templates: trim, every whitespace run becomes one
     * space, and variables separated by nothing or by whitespace only ({@code <*><*>},
     * {@code <*> <*>}) become one {@code <*>}.
     */
    static String normalise(String t) {
        String s = t.strip().replaceAll("\\s+", " ");
        while (true) {
            String n = s.replace("<*><*>", "<*>").replace("<*> <*>", "<*>").replace("<*>:<*>", "<*>");
            if (n.equals(s)) {
                return s;
            }
            s = n;
        }
    }

    /** {GA, PA, FGA, FTA, #predicted templates, #true templates}. */
    static double[] metrics(List<String> pred, List<String> gold) {
        int n = pred.size();
        Map<String, Integer> predCount = new HashMap<>();
        Map<String, Set<String>> predOfGold = new HashMap<>();
        Map<String, Integer> goldCount = new HashMap<>();
        Map<String, Set<String>> goldOfPred = new HashMap<>();
        int exact = 0;
        for (int i = 0; i < n; i++) {
            predCount.merge(pred.get(i), 1, Integer::sum);
            goldCount.merge(gold.get(i), 1, Integer::sum);
            predOfGold.computeIfAbsent(gold.get(i), k -> new HashSet<>()).add(pred.get(i));
            goldOfPred.computeIfAbsent(pred.get(i), k -> new HashSet<>()).add(gold.get(i));
            if (pred.get(i).equals(gold.get(i))) {
                exact++;
            }
        }
        int correctGroups = 0;
        int correctLines = 0;
        for (Map.Entry<String, Set<String>> e : predOfGold.entrySet()) {
            if (e.getValue().size() == 1) {
                String p = e.getValue().iterator().next();
                if (predCount.get(p).equals(goldCount.get(e.getKey()))) {
                    correctGroups++;
                    correctLines += goldCount.get(e.getKey());
                }
            }
        }
        int correctTemplates = 0;
        for (Map.Entry<String, Set<String>> e : goldOfPred.entrySet()) {
            if (e.getValue().size() == 1 && e.getValue().contains(e.getKey())) {
                correctTemplates++;
            }
        }
        double ga = (double) correctLines / n;
        double pa = (double) exact / n;
        double fga = f1(correctGroups, predCount.size(), goldCount.size());
        double fta = f1(correctTemplates, predCount.size(), goldCount.size());
        return new double[] {ga, pa, fga, fta, predCount.size(), goldCount.size()};
    }

    private static double f1(int correct, int predicted, int truth) {
        double p = predicted == 0 ? 0 : (double) correct / predicted;
        double r = truth == 0 ? 0 : (double) correct / truth;
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Lists every true template whose lines were not all given exactly that template. */
    private static void details(List<String> pred, List<String> gold, List<String> contents) {
        Map<String, Map<String, Integer>> byGold = new TreeMap<>();
        Map<String, String> example = new HashMap<>();
        for (int i = 0; i < pred.size(); i++) {
            byGold.computeIfAbsent(gold.get(i), k -> new TreeMap<>()).merge(pred.get(i), 1, Integer::sum);
            example.putIfAbsent(gold.get(i) + "\u0000" + pred.get(i), contents.get(i));
        }
        for (Map.Entry<String, Map<String, Integer>> e : byGold.entrySet()) {
            Map<String, Integer> ps = e.getValue();
            if (ps.size() == 1 && ps.containsKey(e.getKey())) {
                continue;
            }
            System.out.println("  TRUE " + e.getKey());
            for (Map.Entry<String, Integer> p : ps.entrySet()) {
                System.out.println("    " + (p.getKey().equals(e.getKey()) ? "= " : "- ") + p.getValue() + " "
                        + p.getKey() + "    e.g. " + example.get(e.getKey() + "\u0000" + p.getKey()));
            }
        }
    }

    private static void throughput(Path root, Map<String, Object> datasets) throws IOException {
        List<String> base = new ArrayList<>();
        for (Object d : datasets.values()) {
            base.addAll(contents(root, MiniJson.obj(d)));
        }
        int reps = Math.max(1, (500_000 + base.size() - 1) / base.size());
        String[] lines = new String[base.size() * reps];
        for (int r = 0; r < reps; r++) {
            for (int i = 0; i < base.size(); i++) {
                lines[r * base.size() + i] = base.get(i);
            }
        }
        measure("repeated", lines, base.size(), reps);
        // the same lines with variables that do not repeat: caches of masked tokens hit far less
        for (int r = 0; r < reps; r++) {
            char[] digits = digitPermutation(r);
            for (int i = 0; i < base.size(); i++) {
                lines[r * base.size() + i] = permuteDigits(base.get(i), digits);
            }
        }
        measure("digits permuted per repetition", lines, base.size(), reps);
    }

    /**
     * Single-thread mining of all lines with a fresh miner per run: warm-up runs (at least 3 and 3 s), then the best of 5
     * timed runs by wall clock and by CPU time of the mining thread (the machine may be shared).
     */
    private static void measure(String label, String[] lines, int messages, int reps) {
        long sink = 0;
        // warm-up: at least 3 runs and 3 s, so the JIT has compiled the hot paths even on a loaded machine
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        for (int w = 0; w < 3 || System.nanoTime() < warmEnd; w++) {
            sink += mineAll(lines).size();
        }
        double best = 0;
        double bestCpu = 0;
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        long heap = 0;
        long inputHeap = Long.MAX_VALUE;
        int templates = 0;
        Runtime rt = Runtime.getRuntime();
        for (int run = 0; run < 5; run++) {
            System.gc();
            inputHeap = Math.min(inputHeap, rt.totalMemory() - rt.freeMemory());
            long c0 = bean.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            TemplateMiner m = mineAll(lines);
            long t1 = System.nanoTime();
            long c1 = bean.getCurrentThreadCpuTime();
            best = Math.max(best, lines.length / ((t1 - t0) / 1e9));
            bestCpu = Math.max(bestCpu, lines.length / ((c1 - c0) / 1e9));
            System.gc();
            heap = Math.max(heap, rt.totalMemory() - rt.freeMemory());
            templates = m.size();
            sink += m.size();
        }
        System.out.printf(Locale.ROOT,
                "throughput (%s) lines=%d (%d messages x %d) single thread, best of 5 after >= 3 s of warm-up: "
                        + "%.0f lines/s wall, %.0f lines/s per CPU-second; templates=%d; heap used after mining "
                        + "%.1f MB incl. the input (%.1f MB before mining)%n",
                label, lines.length, messages, reps, best, bestCpu, templates, heap / 1048576.0,
                inputHeap / 1048576.0);
        if (sink == 42) {
            System.out.println();
        }
    }

    /** Repetition 0 keeps the digits; the others map them through a fixed pseudo-random permutation. */
    private static char[] digitPermutation(int rep) {
        char[] d = "0123456789".toCharArray();
        if (rep > 0) {
            java.util.Random rnd = new java.util.Random(rep);
            for (int i = d.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                char t = d[i];
                d[i] = d[j];
                d[j] = t;
            }
        }
        return d;
    }

    private static String permuteDigits(String s, char[] digits) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= '0' && c[i] <= '9') {
                c[i] = digits[c[i] - '0'];
            }
        }
        return new String(c);
    }

    private static TemplateMiner mineAll(String[] lines) {
        TemplateMiner m = new TemplateMiner();
        for (String l : lines) {
            m.add(l);
        }
        m.finish();
        return m;
    }

    /** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). */
    static final class Csv {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            int i = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            f.append('"');
                            i += 2;
                            continue;
                        }
                        quoted = false;
                    } else {
                        f.append(c);
                    }
                    i++;
                    continue;
                }
                if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(f.toString());
                    f.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(f.toString());
                    f.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else {
                    f.append(c);
                }
                i++;
            }
            if (f.length() > 0 || !row.isEmpty()) {
                row.add(f.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
