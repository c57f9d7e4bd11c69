package io.cyberbrain.redaction;

import static io.cyberbrain.redaction.Chars.TE;
import static io.cyberbrain.redaction.Chars.TS;
import static io.cyberbrain.redaction.Chars.allSame;
import static io.cyberbrain.redaction.Chars.containsIgnoreCase;
import static io.cyberbrain.redaction.Chars.isAsciiAlnum;
import static io.cyberbrain.redaction.Chars.isBase64Char;
import static io.cyberbrain.redaction.KeyMaterial.base64EncodedPem;
import static io.cyberbrain.redaction.KeyMaterial.derPrivateKeys;
import static io.cyberbrain.redaction.NumericDetectors.containerIds;
import static io.cyberbrain.redaction.NumericDetectors.ipv4;
import static io.cyberbrain.redaction.NumericDetectors.ipv6;
import static io.cyberbrain.redaction.NumericDetectors.macs;
import static io.cyberbrain.redaction.RandomTokens.groupedKeys;
import static io.cyberbrain.redaction.RandomTokens.oneCaseTokens;
import static io.cyberbrain.redaction.RandomTokens.randomTokens;
import static io.cyberbrain.redaction.Values.isNonSecretValue;
import static io.cyberbrain.redaction.VendorTokens.vendorTokens;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets recognised by their shape inside runs of token characters (JWTs, unknown-vendor prefixed
 * tokens, non-RFC UUID keys, Atlassian PATs), credentials in URLs, and the plausibility checks that drop
 * documentation values. The run scan also dispatches the shape-based personal-data detectors.
 */
final class TokenRuns {

    private TokenRuns() {
    }

    /**
     * Runs the shape-based detectors on each maximal run of token characters
     * ({@code [A-Za-z0-9_\-.$|:!/+=%~]}) of at least 7 characters. Most words of prose and of log
     * lines are shorter, so the (comparatively expensive) patterns run on a small part of the text;
     * the matchers use transparent bounds so their look-arounds still see the neighbours.
     */
    static void tokenRunDetectors(Scan s) {
        String t = s.text;
        int i = 0;
        while (i < s.n) {
            if (!isRunChar(t.charAt(i))) {
                i++;
                continue;
            }
            int a = i;
            int colons = 0;
            int dots = 0;
            int dashes = 0;
            boolean doubleColon = false;
            int alnum = 0;     // current / longest run of [A-Za-z0-9]
            int maxAlnum = 0;
            int word = 0;      // current / longest run of [A-Za-z0-9_-]
            int maxWord = 0;
            int b64 = 0;       // current / longest run of [A-Za-z0-9+/]
            int maxB64 = 0;
            while (i < s.n && isRunChar(t.charAt(i))) {
                char ch = t.charAt(i);
                boolean an = isAsciiAlnum(ch);
                alnum = an ? alnum + 1 : 0;
                word = an || ch == '_' || ch == '-' ? word + 1 : 0;
                b64 = an || ch == '+' || ch == '/' ? b64 + 1 : 0;
                maxAlnum = Math.max(maxAlnum, alnum);
                maxWord = Math.max(maxWord, word);
                maxB64 = Math.max(maxB64, b64);
                if (ch == ':') {
                    colons++;
                    doubleColon |= i > a && t.charAt(i - 1) == ':';
                } else if (ch == '.') {
                    dots++;
                } else if (ch == '-') {
                    dashes++;
                }
                i++;
            }
            if (i - a < 7) {
                continue;
            }
            if (maxB64 >= 48) {
                derPrivateKeys(s, a, i);
            }
            if (maxB64 >= 120) {
                base64EncodedPem(s, a, i);
            }
            if (maxAlnum >= 10) {
                vendorTokens(s, a, i);
            }
            if (maxWord >= 23) {
                prefixedTokens(s, a, i);
            }
            if (maxWord >= RandomTokens.MIN_LENGTH) {
                randomTokens(s, a, i);
            }
            if (maxAlnum >= 20) {
                oneCaseTokens(s, a, i);
            }
            if (dashes >= 4 && maxWord >= 24) {
                groupedKeys(s, a, i);
            }
            if (maxWord >= 16 && dots >= 2) {
                jwts(s, a, i);
            }
            if (maxWord >= 36 && dashes >= 4) {
                nonRfcUuids(s, a, i);
            }
            if (maxAlnum >= 44) {
                atlassianPats(s, a, i);
            }
            if (maxAlnum >= 12) {
                containerIds(s, a, i);
            }
            if (colons >= 5 || dots >= 2 || dashes >= 5) {
                macs(s, a, i);
            }
            if (dots >= 3) {
                ipv4(s, a, i);
            }
            if (colons >= 7 || (doubleColon && colons >= 2)) {
                ipv6(s, a, i); // without "::" an IPv6 address has exactly 7 colons
            }
        }
    }

