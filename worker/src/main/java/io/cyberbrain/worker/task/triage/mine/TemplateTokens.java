package io.cyberbrain.worker.task.triage.mine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The miner's rules for single tokens and token arrays, apart from any cluster: what is a variable, a constant
 * word or a date word, how two tokens generalise ({@code user=alice} + {@code user=bob} = {@code user=<*>}),
 * whether a template token matches a message token ({@link #glob}), and how equal-length templates compare.
 * Pure functions; {@link TemplateMiner} keeps the clusters and the caches.
 */
final class TemplateTokens {

    static final String VAR = Masker.VAR;

    private TemplateTokens() {
    }

    static boolean isSpace(char c) {
        return c <= ' ' && Masker.isSpace(c);
    }

    /** One instance of the variable marker: template tokens are compared with it by identity. */
    static String canonical(String m) {
        return m.length() == 3 && VAR.equals(m) ? VAR : m;
    }

    static boolean isDateWord(String t) {
        // every name is 3-9 letters; lower-casing never shortens a string
        int len = t.length();
        return len >= 3 && len <= 9 && Character.isLetter(t.charAt(0))
                && DATE_WORDS.contains(t.toLowerCase(Locale.ROOT));
    }

    static final Set<String> DATE_WORDS = Set.of(
            "mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
            "december");

    /**
     * Weekday and month names next to a variable are part of a date: {@code Sat Jun 18 02:23:10 2005}.
     * {@code date[i]} tells whether {@code tok[i]} as masked (before this pass) is such a name.
     */
    static void maskDateWords(String[] tok, boolean[] date, int n) {
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

    static boolean hasSpace(String m, int s, int e) {
        for (int i = s; i < e; i++) {
            if (Masker.isSpace(m.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    static String spaceOf(String m, int s, int e) {
        return e - s == 1 && m.charAt(s) == ' ' ? " " : m.substring(s, e);
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

    static boolean closes(char open, char close) {
        return open == '[' && close == ']' || open == '(' && close == ')' || open == '{' && close == '}'
                || open == '<' && close == '>';
    }

    /**
     * Position where two equal-length token arrays differ, when they differ at exactly one position and
     * there both have a constant word; else -1.
     */
    static int oneWordApart(String[] a, String[] b) {
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
    static List<String> pieces(String s) {
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

    static void restHashes(String[] t, long[] pre, long[] suf) {
        int n = t.length;
        for (int i = 0; i < n; i++) {
            pre[i + 1] = pre[i] * 1_000_003L + t[i].hashCode();
            suf[n - 1 - i] = suf[n - i] * 998_244_353L + t[n - 1 - i].hashCode();
        }
    }

    static boolean equalBut(String[] a, String[] b, int p) {
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
    static boolean keepsAWord(String[] tok, int p) {
        for (int i = 0; i < tok.length; i++) {
            if (i != p && isConstantWord(tok[i])) {
                return true;
            }
        }
        return false;
    }

    static int sharedConstants(String[] a, String[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(b[i]) && !VAR.equals(a[i])) {
                n++;
            }
        }
        return n;
    }

    static boolean compatible(String[] a, String[] b) {
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
}
