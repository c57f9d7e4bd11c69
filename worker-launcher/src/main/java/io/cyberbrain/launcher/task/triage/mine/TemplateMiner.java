package io.cyberbrain.launcher.task.triage.mine;

import io.cyberbrain.launcher.task.triage.parse.Level;
import io.cyberbrain.launcher.task.triage.parse.LogEntry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Online log template miner (Drain-class, one configuration for every source).
 *
 * <p>Each message is split on whitespace and masked ({@link Masker}); messages are grouped by token
 * count and first masked token, and inside such a group a message joins the template whose constant
 * tokens it matches best, when it matches at least {@link MinerConfig#similarity()} of them (a
 * template token like {@code uid=<*>} matches {@code uid=7}). Joining generalises the template:
 * each differing token becomes {@code <*>}, or - when both tokens have the same punctuation
 * skeleton - only its differing words do ({@code user=alice} + {@code user=bob} gives
 * {@code user=<*>}). {@link #finish()} merges templates of equal length that differ only where one of
 * them has a variable.
 *
 * <p>{@link #add} returns a cluster id that stays valid for the life of the miner: templates change
 * text (and so id) while they generalise and clusters may be merged, so resolve ids with
 * {@link #templateText(int)} / {@link #templateId(int)} after mining. Memory is bounded by
 * {@link MinerConfig#maxTemplates()} (eviction of the least recently seen, lowest count among the
 * oldest few) and {@link MinerConfig#maxTokens()}. Not thread-safe.
 */
public final class TemplateMiner {

    private static final String VAR = Masker.VAR;
    private static final Level[] LEVELS = Level.values();
    private static final int EVICTION_CANDIDATES = 8;
    private static final long FINISH_COMPARISON_BUDGET = 50_000_000L;

    private final MinerConfig config;
    private final Map<String, List<Cluster>> buckets = new HashMap<>();
    private final LinkedHashMap<Integer, Cluster> live = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<Integer, Cluster> index = new HashMap<>();
    private final Map<Integer, Integer> forward = new HashMap<>();
    private int nextId;
    private long evicted;

    public TemplateMiner() {
        this(MinerConfig.defaults());
    }

    public TemplateMiner(MinerConfig config) {
        this.config = config;
    }

    public MinerConfig config() {
        return config;
    }

    private static final class Cluster {
        final int id;
        final String key;
        final String[] tok;
        final String[] sep;
        long count;
        Instant first;
        Instant last;
        final long[] levels = new long[LEVELS.length];
        final LinkedHashSet<String> sources = new LinkedHashSet<>();
        final List<String> samples = new ArrayList<>(2);
        String text;
        String hash;
        int constants;

        Cluster(int id, String key, String[] tok, String[] sep) {
            this.id = id;
            this.key = key;
            this.tok = tok;
            this.sep = sep;
            recount();
        }

        void recount() {
            int c = 0;
            for (String t : tok) {
                if (t != VAR) {
                    c++;
                }
            }
            constants = c;
        }

        int constants() {
            return constants;
        }

        String text() {
            if (text == null) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < tok.length; i++) {
                    if (i > 0) {
                        b.append(sep[i]);
                    }
                    b.append(tok[i]);
                }
                text = b.toString();
            }
            return text;
        }
    }

    // ---- mining ---------------------------------------------------------------------------------

    /** Adds a message without header information. */
    public int add(String message) {
        return add(message, Level.UNKNOWN, null, null);
    }

    /** Adds an entry; {@code fallbackTime} is used when the entry has no timestamp. */
    public int add(LogEntry entry, String source, Instant fallbackTime) {
        Instant t = entry.timestamp() != null ? entry.timestamp() : fallbackTime;
        return add(entry.message(), entry.level(), source != null ? source : entry.source(), t);
    }

    /**
     * Mines one message and returns its cluster id (resolve it with {@link #templateText(int)} after
     * mining: the template may still change).
     *
     * @param level  counted per template (null = UNKNOWN)
     * @param source remembered per template (capped), may be null
     * @param seen   entry time for first/last seen, may be null
     */
    public int add(String message, Level level, String source, Instant seen) {
        String[] sep = new String[8];
        String[] tok = new String[8];
        int n = split(message, tok, sep);
        if (n > tok.length) {
            // split() reports the real count when the arrays were too small
            int cap = Math.min(n, config.maxTokens());
            tok = new String[cap];
            sep = new String[cap];
            n = split(message, tok, sep);
        }
        if (n < tok.length) {
            tok = Arrays.copyOf(tok, n);
            sep = Arrays.copyOf(sep, n);
        }
        for (int i = 0; i < n; i++) {
            String m = Masker.maskToken(tok[i]);
            tok[i] = m.length() == 3 && VAR.equals(m) ? VAR : m; // one instance: compared by identity
        }
        maskDateWords(tok, n);
        String key = n == 0 ? "0" : n + "\u0001" + tok[0];
        List<Cluster> bucket = buckets.get(key);
        Cluster best = null;
        if (bucket != null) {
            double bestSim = -1;
            int bestConst = -1;
            for (Cluster c : bucket) {
                double sim = similarity(c.tok, tok);
                if (sim > bestSim || sim == bestSim && c.constants() > bestConst) {
                    bestSim = sim;
                    bestConst = c.constants();
                    best = c;
                }
            }
            if (bestSim < config.similarity()) {
                best = null;
            }
        } else {
            bucket = new ArrayList<>(2);
            buckets.put(key, bucket);
        }
        if (best == null) {
            best = new Cluster(nextId++, key, tok, sep);
            bucket.add(best);
            live.put(best.id, best);
            index.put(best.id, best);
        } else {
            generalise(best, tok);
            live.get(best.id); // LRU touch
        }
        record(best, message, level, source, seen);
        if (live.size() > config.maxTemplates()) {
            evictOne(best);
        }
        return best.id;
    }

    private static final java.util.Set<String> DATE_WORDS = java.util.Set.of(
            "mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
            "december");

    /** Weekday and month names next to a variable are part of a date: {@code Sat Jun 18 02:23:10 2005}. */
    private static void maskDateWords(String[] tok, int n) {
        for (int i = 0; i < n; i++) {
            String t = tok[i];
            if (t.length() >= 3 && t.length() <= 10 && Character.isLetter(t.charAt(0))
                    && DATE_WORDS.contains(t.toLowerCase(java.util.Locale.ROOT))) {
                boolean next = i + 1 < n && (tok[i + 1].startsWith(VAR) || i + 2 < n && tok[i + 2].startsWith(VAR)
                        && DATE_WORDS.contains(tok[i + 1].toLowerCase(java.util.Locale.ROOT)));
                boolean prev = i > 0 && VAR.equals(tok[i - 1]) && i + 1 < n && tok[i + 1].startsWith(VAR);
                if (next || prev) {
                    tok[i] = VAR;
                }
            }
        }
    }

    /** Splits on whitespace into tok/sep; caps at maxTokens (the rest becomes one token). Returns the count. */
    private int split(String m, String[] tok, String[] sep) {
        int n = 0;
        int len = m.length();
        int i = 0;
        int cap = config.maxTokens();
        while (i < len) {
            int s = i;
            while (i < len && Masker.isSpace(m.charAt(i))) {
                i++;
            }
            if (i >= len) {
                break;
            }
            String space = n == 0 ? "" : spaceOf(m, s, i);
            int ts = i;
            if (n == cap - 1) {
                i = len; // the remainder
            } else {
                while (i < len && !Masker.isSpace(m.charAt(i))) {
                    i++;
                }
            }
            if (n < tok.length) {
                tok[n] = n == cap - 1 && i - ts > 0 && hasSpace(m, ts, i) ? VAR : m.substring(ts, i);
                sep[n] = space;
            }
            n++;
        }
        return n;
    }

    private static boolean hasSpace(String m, int s, int e) {
        for (int i = s; i < e; i++) {
            if (Masker.isSpace(m.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String spaceOf(String m, int s, int e) {
        return e - s == 1 && m.charAt(s) == ' ' ? " " : m.substring(s, e);
    }

    /**
     * Equal tokens over the positions where the template or the message has a constant: a template
     * variable matches a masked message variable (position skipped) but not a constant word, so
     * templates that became mostly variables do not swallow unrelated messages.
     */
    private static double similarity(String[] tpl, String[] tok) {
        int counted = 0;
        int same = 0;
        for (int i = 0; i < tpl.length; i++) {
            String t = tpl[i];
            String o = tok[i];
            boolean tv = t == VAR;
            if (tv && o == VAR) {
                continue;
            }
            counted++;
            if (!tv && (t.equals(o) || t.indexOf('<') >= 0 && t.contains(VAR) && glob(t, o))) {
                same++;
            }
        }
        return counted == 0 ? 1.0 : (double) same / counted;
    }

    private static void generalise(Cluster c, String[] tok) {
        boolean changed = false;
        for (int i = 0; i < c.tok.length; i++) {
            String t = c.tok[i];
            String o = tok[i];
            if (t == VAR || t.equals(o)) {
                continue;
            }
            if (t.contains(VAR) && glob(t, o)) {
                continue;
            }
            String g = generaliseToken(t, o);
            c.tok[i] = VAR.equals(g) ? VAR : g;
            changed = true;
        }
        if (changed) {
            c.text = null;
            c.hash = null;
            c.recount();
        }
    }

    /** Two different tokens: their common punctuation skeleton with the differing words as variables, else {@code <*>}. */
    static String generaliseToken(String a, String b) {
        List<String> pa = pieces(a);
        List<String> pb = pieces(b);
        if (pa.size() == pb.size() && pa.size() > 1) {
            StringBuilder out = new StringBuilder();
            boolean keptWord = false;
            boolean aligned = true;
            for (int i = 0; i < pa.size() && aligned; i++) {
                String x = pa.get(i);
                String y = pb.get(i);
                boolean delimX = x.length() == 1 && Masker.isDelimiter(x.charAt(0));
                boolean delimY = y.length() == 1 && Masker.isDelimiter(y.charAt(0));
                if (delimX != delimY || delimX && !x.equals(y)) {
                    aligned = false;
                } else if (x.equals(y)) {
                    out.append(x);
                    keptWord |= !delimX && !VAR.equals(x);
                } else {
                    out.append(VAR);
                }
            }
            if (aligned) {
                return keptWord ? Masker.collapse(out) : VAR;
            }
        }
        // common leading and trailing pieces around one variable: (host.a.b) + (x) -> (<*>)
        int pre = 0;
        int max = Math.min(pa.size(), pb.size());
        while (pre < max && pa.get(pre).equals(pb.get(pre))) {
            pre++;
        }
        int suf = 0;
        while (suf < max - pre && pa.get(pa.size() - 1 - suf).equals(pb.get(pb.size() - 1 - suf))) {
            suf++;
        }
        if (pre + suf == 0) {
            return VAR;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pre; i++) {
            out.append(pa.get(i));
        }
        out.append(VAR);
        for (int i = pa.size() - suf; i < pa.size(); i++) {
            out.append(pa.get(i));
        }
        String r = Masker.collapse(out);
        for (int i = 0; i < r.length(); i++) {
            if (Character.isLetterOrDigit(r.charAt(i))) {
                return r;
            }
        }
        // only punctuation around the variable: keep brackets/quotes/trailing punctuation, e.g. (<*>)
        return r;
    }

    /** Splits a token into words, single delimiter chars and {@code <*>} markers. */
    private static List<String> pieces(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            if (s.startsWith(VAR, i)) {
                out.add(VAR);
                i += 3;
                continue;
            }
            char c = s.charAt(i);
            if (Masker.isDelimiter(c)) {
                out.add(String.valueOf(c));
                i++;
                continue;
            }
            int st = i;
            while (i < n && !Masker.isDelimiter(s.charAt(i)) && !s.startsWith(VAR, i)) {
                i++;
            }
            out.add(s.substring(st, i));
        }
        return out;
    }

    /** True when {@code s} matches {@code pattern} where each {@code <*>} stands for one or more chars. */
    static boolean glob(String pattern, String s) {
        return glob(pattern, 0, s, 0);
    }

    private static boolean glob(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            if (p.startsWith(VAR, pi)) {
                int next = pi + 3;
                if (next == p.length()) {
                    return si < s.length();
                }
                for (int k = si + 1; k <= s.length(); k++) {
                    if (glob(p, next, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || p.charAt(pi) != s.charAt(si)) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }

    private void record(Cluster c, String message, Level level, String source, Instant seen) {
        c.count++;
        c.levels[(level == null ? Level.UNKNOWN : level).ordinal()]++;
        if (seen != null) {
            if (c.first == null || seen.isBefore(c.first)) {
                c.first = seen;
            }
            if (c.last == null || seen.isAfter(c.last)) {
                c.last = seen;
            }
        }
        if (source != null && c.sources.size() < config.maxSources()) {
            c.sources.add(source);
        }
        if (c.samples.size() < config.maxSamples()) {
            c.samples.add(message.length() > config.maxSampleChars() ? message.substring(0, config.maxSampleChars())
                    : message);
        }
    }

    private void evictOne(Cluster keep) {
        Iterator<Cluster> it = live.values().iterator();
        Cluster victim = null;
        for (int k = 0; k < EVICTION_CANDIDATES && it.hasNext(); k++) {
            Cluster c = it.next();
            if (c != keep && (victim == null || c.count < victim.count)) {
                victim = c;
            }
        }
        if (victim != null) {
            remove(victim);
            evicted++;
        }
    }

    private void remove(Cluster c) {
        live.remove(c.id);
        index.remove(c.id);
        List<Cluster> b = buckets.get(c.key);
        if (b != null) {
            b.remove(c);
            if (b.isEmpty()) {
                buckets.remove(c.key);
            }
        }
    }

    // ---- post-pass ------------------------------------------------------------------------------

    /**
     * Merges templates of equal token count that differ only where one of them has a variable
     * (the merged template keeps the variables of both). Call after a batch of {@link #add} calls;
     * mining may continue afterwards.
     */
    public void finish() {
        Map<Integer, List<Cluster>> byLength = new HashMap<>();
        for (Cluster c : live.values()) {
            byLength.computeIfAbsent(c.tok.length, k -> new ArrayList<>()).add(c);
        }
        long budget = FINISH_COMPARISON_BUDGET;
        for (List<Cluster> group : byLength.values()) {
            if (group.size() < 2) {
                continue;
            }
            group.sort(Comparator.comparingInt(Cluster::constants).thenComparing(c -> -c.count));
            boolean[] gone = new boolean[group.size()];
            for (int i = 0; i < group.size() && budget > 0; i++) {
                if (gone[i]) {
                    continue;
                }
                Cluster a = group.get(i);
                for (int j = i + 1; j < group.size(); j++) {
                    if (gone[j]) {
                        continue;
                    }
                    Cluster b = group.get(j);
                    budget -= a.tok.length;
                    if (compatible(a.tok, b.tok) && sharedConstants(a.tok, b.tok) * 2 >= a.tok.length) {
                        absorb(a, b);
                        gone[j] = true;
                    }
                }
            }
        }
        // drop forwards to clusters that no longer exist
        forward.entrySet().removeIf(e -> resolve(e.getValue()) == null);
    }

    private static int sharedConstants(String[] a, String[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(b[i]) && !VAR.equals(a[i])) {
                n++;
            }
        }
        return n;
    }

    private static boolean compatible(String[] a, String[] b) {
        for (int i = 0; i < a.length; i++) {
            String x = a[i];
            String y = b[i];
            if (x.equals(y)) {
                continue;
            }
            boolean xv = x.contains(VAR);
            boolean yv = y.contains(VAR);
            if (!(xv && (VAR.equals(x) || glob(x, y)) || yv && (VAR.equals(y) || glob(y, x)))) {
                return false;
            }
        }
        return true;
    }

    private void absorb(Cluster a, Cluster b) {
        for (int i = 0; i < a.tok.length; i++) {
            if (!a.tok[i].equals(b.tok[i]) && !(a.tok[i].contains(VAR) && (VAR.equals(a.tok[i]) || glob(a.tok[i], b.tok[i])))) {
                a.tok[i] = b.tok[i];
                a.text = null;
                a.hash = null;
            }
        }
        a.recount();
        a.count += b.count;
        for (int k = 0; k < LEVELS.length; k++) {
            a.levels[k] += b.levels[k];
        }
        if (b.first != null && (a.first == null || b.first.isBefore(a.first))) {
            a.first = b.first;
        }
        if (b.last != null && (a.last == null || b.last.isAfter(a.last))) {
            a.last = b.last;
        }
        for (String s : b.sources) {
            if (a.sources.size() >= config.maxSources()) {
                break;
            }
            a.sources.add(s);
        }
        for (String s : b.samples) {
            if (a.samples.size() >= config.maxSamples()) {
                break;
            }
            a.samples.add(s);
        }
        remove(b);
        forward.put(b.id, a.id);
    }

    // ---- results --------------------------------------------------------------------------------

    private Cluster resolve(int id) {
        Integer cur = id;
        for (int hops = 0; hops < 64 && cur != null; hops++) {
            Cluster c = index.get(cur);
            if (c != null) {
                return c;
            }
            cur = forward.get(cur);
        }
        return null;
    }

    /** The current text of the template a cluster id ended up in, or null if it was evicted. */
    public String templateText(int clusterId) {
        Cluster c = resolve(clusterId);
        return c == null ? null : c.text();
    }

    /** SHA-256 hex id of {@link #templateText(int)}, or null if evicted. */
    public String templateId(int clusterId) {
        Cluster c = resolve(clusterId);
        if (c == null) {
            return null;
        }
        if (c.hash == null) {
            c.hash = hashOf(c.text());
        }
        return c.hash;
    }

    /** Number of templates currently held. */
    public int size() {
        return live.size();
    }

    /** Templates evicted so far because of the cap. */
    public long evictedCount() {
        return evicted;
    }

    /** Snapshot of all templates, most frequent first. */
    public List<MinedTemplate> templates() {
        List<MinedTemplate> out = new ArrayList<>(live.size());
        for (Cluster c : live.values()) {
            if (c.hash == null) {
                c.hash = hashOf(c.text());
            }
            EnumMap<Level, Long> byLevel = new EnumMap<>(Level.class);
            Level worst = Level.UNKNOWN;
            for (int k = 0; k < LEVELS.length; k++) {
                if (c.levels[k] > 0) {
                    byLevel.put(LEVELS[k], c.levels[k]);
                    if (LEVELS[k] != Level.UNKNOWN && (worst == Level.UNKNOWN || k > worst.ordinal())) {
                        worst = LEVELS[k];
                    }
                }
            }
            out.add(new MinedTemplate(c.hash, c.text(), c.count, c.first, c.last, byLevel, worst,
                    Collections.unmodifiableSet(new LinkedHashSet<>(c.sources)), List.copyOf(c.samples)));
        }
        out.sort(Comparator.comparingLong(MinedTemplate::count).reversed().thenComparing(MinedTemplate::text));
        return out;
    }

    /** SHA-256 of the UTF-8 bytes of a template text, lower-case hex (64 chars). */
    public static String hashOf(String templateText) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(templateText.getBytes(StandardCharsets.UTF_8));
            char[] hex = new char[64];
            for (int i = 0; i < 32; i++) {
                hex[2 * i] = Character.forDigit((d[i] >> 4) & 0xf, 16);
                hex[2 * i + 1] = Character.forDigit(d[i] & 0xf, 16);
            }
            return new String(hex);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