    private static boolean isRunChar(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                || "_-.$|:!/+=%~".indexOf(ch) >= 0;
    }

    /*
     * header.payload.signature where header and payload are base64url JSON objects ("eyJ"), or - JWE,
     * encrypted or non-JSON payloads - any dotted base64url token whose first part decodes to a JOSE header
     * (a JSON object naming "alg", "typ", "enc" or "kid") and whose parts all have a valid base64url length.
     */
    private static final Pattern JWT = Pattern.compile(
            TS + "eyJ[A-Za-z0-9_\\-]{5,}+\\.eyJ[A-Za-z0-9_\\-]{5,}+\\.[A-Za-z0-9_\\-]{0,1024}+" + TE);
    private static final Pattern JOSE = Pattern.compile(
            TS + "(eyJ[A-Za-z0-9_\\-]{8,1024}+)(?:\\.[A-Za-z0-9_\\-]{0,4096}+){2,4}+" + TE);

    private static void jwts(Scan s, int a, int b) {
        Matcher m = s.matcher(JWT);
        m.region(a, b);
        while (m.find()) {
            if (!isPlaceholderToken(s.text, m.start(), m.end())) {
                s.add(m.start(), m.end(), EntityClass.JWT);
            }
        }
        m = s.matcher(JOSE);
        m.region(a, b);
        while (m.find()) {
            if (m.end() - m.end(1) >= 16 && isJoseHeader(m.group(1)) && validBase64urlParts(m.group())
                    && !isPlaceholderToken(s.text, m.start(), m.end())) {
                s.add(m.start(), m.end(), EntityClass.JWT);
            }
        }
    }

    /** No part of a JOSE object has a length of 4n+1: no base64url text does. */
    private static boolean validBase64urlParts(String token) {
        for (String part : token.split("\\.", -1)) {
            if (part.length() % 4 == 1) {
                return false;
            }
        }
        return true;
    }

