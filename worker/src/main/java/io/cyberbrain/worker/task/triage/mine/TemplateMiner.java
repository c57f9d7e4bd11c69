package io.cyberbrain.worker.task.triage.mine;

import static io.cyberbrain.worker.task.triage.mine.TemplateTokens.compatible;
import static io.cyberbrain.worker.task.triage.mine.TemplateTokens.equalBut;
import static io.cyberbrain.worker.task.triage.mine.TemplateTokens.generaliseToken;
import static io.cyberbrain.worker.task.triage.mine.TemplateTokens.glob;
import static io.cyberbrain.worker.task.triage.mine.TemplateTokens.hasSpace;
import static io.cyberbrain.worker.task.triage.mine.TemplateTokens.isConstantWord;
import static io.cyberbrain.worker.task.triage.mine.TemplateTokens.isSpace;
import static io.cyberbrain.worker.task.triage.mine.TemplateTokens.isVariableOnly;
import static io.cyberbrain.worker.task.triage.mine.TemplateTokens.keepsAWord;
import static io.cyberbrain.worker.task.triage.mine.TemplateTokens.maskDateWords;
import static io.cyberbrain.worker.task.triage.mine.TemplateTokens.oneWordApart;
import static io.cyberbrain.worker.task.triage.mine.TemplateTokens.restHashes;
import static io.cyberbrain.worker.task.triage.mine.TemplateTokens.sharedConstants;
import static io.cyberbrain.worker.task.triage.mine.TemplateTokens.spaceOf;

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
 * message tokens are cached the same way ({@link MaskCaches}). Templates are found by token count (array) and first token
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

    private final MaskCaches caches = new MaskCaches();

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

    /** Masks token i (chars[s, e)) into masked[i] / dateWord[i], through the token cache. */
    private void maskToken(String m, int s, int e, int i) {
        masked[i] = caches.mask(m, chars, s, e, tokHash[i]);
        dateWord[i] = caches.lastWasDateWord();
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
                    && (caches.glob(t, o) || isVariableOnly(t) && isVariableOnly(o)))) {
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
            if (t.contains(VAR) && caches.glob(t, o)) {
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
