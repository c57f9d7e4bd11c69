package io.cyberbrain.redaction;

import static io.cyberbrain.redaction.Chars.allSame;
import static io.cyberbrain.redaction.Chars.digitsOf;
import static io.cyberbrain.redaction.Chars.isAsciiAlnum;
import static io.cyberbrain.redaction.Chars.isAsciiLetter;
import static io.cyberbrain.redaction.Chars.isDigit;
import static io.cyberbrain.redaction.Validators.plausibleCard;
import static io.cyberbrain.redaction.Validators.validIban;
import static io.cyberbrain.redaction.Validators.validIpv6;
import static io.cyberbrain.redaction.Validators.validSsn;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers and addresses: payment cards, SSNs, phones, IBANs, IPv4/IPv6, MACs and container ids.
 */
final class NumericDetectors {

    private NumericDetectors() {
    }

    /**
     * Numbers: payment cards, SSNs, phone numbers and IBANs are only tried where a number (or
     * "+", "(" or a two-letter IBAN country code) starts a token, with anchored matches.
     */
    static void numericDetectors(Scan s) {
        String t = s.text;
        for (int p = 0; p < s.n; p++) {
            char ch = t.charAt(p);
            boolean digit = ch >= '0' && ch <= '9';
            if (!(digit || ch == '+' || ch == '(' || isAsciiLetter(ch))) {
                continue;
            }
            if (p > 0 && isAsciiAlnum(t.charAt(p - 1))) {
                continue; // not at a token start
            }
            if (isAsciiLetter(ch)) {
                if (p + 3 < s.n && isAsciiLetter(t.charAt(p + 1)) && isDigit(t.charAt(p + 2)) && isDigit(t.charAt(p + 3))) {
                    Matcher iban = s.matcher(IBAN);
                    iban.region(p, Math.min(s.n, p + 48));
                    if (iban.lookingAt() && validIban(iban.group())) {
                        s.add(p, iban.end(), EntityClass.IBAN);
                    }
                }
                continue;
            }
            int digits = digitsAhead(t, p);
            if (digits < 7) {
                continue; // every shape below has at least 7 digits
            }
            if (digit && digits >= 12) {
                Matcher card = s.matcher(CARD);
                card.region(p, Math.min(s.n, p + 32));
                if (card.lookingAt() && plausibleCard(digitsOf(card.group()))) {
                    s.add(p, card.end(), EntityClass.CREDIT_CARD);
                }
            }
            if (digit && p + 10 < s.n && t.charAt(p + 3) == '-' && t.charAt(p + 6) == '-') {
                Matcher ssn = s.matcher(SSN);
                ssn.region(p, Math.min(s.n, p + 16));
                if (ssn.lookingAt() && validSsn(ssn.group(1), ssn.group(2), ssn.group(3))) {
                    s.add(p, ssn.end(), EntityClass.US_SSN);
                }
            }
            boolean strongFound = false;
            if (mayBeStrongPhone(t, p)) {
                Matcher strong = s.matcher(PHONE_STRONG);
                strong.region(p, Math.min(s.n, p + 40));
                if (strong.lookingAt() && plausibleStrongPhone(strong.group())) {
                    s.add(p, strong.end(), EntityClass.PHONE);
                    strongFound = true;
                }
            }
            if (!strongFound && digit) {
                Matcher weak = s.matcher(PHONE_WEAK);
                weak.region(p, Math.min(s.n, p + 48));
                if (weak.lookingAt()) {
                    int weakDigits = digitsOf(weak.group()).length();
                    if (weakDigits >= 7 && weakDigits <= 12) {
                        Matcher before = s.matcher(PHONE_CONTEXT_BEFORE);
                        Matcher after = s.matcher(PHONE_CONTEXT_AFTER);
                        before.region(Math.max(0, p - 32), p);
                        after.region(weak.end(), Math.min(s.n, weak.end() + 12));
                        if (before.find() || after.lookingAt()) {
                            s.add(p, weak.end(), EntityClass.PHONE);
                        }
                    }
                }
            }
        }
    }

    /** Cheap necessary condition for PHONE_STRONG: its leading character/separator layout. */
    private static boolean mayBeStrongPhone(String t, int p) {
        char c0 = t.charAt(p);
        if (c0 == '+' || c0 == '(' || c0 == '0' || c0 == '1') {
            return true; // international, (area), trunk prefix, NANP with country code 1
        }
        int n = t.length();
        char c2 = p + 2 < n ? t.charAt(p + 2) : 'x';
        char c3 = p + 3 < n ? t.charAt(p + 3) : 'x';
        return " .-".indexOf(c3) >= 0 || ".-".indexOf(c2) >= 0; // NANP 3-3-4, digit pairs
    }

