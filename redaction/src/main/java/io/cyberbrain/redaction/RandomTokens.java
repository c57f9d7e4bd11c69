package io.cyberbrain.redaction;

import static io.cyberbrain.redaction.Chars.TE;
import static io.cyberbrain.redaction.Chars.TS;
import static io.cyberbrain.redaction.Chars.isBase64Char;
import static io.cyberbrain.redaction.TokenRuns.averageLowerRun;
import static io.cyberbrain.redaction.TokenRuns.embeddedInBase64;
import static io.cyberbrain.redaction.TokenRuns.isPlaceholderToken;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokens recognised by randomness alone, without a known prefix or a keyword: most vendors' keys are 32 or more
 * characters of base62 (or base64url), and new vendors appear faster than prefix lists grow ("EZAK" + 54,
 * "8-" + 64, a 40-character mixed-case key pasted into a JSON array).
 *
 * <p>Random base62 has upper case, lower case and digits mixed in short runs; what else in logs and code is that
 * long is not: words and identifiers (CamelCase, CONSTANT_CASE, kebab-case) have long letter runs, hashes and
 * UUIDs are one-case hex, numbers are digits. Standard base64 (with '+' and '/') is left to the key and keyword
 * detectors, because encoded data (certificates, images, payloads) looks the same; a token-shaped run that is
 * only a line of a base64 block, sits inside a longer base64 blob, follows a '%' (URL-encoded base64) or starts
 * with "eyJ" (base64 of JSON) or "AAAA" (base64 of binary data, e.g. an SSH public key), is skipped for the same
 * reason.
 */
final class RandomTokens {

    private RandomTokens() {
    }

    /** Shortest bare token taken on randomness alone. */
    static final int MIN_LENGTH = 32;

    private static final Pattern CANDIDATE =
            Pattern.compile(TS + "(?<![+/%])[A-Za-z0-9_\\-]{" + MIN_LENGTH + ",256}+={0,2}" + TE + "(?![+/=])");

    /*
     * Lower-case tokens (base36: "354u1g321kcqc1oad3w7", device and API tokens of many IoT and SaaS services) have
     * no case mix to go by; they are taken when letters and digits alternate as often as at random (about every
     * other character; words with a number, ids and counters alternate once or twice) and letters beyond hex
     * show it is no hash. Upper-case base36 is left alone: services name directories after such hashes
     * (RabbitMQ's message stores), which would mask ordinary log lines.
     */
    private static final Pattern ONE_CASE =
            Pattern.compile(TS + "(?<![+%])[a-z0-9]{20,64}+" + TE + "(?![+=])");

    static void oneCaseTokens(Scan s, int a, int b) {
        Matcher m = s.matcher(ONE_CASE);
        m.region(a, b);
        while (m.find()) {
            if (alternatesAtRandom(s.text, m.start(), m.end()) && !isPlaceholderToken(s.text, m.start(), m.end())
                    && !embeddedInBase64(s.text, m.start(), m.end())) {
                s.add(m.start(), m.end(), EntityClass.API_KEY);
            }
        }
    }

    static boolean alternatesAtRandom(CharSequence t, int s, int e) {
        int letters = 0;
        int beyondHex = 0;
        int digits = 0;
        int alternations = 0;
        for (int i = s; i < e; i++) {
            char ch = Character.toLowerCase(t.charAt(i));
            boolean digit = ch >= '0' && ch <= '9';
            if (digit) {
                digits++;
            } else {
                letters++;
                beyondHex += ch > 'f' ? 1 : 0;
            }
            if (i > s && digit != Character.isDigit(t.charAt(i - 1))) {
                alternations++;
            }
        }
        return letters >= 6 && digits >= 4 && beyondHex >= 3 && alternations * 10 >= (e - s) * 3;
    }

    static void randomTokens(Scan s, int a, int b) {
        Matcher m = s.matcher(CANDIDATE);
        m.region(a, b);
        while (m.find()) {
            int st = m.start();
            int e = m.end();
            if (s.text.startsWith("eyJ", st) || s.text.startsWith("AAAA", st)) {
                continue; // base64 of JSON (a JWT part, see TokenRuns.jwts) or of binary data (SSH public keys)
            }
            if (looksGenerated(s.text, st, e) && !isPlaceholderToken(s.text, st, e)
                    && !embeddedInBase64(s.text, st, e) && !lineOfBase64Block(s.text, st, e)) {
                s.add(st, e, EntityClass.API_KEY);
            }
        }
    }

