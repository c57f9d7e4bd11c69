package io.cyberbrain.redaction;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A secret found once is a secret where it appears again on the same line: code and logs repeat a value without
 * its key ({@code token = 'X' | 'X'}, {@code if (pw != "X") log("bad X")}, a config echoed back in an error).
 * Only the same line: in a document, a value that is a secret beside its key may be a mere example elsewhere (a
 * password policy page that lists it, a test file's negative cases), and a line is what a log record is.
 */
final class Repeats {

    private Repeats() {
    }

    /** Shorter values, and plain words, recur by chance; these are only masked where a detector saw them. */
    private static final int MIN_LENGTH = 8;
    /** How far along the line a repeat is looked for, and for how many values: the cost stays linear in the text. */
    private static final int REACH = 4096;
    private static final int MAX_VALUES = 256;

    /** Adds the other occurrences of each secret span's value; returns whether any was added. */
    static boolean repeatedSecrets(Scan s, List<RedactionSpan> found) {
        Set<String> seen = new HashSet<>();
        boolean added = false;
        for (RedactionSpan sp : found) {
            if (!sp.entityClass().isSecret() || sp.length() < MIN_LENGTH) {
                continue;
            }
            String value = s.text.substring(sp.start(), sp.end());
            if (seen.size() >= MAX_VALUES || !seen.add(value) || value.indexOf('\n') >= 0 || !distinctive(value)) {
                continue;
            }
            int lineStart = sp.start();
            while (lineStart > 0 && sp.start() - lineStart < REACH && s.text.charAt(lineStart - 1) != '\n') {
                lineStart--;
            }
            int lineEnd = sp.end();
            while (lineEnd < s.n && lineEnd - sp.end() < REACH && s.text.charAt(lineEnd) != '\n') {
                lineEnd++;
            }
            String line = s.text.substring(lineStart, lineEnd);
            for (int j = line.indexOf(value); j >= 0; j = line.indexOf(value, j + 1)) {
                int i = lineStart + j;
                if (i != sp.start() && standsAlone(s.text, i, i + value.length()) && !hasOwnKey(s.text, i)) {
                    s.add(i, i + value.length(), sp.entityClass());
                    added = true;
                }
            }
        }
        return added;
    }

    /*
     * A word ("monitoring", "Monitoring", "MONITORING" under a password key) would mask the same word in prose; a value
     * with a digit or sign, or with its case mixed inside ("wjXKCFzOWEPRq"), is not a word.
     */
    private static boolean distinctive(String v) {
        boolean innerUpper = false;
        boolean lower = false;
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (!Character.isLetter(ch)) {
                return true;
            }
            innerUpper |= i > 0 && Character.isUpperCase(ch);
            lower |= Character.isLowerCase(ch);
        }
        return innerUpper && lower;
    }

    /*
     * An occurrence that is itself the value of a key ("ANY_id=X" beside "ANY_token=X") is that key's business: the
     * keyword detectors already judged it by its own key (an id is not a secret).
     */
    private static boolean hasOwnKey(String t, int i) {
        int p = i - 1;
        while (p >= 0 && (t.charAt(p) == '"' || t.charAt(p) == '\'' || t.charAt(p) == ' ' || t.charAt(p) == '\t')) {
            p--;
        }
        if (p < 1 || (t.charAt(p) != '=' && t.charAt(p) != ':')) {
            return false;
        }
        p--;
        while (p >= 0 && (t.charAt(p) == '"' || t.charAt(p) == '\'' || t.charAt(p) == ' ' || t.charAt(p) == '\t')) {
            p--;
        }
        return p >= 0 && (Chars.isAsciiAlnum(t.charAt(p)) || t.charAt(p) == '_');
    }

    /* Not part of a longer token: "abc123" inside "xabc1234" is another value. */
    private static boolean standsAlone(String t, int s, int e) {
        return (s == 0 || !isTokenChar(t.charAt(s - 1))) && (e == t.length() || !isTokenChar(t.charAt(e)));
    }

    private static boolean isTokenChar(char ch) {
        return Chars.isAsciiAlnum(ch) || ch == '_' || ch == '-' || ch == '+' || ch == '/';
    }
}
