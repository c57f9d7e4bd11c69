package io.cyberbrain.redaction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Per-call state: the text, cached matchers, a lower-case copy, and the candidate spans. */
final class Scan {
    final String text;
    final int n;
    private String lower;
    private final Map<Pattern, Matcher> matchers = new IdentityHashMap<>();
    private final List<RedactionSpan> candidates = new ArrayList<>();

    Scan(String text) {
        this.text = text;
        this.n = text.length();
    }

    /** A reusable matcher whose look-arounds see outside the region it is bounded to. */
    Matcher matcher(Pattern p) {
        return matchers.computeIfAbsent(p,
                k -> k.matcher(text).useTransparentBounds(true).useAnchoringBounds(false));
    }

    /** ASCII lower-case copy with the same offsets as the text. */
    String lower() {
        if (lower == null) {
            char[] c = new char[n];
            for (int i = 0; i < n; i++) {
                char ch = text.charAt(i);
                c[i] = ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch;
            }
            lower = new String(c);
        }
        return lower;
    }

    void add(int start, int end, EntityClass cls) {
        if (start >= 0 && end > start && end <= n) {
            candidates.add(new RedactionSpan(start, end, cls));
        }
    }

    /** Highest-priority class first, then longest, then leftmost; drop anything overlapping. */
    List<RedactionSpan> resolve() {
        if (candidates.isEmpty()) {
            return List.of();
        }
        candidates.sort(Comparator.comparingInt((RedactionSpan sp) -> sp.entityClass().ordinal())
                .thenComparing(Comparator.comparingInt(RedactionSpan::length).reversed())
                .thenComparingInt(RedactionSpan::start));
        TreeMap<Integer, Integer> accepted = new TreeMap<>();
        List<RedactionSpan> out = new ArrayList<>();
        for (RedactionSpan sp : candidates) {
            Map.Entry<Integer, Integer> left = accepted.floorEntry(sp.end() - 1);
            if (left != null && left.getValue() > sp.start()) {
                continue;
            }
            accepted.put(sp.start(), sp.end());
            out.add(sp);
        }
        Collections.sort(out);
        return Collections.unmodifiableList(out);
    }
}