    /*
     * Keys printed in dash-separated groups of upper-case letters and digits, as secret keys, recovery codes and
     * licence keys are (1Password "A3-ASWWYB-798JRYLJVD4-23DC2-86TVM-H43EB", "XXXXX-XXXXX-..." product keys):
     * five to eight groups, at least three of them mixing letters and digits, letters beyond hex (upper-case
     * UUIDs and hex ids stay).
     */
    private static final Pattern GROUPED_KEY =
            Pattern.compile(TS + "[A-Z0-9]{2,8}(?:-[A-Z0-9]{4,12}){4,7}+" + TE);

    static void groupedKeys(Scan s, int a, int b) {
        Matcher m = s.matcher(GROUPED_KEY);
        m.region(a, b);
        while (m.find()) {
            if (mixedGroups(s.text, m.start(), m.end()) >= 3 && !isPlaceholderToken(s.text, m.start(), m.end())) {
                s.add(m.start(), m.end(), EntityClass.API_KEY);
            }
        }
    }

    private static int mixedGroups(String t, int s, int e) {
        int mixed = 0;
        boolean letter = false;
        boolean digit = false;
        boolean beyondHex = false;
        for (int i = s; i <= e; i++) {
            char ch = i < e ? t.charAt(i) : '-';
            if (ch == '-') {
                mixed += letter && digit ? 1 : 0;
                letter = false;
                digit = false;
            } else if (ch >= '0' && ch <= '9') {
                digit = true;
            } else {
                letter = true;
                beyondHex |= ch > 'F';
            }
        }
        return beyondHex ? mixed : 0;
    }

    /**
     * Mixed classes in short runs with high character entropy: at least 3 upper-case letters, 3 lower-case letters
     * and 3 digits, average lower- and upper-case runs under 3 (CamelCase words average 4 and more), and at least
     * 3.5 bits of entropy per character over the alphanumerics (random base62 of this length has about 4.5).
     */
    static boolean looksGenerated(CharSequence t, int s, int e) {
        int upper = 0;
        int lower = 0;
        int digits = 0;
        int[] freq = new int[128];
        for (int i = s; i < e; i++) {
            char ch = t.charAt(i);
            if (ch >= 'A' && ch <= 'Z') {
                upper++;
            } else if (ch >= 'a' && ch <= 'z') {
                lower++;
            } else if (ch >= '0' && ch <= '9') {
                digits++;
            } else {
                continue;
            }
            freq[ch]++;
        }
        int n = upper + lower + digits;
        if (upper < 3 || lower < 3 || digits < 3 || n < MIN_LENGTH - 4) {
            return false;
        }
        if (averageLowerRun(t, s, e) >= 3.0 || averageUpperRun(t, s, e) >= 3.0) {
            return false;
        }
        return entropy(freq, n) >= 3.5;
    }

    static double entropy(int[] freq, int n) {
        double h = 0;
        for (int f : freq) {
            if (f > 0) {
                double p = (double) f / n;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }

    private static double averageUpperRun(CharSequence t, int s, int e) {
        int runs = 0;
        int total = 0;
        int run = 0;
        for (int i = s; i <= e; i++) {
            char ch = i < e ? t.charAt(i) : ' ';
            if (ch >= 'A' && ch <= 'Z') {
                run++;
            } else if (run > 0) {
                runs++;
                total += run;
                run = 0;
            }
        }
        return runs == 0 ? 0 : (double) total / runs;
    }

    /**
     * True when [s, e) is a whole line (apart from indentation, quotes, string concatenation and escaped line ends:
     * {@code "MIIBvT...\n" +}) and the line before or after is also a long base64 line: a wrapped certificate,
     * key or encoded blob, not a token.
     */
    private static boolean lineOfBase64Block(String t, int s, int e) {
        int ls = t.lastIndexOf('\n', s - 1) + 1;
        int le = lineEnd(t, e);
        if (!onlyWrapping(t, ls, s) || !onlyWrapping(t, e, le)) {
            return false;
        }
        return (ls > 0 && isBase64Line(t, t.lastIndexOf('\n', ls - 2) + 1, ls - 1))
                || (le < t.length() && isBase64Line(t, le + 1, lineEnd(t, le + 1)));
    }

    private static boolean onlyWrapping(String t, int s, int e) {
        for (int i = s; i < e; i++) {
            if (WRAPPING.indexOf(t.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** What may surround a base64 line in code and config: quotes, '+', escapes, separators, comment markers. */
    private static final String WRAPPING = " \t\r\"'`+\\,;*#/n";

    private static int lineEnd(String t, int from) {
        int i = t.indexOf('\n', from);
        return i < 0 ? t.length() : i;
    }

    private static boolean isBase64Line(String t, int s, int e) {
        int n = 0;
        for (int i = s; i < e; i++) {
            char ch = t.charAt(i);
            if (isBase64Char(ch) || ch == '=' || ch == '-' || ch == '_') {
                n++;
            } else if (WRAPPING.indexOf(ch) < 0) {
                return false;
            }
        }
        return n >= MIN_LENGTH;
    }
}