    /** Digits in the number-like run starting at p (digits, spaces, - . ( ) + x), at most 40 chars. */
    private static int digitsAhead(String t, int p) {
        int digits = 0;
        int end = Math.min(t.length(), p + 40);
        for (int i = p; i < end; i++) {
            char ch = t.charAt(i);
            if (ch >= '0' && ch <= '9') {
                digits++;
            } else if (" -.()+x/".indexOf(ch) < 0) {
                break;
            }
        }
        return digits;
    }

    /*
     * IBAN: compact ("GB82WEST12345698765432", any case) or printed in groups of four. Validated
     * with the per-country length and the ISO 7064 mod-97 check, which rejects random
     * letter/digit strings.
     */
    private static final Pattern IBAN = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}(?:[A-Za-z0-9]{11,30}+|(?: [A-Za-z0-9]{4}){2,7}+(?: [A-Za-z0-9]{1,3})?)"
                    + "(?![A-Za-z0-9])");

    /*
     * Payment cards: 12-19 digits, contiguous or in the usual 4-4-4-4(-3) / 4-6-5 groups, Luhn
     * checked and with a known issuer prefix. The prefix check matters in logs: 13-19 digit
     * timestamps and snowflake ids start with 1, which no 13+ digit card range does (except the
     * 15-digit JCB 1800 range).
     */
    private static final Pattern CARD = Pattern.compile(
            "(?<![A-Za-z0-9_.+\\-])(?:\\d{4}([ \\-])\\d{4}\\1\\d{4}\\1\\d{1,4}(?:\\1\\d{3})?|\\d{4}([ \\-])\\d{6}\\2\\d{4,5}"
                    + "|\\d{12,19}+)(?![A-Za-z0-9_\\-]|[.,]\\d)");

    /* US SSN: AAA-GG-SSSS with the never-issued areas (000, 666, 9xx), group 00 and serial 0000
     * excluded; the undashed form only right after "SSN"/"social security". */
    private static final Pattern SSN = Pattern.compile(
            "(?<![A-Za-z0-9_.\\-])(\\d{3})-(\\d{2})-(\\d{4})(?![A-Za-z0-9_\\-]|\\.\\d)");
    private static final Pattern SSN_CONTEXT = Pattern.compile(
            "(?i)(?:ssn|social[ \\-]security(?:[ \\-]n(?:o|umber))?)[^0-9\\n]{0,20}+(\\d{3}[ .]?\\d{2}[ .]?\\d{4})(?!\\d)");

    static void ssnWithContext(Scan s, String lower) {
        Matcher m = s.matcher(SSN_CONTEXT);
        for (String h : new String[] {"ssn", "social"}) {
            for (int i = lower.indexOf(h); i >= 0; i = lower.indexOf(h, i + 1)) {
                if (i > 0 && isAsciiLetter(s.text.charAt(i - 1))) {
                    continue;
                }
                m.region(i, Math.min(s.n, i + 64));
                if (m.lookingAt()) {
                    String d = digitsOf(m.group(1));
                    if (validSsn(d.substring(0, 3), d.substring(3, 5), d.substring(5))) {
                        s.add(m.start(1), m.end(1), EntityClass.US_SSN);
                    }
                }
            }
        }
    }

    /*
     * IPv4 with valid octets. Version strings are told apart where possible: preceded by a letter
     * or '.' ("v1.2.3.4", "1.2.3.4.5" are rejected by the look-arounds), preceded by a version
     * keyword, or followed by a "-suffix" ("1.2.3.4-SNAPSHOT"). Unspecified, loopback and netmask
     * addresses carry no identifying information and stay readable.
     */
    static final Pattern IPV4 = Pattern.compile(
            "(?<![A-Za-z0-9_.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
                    + "(?![A-Za-z0-9_]|\\.\\d)");
    private static final Set<String> VERSION_WORDS = Set.of(
            "version", "ver", "release", "build", "firmware", "fw", "kernel", "rev", "revision", "tag");

    /**
     * True when the word right before {@code pos} (skipping blanks and one of {@code : = # .})
     * is one of {@code words}; {@code lower} is the lower-cased text.
     */
    private static boolean precededByWord(String lower, int pos, Set<String> words) {
        int i = pos;
        int limit = Math.max(0, pos - 24);
        while (i > limit && (lower.charAt(i - 1) == ' ' || lower.charAt(i - 1) == '\t')) {
            i--;
        }
        if (i > limit && ":=#.@-".indexOf(lower.charAt(i - 1)) >= 0) {
            i--;
        }
        while (i > limit && (lower.charAt(i - 1) == ' ' || lower.charAt(i - 1) == '\t')) {
            i--;
        }
        int e = i;
        while (i > limit && lower.charAt(i - 1) >= 'a' && lower.charAt(i - 1) <= 'z'
                || i > limit && e - i < 8 && lower.charAt(i - 1) >= '0' && lower.charAt(i - 1) <= '9') {
            i--;
        }
        return e > i && words.contains(lower.substring(i, e));
    }

    static void ipv4(Scan s, int a, int b) {
        String t = s.text;
        Matcher m = s.matcher(IPV4);
        m.region(a, b);
        while (m.find()) {
            String ip = m.group();
            if (ip.equals("0.0.0.0") || ip.startsWith("127.") || ip.startsWith("255.")) {
                continue;
            }
            if (m.end() + 1 < s.n && t.charAt(m.end()) == '-' && Character.isLetter(t.charAt(m.end() + 1))) {
                continue;
            }
            if (precededByWord(s.lower(), m.start(), VERSION_WORDS)) {
                continue;
            }
            s.add(m.start(), m.end(), EntityClass.IP_ADDRESS);
        }
    }

    /*
     * IPv6: candidate runs of [hex : .], then a real parser (at most one "::", 1-4 hex digits per
     * group, 8 groups or fewer with "::", optional embedded IPv4). Clock times (12:36:01) and MAC
     * addresses fail the group count.
     */
    private static final Pattern IPV6_CANDIDATE =
            Pattern.compile("(?<![A-Za-z0-9_:.\\-])[0-9A-Fa-f:.]{3,45}+(?![A-Za-z0-9_:\\-])");

    static void ipv6(Scan s, int a, int b) {
        Matcher m = s.matcher(IPV6_CANDIDATE);
        m.region(a, b);
        while (m.find()) {
            int e = m.end();
            while (e > m.start() && s.text.charAt(e - 1) == '.') {
                e--;
            }
            String cand = s.text.substring(m.start(), e);
            if (cand.indexOf(':') != cand.lastIndexOf(':') && validIpv6(cand)) {
                s.add(m.start(), e, EntityClass.IP_ADDRESS);
            }
        }
    }

    /* MAC: six hex pairs with a consistent ':' or '-' separator, or Cisco dotted quads. */
    private static final Pattern MAC = Pattern.compile(
            "(?<![A-Za-z0-9_:.\\-])(?:[0-9A-Fa-f]{2}([:\\-])[0-9A-Fa-f]{2}(?:\\1[0-9A-Fa-f]{2}){4}"
                    + "|[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4})(?![A-Za-z0-9_:\\-]|\\.[0-9A-Fa-f])");

    static void macs(Scan s, int a, int b) {
        Matcher m = s.matcher(MAC);
        m.region(a, b);
        while (m.find()) {
            String g = m.group();
            if (g.indexOf('.') > 0 && digitsOf(g).length() == 12) {
                continue; // 1234.5678.9012 is a number, not a Cisco MAC
            }
            s.add(m.start(), m.end(), EntityClass.MAC_ADDRESS);
        }
    }

    /*
     * Phone numbers. Strong shapes are masked without context:
     *   international  +CC [(0)] groups        +41 (0)85 806 98 67, +447700677662, +1-903-140-4508x769
     *   NANP           [1|001-](AAA) or AAA- 3-4 (579)888-3058, 780-999-2181, 930.167.3943
     *   trunk prefix   0 + groups               0341 8387176, 07700 063 966, 0961-7596216
     *   (area) local                            (72) 754-186, (08) 8747 6301
     *   digit pairs    4-5 pairs, same sep      60-56-85-91, 01.84.17.61.18
     * Weak shapes (space-grouped digits without leading 0/+, or 7-11 contiguous digits) look like
     * counters, sizes and table columns in logs, so they need a telephony word within a short
     * window before ("Phone:", "call me on", "Mobile:") or after ("... office", "-Fax").
     */
    private static final Pattern PHONE_STRONG = Pattern.compile(
            "(?<![A-Za-z0-9_+.\\-/:=#])(?:"
                    + "\\+\\d{1,3}(?:[ .\\-]?\\(\\d{1,4}\\))?(?:[ .\\-]?\\d{1,6}){1,6}+"
                    + "|(?:(?:1|001)[ .\\-])?(?:\\(\\d{3}\\)[ ]?|\\d{3}[ .\\-])\\d{3}[ .\\-]\\d{4}"
                    + "|0\\d{1,4}(?:[ \\-]\\d{2,8}){1,4}+"
                    + "|\\(\\d{2,4}\\)[ ]?\\d{3,4}[ \\-]\\d{3,4}"
                    + "|\\d{2}(?<ps>[.\\-])\\d{2}(?:\\k<ps>\\d{2}){2,3}"
                    + ")(?:[ ]?(?:x|ext\\.?)[ ]?\\d{1,5})?(?![A-Za-z0-9_]|[.\\-:]\\d)");
    private static final Pattern PHONE_WEAK = Pattern.compile(
            "(?<![A-Za-z0-9_+.\\-/:=#])(?:\\d{2,5}(?: \\d{2,8}){1,4}+|\\d{7,11}+)(?![A-Za-z0-9_/:]|[.\\-]?\\d|\\.[A-Za-z0-9])");
    private static final Pattern PHONE_CONTEXT_BEFORE = Pattern.compile(
            "(?i)(?:phone|tel\\b|mobile|cell|fax|desk|office|call|dial|sms|whatsapp|contact"
                    + "|(?:messages?|answering|reach(?:ed)?(?: me)?|number)[ \\t]+(?:to|on|at|is|:))");
    private static final Pattern PHONE_CONTEXT_AFTER = Pattern.compile(
            "(?i)[ \\t]*[\\-(]?[ \\t]*(?:office|fax|mobile|cell|home|work|phone|tel\\b)");

    private static boolean plausibleStrongPhone(String g) {
        int digits = digitsOf(g).length();
        boolean ok;
        if (g.startsWith("+")) {
            ok = digits >= 8 && digits <= 20;
        } else if (g.startsWith("000")) {
            ok = false;
        } else if (g.startsWith("00") && !g.startsWith("001")) {
            ok = digits >= 11 && digits <= 20; // 00 + country code + subscriber number
        } else if (g.startsWith("0") && g.indexOf('.') < 0 && !g.startsWith("00")) {
            ok = digits >= 9 && digits <= 17;
        } else {
            ok = digits >= 8 && digits <= 16;
        }
        return ok && !allSame(g, 0, g.length(), "0 .-()");
    }

    /*
     * Docker container ids: 64 or 12 lowercase hex. Digests ("sha256:<64 hex>") are image content
     * hashes, not container ids, and stay; a 12-hex candidate needs both a letter and a digit (a
     * 12-digit number is not an id). UUIDs never match: their groups are joined by '-', which the
     * boundary check excludes. A plain scan (no regex): this runs on every long token.
     */
    private static final Set<String> DIGEST_WORDS = Set.of(
            "sha256", "sha512", "sha384", "sha1", "md5", "digest", "checksum", "hash", "integrity");

    static void containerIds(Scan s, int a, int b) {
        String t = s.text;
        int i = a;
        while (i < b) {
            if (!isLowerHex(t.charAt(i))) {
                i++;
                continue;
            }
            int st = i;
            boolean letter = false;
            boolean digit = false;
            while (i < b && isLowerHex(t.charAt(i))) {
                letter |= t.charAt(i) >= 'a';
                digit |= t.charAt(i) <= '9';
                i++;
            }
            int len = i - st;
            if (len != 64 && !(len == 12 && letter && digit)) {
                continue;
            }
            char prev = st > 0 ? t.charAt(st - 1) : ' ';
            char next = i < s.n ? t.charAt(i) : ' ';
            if (isAsciiAlnum(prev) || prev == '_' || prev == '.' || prev == '-'
                    || isAsciiAlnum(next) || next == '_' || next == '-') {
                continue; // part of a longer token (or of a UUID)
            }
            if (!precededByWord(s.lower(), st, DIGEST_WORDS)) {
                s.add(st, i, EntityClass.CONTAINER_ID);
            }
        }
    }

    private static boolean isLowerHex(char ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
    }

}