    private static boolean isJoseHeader(String b64) {
        String json;
        try {
            json = new String(Base64.getUrlDecoder().decode(b64.length() % 4 == 1 ? b64.substring(0, b64.length() - 1) : b64),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return json.startsWith("{") && (json.contains("\"alg\"") || json.contains("\"typ\"") || json.contains("\"enc\"")
                || json.contains("\"kid\""));
    }

    /*
     * scheme://user:password@host. The user may itself be an e-mail address
     * (smtps://me@gmail.com:pw@smtp.gmail.com), hence the optional inner "@...", or empty
     * (redis://:pw@host). Only the password is masked so the URL stays readable.
     */
    private static final Pattern URL_CREDENTIALS = Pattern.compile(
            "(?<![A-Za-z0-9+.\\-])[A-Za-z][A-Za-z0-9+.\\-]{1,20}://"
                    + "[^\\s:/?#@\"'<>]{0,128}+(?:@[^\\s:/?#@\"'<>]{1,128}+)?"
                    + ":([^\\s/?#@\"'<>]{1,256}+)@(?=[A-Za-z0-9\\[_.\\-])");

    static void urlCredentials(Scan s) {
        String t = s.text;
        Matcher m = s.matcher(URL_CREDENTIALS);
        for (int i = t.indexOf("://"); i >= 0; i = t.indexOf("://", i + 3)) {
            int st = i;
            while (st > 0 && i - st < 22 && isSchemeChar(t.charAt(st - 1))) {
                st--;
            }
            m.region(st, Math.min(s.n, i + 600));
            if (m.lookingAt()) {
                String pw = m.group(1);
                if (!isNonSecretValue(pw) && !pw.chars().allMatch(Character::isDigit)) {
                    s.add(m.start(1), m.end(1), EntityClass.URL_CREDENTIALS);
                }
            }
        }
    }

    private static boolean isSchemeChar(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '+'
                || ch == '.' || ch == '-';
    }


    /**
     * True when [s, e) sits inside a much longer base64 blob (an inline image, a certificate):
     * such a blob contains every short prefix ("EAA", "AIza", ...) by chance.
     */
    static boolean embeddedInBase64(String t, int s, int e) {
        int a = s;
        int limit = Math.max(0, s - 256);
        while (a > limit && isBase64Char(t.charAt(a - 1))) {
            a--;
        }
        int b = e;
        int hi = Math.min(t.length(), e + 256);
        while (b < hi && (isBase64Char(t.charAt(b)) || t.charAt(b) == '=')) {
            b++;
        }
        if ((s - a) + (b - e) < 64) {
            return false;
        }
        for (int i = a; i < b; i++) {
            char ch = t.charAt(i);
            if (ch == '+' || ch == '/') {
                return true;
            }
        }
        return false;
    }

    /*
     * Unknown vendors mostly follow the same convention: a short prefix, '_' or '-', then a long
     * random base62 body ("abc_8fK2mQ9x..."). Identifiers also look like that
     * ("test_createUserWithValidEmail2"), so the body must look random: upper, lower and at least
     * two digits not all at the end, and no long lowercase runs (CamelCase words average >= 4
     * lowercase letters per run, random base62 about 1.7). Hex-only bodies (request ids, hashes)
     * are deliberately not matched here.
     */
    private static final Pattern PREFIXED_TOKEN =
            Pattern.compile(TS + "[A-Za-z][A-Za-z0-9]{1,9}[_\\-]([A-Za-z0-9_\\-]{20,256}+)" + TE);

    private static void prefixedTokens(Scan s, int a, int b) {
        Matcher m = s.matcher(PREFIXED_TOKEN);
        m.region(a, b);
        while (m.find()) {
            if (looksLikeRandomBody(s.text, m.start(1), m.end(1))
                    && !isPlaceholderToken(s.text, m.start(), m.end())
                    && !embeddedInBase64(s.text, m.start(), m.end())) {
                s.add(m.start(), m.end(), EntityClass.API_KEY);
            }
        }
    }

    /*
     * UUID-shaped hex whose version nibble is not 1-8 or whose variant nibble is not 8-b is not an
     * RFC 4122/9562 UUID but 128 random bits formatted like one - the shape of many API keys
     * (Heroku, ...). Real UUIDs (request ids, volume ids) are left alone.
     */
    private static final Pattern UUID_SHAPE = Pattern.compile(
            "(?<![A-Za-z0-9_\\-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
                    + "(?![A-Za-z0-9_\\-])");

    private static void nonRfcUuids(Scan s, int a, int b) {
        Matcher m = s.matcher(UUID_SHAPE);
        m.region(a, b);
        while (m.find()) {
            char version = s.text.charAt(m.start() + 14);
            char variant = Character.toLowerCase(s.text.charAt(m.start() + 19));
            boolean rfc = version >= '1' && version <= '8' && "89ab".indexOf(variant) >= 0;
            boolean nilOrMax = allSame(s.text, m.start(), m.end(), "0-") || allSame(s.text, m.start(), m.end(), "fF-");
            if (!rfc && !nilOrMax) {
                s.add(m.start(), m.end(), EntityClass.API_KEY);
            }
        }
    }

    /*
     * Atlassian (Jira/Confluence/Bitbucket Data Center) personal access tokens are base64 of
     * "<12-digit id>:<20 random bytes>" = 44 chars starting with M/N/O; verified by decoding.
     */
    private static final Pattern ATLASSIAN_PAT =
            Pattern.compile("(?<![A-Za-z0-9_\\-])[MNO][A-Za-z0-9]{43}(?![A-Za-z0-9+=])");

    private static void atlassianPats(Scan s, int a, int b) {
        Matcher m = s.matcher(ATLASSIAN_PAT);
        m.region(a, b);
        while (m.find()) {
            byte[] d;
            try {
                d = Base64.getDecoder().decode(m.group());
            } catch (IllegalArgumentException e) {
                continue;
            }
            boolean ok = d.length == 33 && d[12] == ':';
            for (int i = 0; ok && i < 12; i++) {
                ok = d[i] >= '0' && d[i] <= '9';
            }
            if (ok) {
                s.add(m.start(), m.end(), EntityClass.API_KEY);
            }
        }
    }


    // ----- token plausibility ----------------------------------------------------------------

    /**
     * Documentation/test values that have a token's shape but are not secrets: contain "example",
     * "fake" or "dummy",
     * a run of 6+ identical characters (except 'A', '/' and '0', which base64 and hex encodings of
     * zero and 0xFF bytes produce: AWS STS session tokens carry "//////////"), a run of 6+ consecutive ascending or descending characters
     * ("123456", "abcdef", "654321"), too few distinct characters ("1010110..."), or prose glued
     * with dashes ("there-are-not-the-webhook-you-are-looking-for": four short lower-case parts in a
     * row, each with a vowel; random parts such as "vqt_tl_" have none).
     */
    static boolean isPlaceholderToken(CharSequence t, int s, int e) {
        int n = e - s;
        if (n <= 0) {
            return true;
        }
        if (containsIgnoreCase(t, s, e, "example") || containsIgnoreCase(t, s, e, "fake")
                || containsIgnoreCase(t, s, e, "dummy")) {
            return true;
        }
        int same = 1;
        int asc = 1;
        int desc = 1;
        int proseSegments = 0;
        int segLen = 0;
        boolean segAllLower = true;
        boolean segVowel = false;
        long seenLo = 0;   // bit set of the ASCII characters seen
        long seenHi = 0;
        for (int i = s; i < e; i++) {
            char ch = t.charAt(i);
            if (ch < 64) {
                seenLo |= 1L << ch;
            } else if (ch < 128) {
                seenHi |= 1L << (ch - 64);
            }
            if (i > s) {
                char p = t.charAt(i - 1);
                same = ch == p ? same + 1 : 1;
                char lc = Character.toLowerCase(ch);
                char lp = Character.toLowerCase(p);
                boolean alnum = Character.isLetterOrDigit(ch) && Character.isLetterOrDigit(p)
                        && Character.isDigit(ch) == Character.isDigit(p);
                asc = alnum && lc == lp + 1 ? asc + 1 : 1;
                desc = alnum && lc == lp - 1 ? desc + 1 : 1;
                if (same >= 6 && ch != 'A' && ch != '0' && ch != '/') {
                    return true;
                }
                if (asc >= 6 || desc >= 6) {
                    return true;
                }
            }
            if (ch == '-' || ch == '_') {
                if (segLen >= 2 && segLen <= 10 && segAllLower && segVowel) {
                    proseSegments++;
                    if (proseSegments >= 4) {
                        return true;
                    }
                } else {
                    proseSegments = 0;
                }
                segLen = 0;
                segAllLower = true;
                segVowel = false;
            } else {
                segLen++;
                segAllLower &= ch >= 'a' && ch <= 'z';
                segVowel |= "aeiouy".indexOf(ch) >= 0;
            }
        }
        return n >= 16 && Long.bitCount(seenLo) + Long.bitCount(seenHi) < 7;
    }

    /** Body of a prefixed token: random-looking base62 rather than words or hex. */
    private static boolean looksLikeRandomBody(String t, int s, int e) {
        int upper = 0;
        int lower = 0;
        int digits = 0;
        int innerDigits = 0;
        int letters = 0;
        for (int i = s; i < e; i++) {
            char ch = t.charAt(i);
            if (ch >= 'A' && ch <= 'Z') {
                upper++;
            } else if (ch >= 'a' && ch <= 'z') {
                lower++;
            } else if (ch >= '0' && ch <= '9') {
                digits++;
                if (i < e - 4) {
                    innerDigits++;
                }
            }
        }
        letters = upper + lower;
        return letters + digits >= 20 && upper >= 2 && lower >= 2 && digits >= 2 && innerDigits >= 1
                && averageLowerRun(t, s, e) < 3.0;
    }

    static double averageLowerRun(CharSequence t, int s, int e) {
        int runs = 0;
        int total = 0;
        int run = 0;
        for (int i = s; i < e; i++) {
            char ch = t.charAt(i);
            if (ch >= 'a' && ch <= 'z') {
                run++;
            } else if (run > 0) {
                runs++;
                total += run;
                run = 0;
            }
        }
        if (run > 0) {
            runs++;
            total += run;
        }
        return runs == 0 ? 0 : (double) total / runs;
    }

}
