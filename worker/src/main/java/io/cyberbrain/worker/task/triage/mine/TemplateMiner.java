package io.cyberbrain.worker.task.triage.mine;

import io.cyberbrain.worker.task.triage.parse.Level;
import io.cyberbrain.worker.task.triage.parse.LogEntry;

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
 * {@code user=<*>}). Two different constant words never join while mining ({@code closed} / {@code reset},
 * {@code GET} / {@code POST}); {@code key=value} values and bracketed fields do. A first token made only of
 * variables, and any new first word once a token count has {@value #MAX_LEADING_WORDS} of them, route to a
 * wildcard child, so a leading host, address list or name does not make one template per value.
 * {@link #finish()} makes a word position a variable where three or more templates differ only by the
 * word there and at least half of those words were seen once, or where there are very many of them (that
 * last rule also runs while mining), and then merges templates of equal length that differ only where one
 * of them has a variable.
 *
 * <p>{@link #add} returns a cluster id that stays valid for the life of the miner: templates change
 * text (and so id) while they generalise and clusters may be merged, so resolve ids with
 * {@link #templateText(int)} / {@link #templateId(int)} after mining. Memory is bounded by
 * {@link MinerConfig#maxTemplates()} (eviction of the least recently seen, lowest count among the
 * oldest few) and {@link MinerConfig#maxTokens()}. Not thread-safe.
 *
 * <p>Speed: a message is copied once into a reused char buffer and cut into token ranges; each token
 * is looked up by its chars in a fixed-size, direct-mapped cache of masked tokens (16,384 slots,
 * tokens up to 64 chars; a colliding token replaces the entry), so a repeated token costs a hash and
 * a compare instead of a {@link Masker} pass and a substring. Glob matches of template tokens against
 * message tokens are cached the same way. Templates are found by token count (array) and first token
 * (hash map); template text and SHA-256 are computed only when asked for. The caches change no
 * result: they are keyed by the exact chars / string instances.
 */
public final class TemplateMiner {

    private static final String VAR = Masker.VAR;
    private static final Level[] LEVELS = Level.values();
    private static final int EVICTION_CANDIDATES = 8;
    private static final long FINISH_COMPARISON_BUDGET = 50_000_000L;
    /** Distinct leading words per token count before further new ones route to the wildcard child. */
    private static final int MAX_LEADING_WORDS = 100;
    /** Values of one word position (templates otherwise equal) that make it a variable while mining. */
    private static final int ONLINE_SIBLING_VALUES = 16;
    /** Values of one word position that make it a variable in {@link #finish()}. */
    private static final int FINISH_SIBLING_VALUES = 3;

    /** Slots of the per-miner cache of masked tokens (direct-mapped, so its size is bounded). */
    private static final int TOKEN_CACHE_SLOTS = 1 << 14;
    /** Slots of the per-miner cache of glob results. */
    private static final int GLOB_CACHE_SLOTS = 1 << 12;
    /** Longer tokens are masked without the cache. */
    private static final int TOKEN_CACHE_MAX_CHARS = 64;

    private final MinerConfig config;
    /** Clusters by token count (index), then by first masked token. */
    private Map<String, List<Cluster>>[] buckets = newBuckets(16);
    /** Live clusters, least recently seen first (intrusive doubly-linked list). */
    private Cluster head;
    private Cluster tail;
    private int liveCount;
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

    // scratch state of add(): token and separator ranges of the current message, masked tokens
    private char[] chars = new char[256];
    private int[] tokHash = new int[16];
    private int[] tokStart = new int[16];
    private int[] tokEnd = new int[16];
    private int[] sepStart = new int[16];
    private String[] masked = new String[16];
    private boolean[] dateWord = new boolean[16];
    private int tokenCount;

    // token -> masked token cache (direct-mapped: a colliding token replaces the slot's entry)
    private final char[][] cacheKey = new char[TOKEN_CACHE_SLOTS][];
    private final String[] cacheValue = new String[TOKEN_CACHE_SLOTS];
    private final int[] cacheHash = new int[TOKEN_CACHE_SLOTS];
    private final boolean[] cacheDate = new boolean[TOKEN_CACHE_SLOTS];

    // (template token with <*>, message token) -> glob result, by instance (direct-mapped)
    private final String[] globPattern = new String[GLOB_CACHE_SLOTS];
    private final String[] globText = new String[GLOB_CACHE_SLOTS];
    private final boolean[] globResult = new boolean[GLOB_CACHE_SLOTS];

    @SuppressWarnings("unchecked")
    private static Map<String, List<Cluster>>[] newBuckets(int n) {
        return (Map<String, List<Cluster>>[]) new Map[n];
    }

    public MinerConfig config() {
        return config;
    }

    private static final class Cluster {
        final int id;
        final int keyCount;
        final String keyFirst;
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
        Cluster prev;
        Cluster next;

        Cluster(int id, int keyCount, String keyFirst, String[] tok, String[] sep) {
            this.id = id;
            this.keyCount = keyCount;
            this.keyFirst = keyFirst;
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
        Cluster best = place(message);
        record(best, message, level, source, seen);
        if (liveCount > config.maxTemplates()) {
            evictOne(best);
        }
        return best.id;
    }

    /**
     * Seeds a template remembered from earlier runs (its text, with {@code <*>} for variables), without
     * counting a line. A line of this run that fits it then gets exactly this template, so its identity holds
     * across runs even when this run alone would not have generalised it as far. Seeds no line matched are
     * left out of {@link #templates()}.
     */
    public void seed(String templateText) {
        Cluster c = place(templateText);
        if (liveCount > config.maxTemplates()) {
            evictOne(c);
        }
    }

    /** Finds the cluster a message belongs to, or starts one; the tree part of {@link #add}. */
    private Cluster place(String message) {
        int n = tokenize(message);
        String[] tok = masked;
        int cap = config.maxTokens();
        for (int i = 0; i < n; i++) {
            int s = tokStart[i];
            int e = tokEnd[i];
            if (i == cap - 1 && hasSpace(message, s, e)) {
                tok[i] = VAR; // the remainder of a message longer than maxTokens
                dateWord[i] = false;
            } else {
                maskToken(message, s, e, i);
            }
        }
        maskDateWords(tok, dateWord, n);
        mergeComparatorDurations(message, n);
        n = tokenCount;
        String first = n == 0 ? "" : tok[0];
        if (n >= buckets.length) {
            buckets = Arrays.copyOf(buckets, Math.max(n + 1, buckets.length * 2));
        }
        Map<String, List<Cluster>> byFirst = buckets[n];
        if (byFirst == null) {
            byFirst = new HashMap<>();
            buckets[n] = byFirst;
        }
        // a leading variable routes to the wildcard child, so that it does not make a template per value; so
        // does any new leading word once this length has too many (Drain's max-children rule)
        boolean wildFirst = false;
        if (n > 0 && first != VAR && isVariableOnly(first)) {
            first = VAR;
        }
        List<Cluster> bucket = byFirst.get(first);
        if (bucket == null && first != VAR && byFirst.size() >= MAX_LEADING_WORDS) {
            first = VAR;
            wildFirst = true;
            bucket = byFirst.get(first);
        }
        Cluster best = null;
        if (bucket != null) {
            double threshold = config.similarity();
            double bestSim = -1;
            int bestConst = -1;
            for (int k = 0, size = bucket.size(); k < size; k++) {
                Cluster c = bucket.get(k);
                double sim = similarity(c.tok, tok, threshold);
                if (sim > bestSim || sim == bestSim && c.constants() > bestConst) {
                    bestSim = sim;
                    bestConst = c.constants();
                    best = c;
                }
            }
            if (bestSim < threshold) {
                best = null;
            }
        } else {
            bucket = new ArrayList<>(2);
            byFirst.put(first, bucket);
        }
        if (best == null) {
            String[] sep = new String[n];
            for (int i = 0; i < n; i++) {
                sep[i] = i == 0 ? "" : spaceOf(message, sepStart[i], tokStart[i]);
            }
            String[] t = Arrays.copyOf(tok, n);
            if (wildFirst) {
                t[0] = VAR;
            }
            best = new Cluster(nextId++, n, first, t, sep);
            bucket.add(best);
            linkLast(best);
            index.put(best.id, best);
            mergeManyValuedSiblings(best, bucket, ONLINE_SIBLING_VALUES);
        } else {
            generalise(best, tok);
            touch(best);
        }
        return best;
    }

    /**
     * Copies the message into {@link #chars} and records its whitespace-separated token ranges and
     * their hashes (capped at maxTokens, the rest is one token).
     */
    private int tokenize(String m) {
        int len = m.length();
        if (chars.length < len) {
            chars = new char[Math.max(len, chars.length * 2)];
        }
        char[] b = chars;
        m.getChars(0, len, b, 0);
        int n = 0;
        int i = 0;
        int cap = config.maxTokens();
        while (i < len) {
            int s = i;
            while (i < len && isSpace(b[i])) {
                i++;
            }
            if (i >= len) {
                break;
            }
            int ts = i;
            int h = 0;
            if (n == cap - 1) {
                for (; i < len; i++) { // the remainder
                    h = 31 * h + b[i];
                }
            } else {
                char c;
                while (i < len && !isSpace(c = b[i])) {
                    h = 31 * h + c;
                    i++;
                }
            }
            if (n == tokStart.length) {
                int size = n * 2;
                tokHash = Arrays.copyOf(tokHash, size);
                tokStart = Arrays.copyOf(tokStart, size);
                tokEnd = Arrays.copyOf(tokEnd, size);
                sepStart = Arrays.copyOf(sepStart, size);
                masked = Arrays.copyOf(masked, size);
                dateWord = Arrays.copyOf(dateWord, size);
            }
            tokHash[n] = h;
            sepStart[n] = s;
            tokStart[n] = ts;
            tokEnd[n] = i;
            n++;
        }
        return n;
    }

    private static boolean isSpace(char c) {
        return c <= ' ' && Masker.isSpace(c);
    }

    /** Masks token i (chars[s, e)) into masked[i] / dateWord[i], through the token cache. */
    private void maskToken(String m, int s, int e, int i) {
        int len = e - s;
        if (len > TOKEN_CACHE_MAX_CHARS) {
            String v = canonical(Masker.maskToken(m.substring(s, e)));
            masked[i] = v;
            dateWord[i] = isDateWord(v);
            return;
        }
        char[] b = chars;
        int h = tokHash[i];
        int slot = (h ^ (h >>> 14)) & (TOKEN_CACHE_SLOTS - 1);
        char[] key = cacheKey[slot];
        if (key != null && cacheHash[slot] == h && key.length == len && sameChars(key, b, s)) {
            masked[i] = cacheValue[slot];
            dateWord[i] = cacheDate[slot];
            return;
        }
        String v = canonical(Masker.maskToken(m.substring(s, e)));
        boolean date = isDateWord(v);
        cacheKey[slot] = Arrays.copyOfRange(b, s, e);
        cacheValue[slot] = v;
        cacheHash[slot] = h;
        cacheDate[slot] = date;
        masked[i] = v;
        dateWord[i] = date;
    }

    private static boolean sameChars(char[] key, char[] b, int s) {
        for (int k = 0; k < key.length; k++) {
            if (key[k] != b[s + k]) {
                return false;
            }
        }
        return true;
    }

    /** One instance of the variable marker: template tokens are compared with it by identity. */
    private static String canonical(String m) {
        return m.length() == 3 && VAR.equals(m) ? VAR : m;
    }

    private static boolean isDateWord(String t) {
        // every name is 3-9 letters; lower-casing never shortens a string
        int len = t.length();
        return len >= 3 && len <= 9 && Character.isLetter(t.charAt(0))
                && DATE_WORDS.contains(t.toLowerCase(java.util.Locale.ROOT));
    }

    private void linkLast(Cluster c) {
        c.prev = tail;
        c.next = null;
        if (tail == null) {
            head = c;
        } else {
            tail.next = c;
        }
        tail = c;
        liveCount++;
    }

    private void unlink(Cluster c) {
        if (c.prev == null) {
            head = c.next;
        } else {
            c.prev.next = c.next;
        }
        if (c.next == null) {
            tail = c.prev;
        } else {
            c.next.prev = c.prev;
        }
        c.prev = null;
        c.next = null;
        liveCount--;
    }

    /** Marks a cluster as most recently seen. */
    private void touch(Cluster c) {
        if (c != tail) {
            unlink(c);
            linkLast(c);
        }
    }

    /** Live clusters, least recently seen first. */
    private List<Cluster> liveClusters() {
        List<Cluster> out = new ArrayList<>(liveCount);
        for (Cluster c = head; c != null; c = c.next) {
            out.add(c);
        }
        return out;
    }

    private static final java.util.Set<String> DATE_WORDS = java.util.Set.of(
            "mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
            "december");

    /**
     * Weekday and month names next to a variable are part of a date: {@code Sat Jun 18 02:23:10 2005}.
     * {@code date[i]} tells whether {@code tok[i]} as masked (before this pass) is such a name.
     */
    private static void maskDateWords(String[] tok, boolean[] date, int n) {
        for (int i = 0; i < n; i++) {
            String t = tok[i];
            if (date[i] && t.length() >= 3 && t.length() <= 10 && Character.isLetter(t.charAt(0))) {
                boolean next = i + 1 < n && (tok[i + 1].startsWith(VAR) || i + 2 < n && tok[i + 2].startsWith(VAR)
                        && date[i + 1]);
                boolean prev = i > 0 && VAR.equals(tok[i - 1]) && i + 1 < n && tok[i + 1].startsWith(VAR);
                if (next || prev) {
                    tok[i] = VAR;
                }
            }
        }
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
    private double similarity(String[] tpl, String[] tok, double threshold) {
        int n = tpl.length;
        int counted = 0;
        int same = 0;
        boolean fits = true;
        for (int i = 0; i < n; i++) {
            String t = tpl[i];
            String o = tok[i];
            boolean tv = t == VAR;
            if (tv && o == VAR) {
                continue;
            }
            counted++;
            if (!tv && (t.equals(o) || t.indexOf('<') >= 0 && t.contains(VAR)
                    && (cachedGlob(t, o) || isVariableOnly(t) && isVariableOnly(o)))) {
                same++;
            } else if (!tv) {
                fits = false;
                if (isConstantWord(t) && isConstantWord(o)) {
                    return -1; // a different constant word: another template (a many-valued word is merged later)
                }
                // the best still reachable (every remaining position counted and equal) is below the threshold:
                // such a template can never be chosen, so its exact similarity does not matter
                int rest = n - 1 - i;
                if ((double) (same + rest) / (counted + rest) < threshold) {
                    return (double) same / counted;
                }
            }
        }
        // A message that fits the template (every constant equal, only its variables differ) is an instance of
        // it, however many variables it has: otherwise a short template made general by a merge ("Worker <*>
        // started") would be passed over and the next value would start a duplicate of it. A template of
        // variables alone fits anything of its length, so it needs an equal word too.
        return counted == 0 || fits && same > 0 ? 1.0 : (double) same / counted;
    }

    /** {@link #glob} through a small cache: templates and cached masked tokens are long-lived instances. */
    private boolean cachedGlob(String pattern, String s) {
        int slot = (pattern.hashCode() * 31 + s.hashCode()) & (GLOB_CACHE_SLOTS - 1);
        if (globPattern[slot] == pattern && globText[slot] == s) {
            return globResult[slot];
        }
        boolean r = glob(pattern, s);
        globPattern[slot] = pattern;
        globText[slot] = s;
        globResult[slot] = r;
        return r;
    }

    /**
     * A bound like {@code <1 sec}, {@code >100 ms} or {@code <5%} is one duration/size variable: the
     * comparator and number become {@code <*>} and a unit token right after it joins that variable, so
     * {@code lifetime <1 sec} and {@code lifetime 00:01} have the same shape. Sets {@link #tokenCount}.
     */
    private void mergeComparatorDurations(String message, int n) {
        String[] tok = masked;
        int out = 0;
        for (int i = 0; i < n; i++, out++) {
            String t = tok[i];
            if (out != i) {
                tok[out] = t;
                dateWord[out] = dateWord[i];
                tokHash[out] = tokHash[i];
                tokStart[out] = tokStart[i];
                tokEnd[out] = tokEnd[i];
                sepStart[out] = sepStart[i];
            }
            if (t.length() == 4 && (t.charAt(0) == '<' || t.charAt(0) == '>' || t.charAt(0) == '~')
                    && t.endsWith(VAR) && Masker.isDigit(message.charAt(tokStart[i] + 1))) {
                tok[out] = VAR;
                if (i + 1 < n && Masker.isUnit(tok[i + 1])) {
                    tokEnd[out] = tokEnd[i + 1];
                    i++;
                }
            }
        }
        tokenCount = out;
    }

    /** A token made only of variables and the punctuation between them: {@code <*>,<*>}, {@code <*>:<*>}. */
    static boolean isVariableOnly(String t) {
        if (t.length() < 3 || !t.contains(VAR)) {
            return false;
        }
        for (int i = 0, n = t.length(); i < n; i++) {
            if (t.startsWith(VAR, i)) {
                i += 2;
                continue;
            }
            char c = t.charAt(i);
            if (!(c == ',' || c == ':' || c == ';' || c == '/' || c == '-' || c == '.' || c == '_' || c == '|')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A token with a letter and no variable: a word of the message text. A {@code key=value} token is
     * not one - its value is a variable where it varies ({@code name=android}, {@code name=audioserver}
     * give {@code name=<*>}), the key stays; nor is a bracketed field ({@code [main]}).
     */
    static boolean isConstantWord(String t) {
        int n0 = t.length();
        if (n0 >= 3 && closes(t.charAt(0), t.charAt(n0 - 1))) {
            return false; // a bracketed field: [main], (worker-a), {state}
        }
        boolean letter = false;
        for (int i = 0, n = t.length(); i < n; i++) {
            char c = t.charAt(i);
            if (c == '<' && t.startsWith(VAR, i) || c == '=' && i > 0 && i + 1 < n) {
                return false;
            }
            letter |= Character.isLetter(c);
        }
        return letter;
    }

    private static boolean closes(char open, char close) {
        return open == '[' && close == ']' || open == '(' && close == ')' || open == '{' && close == '}'
                || open == '<' && close == '>';
    }

    /**
     * Position where two equal-length token arrays differ, when they differ at exactly one position and
     * there both have a constant word; else -1.
     */
    private static int oneWordApart(String[] a, String[] b) {
        int at = -1;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i] || a[i].equals(b[i])) {
                continue;
            }
            if (at >= 0 || !isConstantWord(a[i]) || !isConstantWord(b[i])) {
                return -1;
            }
            at = i;
        }
        return at;
    }

    /**
     * A position whose constant words take many values is a variable (user names, host names without
     * digits, enum values of a long list): when {@code fresh} and at least {@code minValues - 1} templates of
     * its bucket differ from it only by the word at one position, they become one template with a
     * variable there.
     */
    private void mergeManyValuedSiblings(Cluster fresh, List<Cluster> bucket, int minValues) {
        int size = bucket.size();
        if (size < minValues) {
            return;
        }
        int n = fresh.tok.length;
        int[] apart = new int[size];
        int[] perPosition = new int[n];
        int top = -1;
        for (int k = 0; k < size; k++) {
            Cluster c = bucket.get(k);
            apart[k] = c == fresh ? -1 : oneWordApart(c.tok, fresh.tok);
            if (apart[k] >= 0 && ++perPosition[apart[k]] + 1 >= minValues) {
                top = apart[k];
            }
        }
        if (top < 0 || !keepsAWord(fresh.tok, top)) {
            return;
        }
        fresh.tok[top] = VAR;
        fresh.text = null;
        fresh.hash = null;
        fresh.recount();
        List<Cluster> siblings = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            if (apart[k] == top) {
                siblings.add(bucket.get(k));
            }
        }
        for (Cluster c : siblings) {
            absorb(fresh, c);
        }
    }

    private void generalise(Cluster c, String[] tok) {
        boolean changed = false;
        for (int i = 0; i < c.tok.length; i++) {
            String t = c.tok[i];
            String o = tok[i];
            if (t == VAR || t.equals(o)) {
                continue;
            }
            if (t.contains(VAR) && cachedGlob(t, o)) {
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
    static boolean glob(String p, String s) {
        // each <*> is "one char, then any run": greedy matching that, on a mismatch, retries from the
        // last <*> with its run one char longer (enough, because a later <*> can absorb anything an
        // earlier one could)
        int pl = p.length();
        int sl = s.length();
        int pi = 0;
        int si = 0;
        int starP = -1;
        int starS = 0;
        while (true) {
            if (pi + 2 < pl && p.charAt(pi) == '<' && p.charAt(pi + 1) == '*' && p.charAt(pi + 2) == '>') {
                if (si >= sl) {
                    return false; // no char left for this variable; a longer earlier run only makes it worse
                }
                si++;
                pi += 3;
                starP = pi;
                starS = si;
                continue;
            }
            if (pi < pl && si < sl && p.charAt(pi) == s.charAt(si)) {
                pi++;
                si++;
                continue;
            }
            if (pi == pl && si == sl) {
                return true;
            }
            if (starP < 0 || starS >= sl) {
                return false;
            }
            starS++;
            pi = starP;
            si = starS;
        }
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
        Cluster victim = null;
        Cluster c = head;
        for (int k = 0; k < EVICTION_CANDIDATES && c != null; k++, c = c.next) {
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
        unlink(c);
        index.remove(c.id);
        Map<String, List<Cluster>> byFirst = buckets[c.keyCount];
        List<Cluster> b = byFirst.get(c.keyFirst);
        if (b != null) {
            b.remove(c);
            if (b.isEmpty()) {
                byFirst.remove(c.keyFirst);
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
        for (Cluster c : liveClusters()) {
            byLength.computeIfAbsent(c.tok.length, k -> new ArrayList<>()).add(c);
        }
        for (List<Cluster> group : byLength.values()) {
            if (group.size() >= 2) {
                mergeManyValuedPositions(group);
            }
        }
        byLength.clear();
        for (Cluster c : liveClusters()) {
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

    /**
     * Templates of one length that differ only by the constant word at one position: when that word takes
     * many values, it is a variable and they become one template.
     */
    private void mergeManyValuedPositions(List<Cluster> group) {
        int n = group.get(0).tok.length;
        int g = group.size();
        // hash of the tokens before / after each position, so that "all tokens but p" is one long per cluster
        long[][] pre = new long[g][n + 1];
        long[][] suf = new long[g][n + 1];
        Map<Cluster, Integer> at = new java.util.IdentityHashMap<>();
        for (int k = 0; k < g; k++) {
            at.put(group.get(k), k);
            restHashes(group.get(k).tok, pre[k], suf[k]);
        }
        for (int p = 0; p < n; p++) {
            Map<Long, List<List<Cluster>>> byRest = new HashMap<>();
            for (int k = 0; k < g; k++) {
                Cluster c = group.get(k);
                if (!index.containsKey(c.id) || !isConstantWord(c.tok[p])) {
                    continue;
                }
                long key = pre[k][p] * 31 + suf[k][p + 1];
                List<List<Cluster>> lists = byRest.computeIfAbsent(key, x -> new ArrayList<>(1));
                List<Cluster> home = null;
                for (List<Cluster> l : lists) {
                    if (equalBut(l.get(0).tok, c.tok, p)) {
                        home = l;
                        break;
                    }
                }
                if (home == null) {
                    home = new ArrayList<>(2);
                    lists.add(home);
                }
                home.add(c);
            }
            for (List<List<Cluster>> lists : byRest.values()) {
                for (List<Cluster> siblings : lists) {
                    if (siblings.size() < 2 || !manyValued(siblings, p)) {
                        continue;
                    }
                    Cluster a = siblings.get(0);
                    a.tok[p] = VAR;
                    a.text = null;
                    a.hash = null;
                    a.recount();
                    for (int k = 1; k < siblings.size(); k++) {
                        absorb(a, siblings.get(k));
                    }
                    int k = at.get(a);
                    restHashes(a.tok, pre[k], suf[k]);
                }
            }
        }
    }

    private static void restHashes(String[] t, long[] pre, long[] suf) {
        int n = t.length;
        for (int i = 0; i < n; i++) {
            pre[i + 1] = pre[i] * 1_000_003L + t[i].hashCode();
            suf[n - 1 - i] = suf[n - i] * 998_244_353L + t[n - 1 - i].hashCode();
        }
    }

    private static boolean equalBut(String[] a, String[] b, int p) {
        for (int i = 0; i < a.length; i++) {
            if (i != p && !a[i].equals(b[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a template keeps a constant word besides position {@code p}: the words of a message that has
     * no other one ({@code clear()}, {@code onStepChanged <*>}) name the event and are never merged.
     */
    private static boolean keepsAWord(String[] tok, int p) {
        for (int i = 0; i < tok.length; i++) {
            if (i != p && isConstantWord(tok[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the words told apart by these templates are values of a variable rather than different events:
     * two words are two events; three or more where at least half were seen once are values (a user name, a
     * daemon); a word repeated often is an event of its own (GET/POST, Started/Stopped), unless there are
     * very many of them.
     */
    private static boolean manyValued(List<Cluster> siblings, int p) {
        if (!keepsAWord(siblings.get(0).tok, p)) {
            return false;
        }
        int k = siblings.size();
        if (k >= ONLINE_SIBLING_VALUES) {
            return true;
        }
        if (k < FINISH_SIBLING_VALUES) {
            return false;
        }
        int rare = 0;
        for (Cluster c : siblings) {
            if (c.count == 1) {
                rare++;
            }
        }
        return rare * 2 >= k;
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
        return liveCount;
    }

    /** Templates evicted so far because of the cap. */
    public long evictedCount() {
        return evicted;
    }

    /** Snapshot of all templates, most frequent first. */
    public List<MinedTemplate> templates() {
        List<MinedTemplate> out = new ArrayList<>(liveCount);
        for (Cluster c = head; c != null; c = c.next) {
            if (c.count == 0) {
                continue; // a seed no line of this run matched
            }
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
