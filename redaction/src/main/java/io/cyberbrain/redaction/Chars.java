package io.cyberbrain.redaction;

/**
 * Character classes, token-boundary pattern fragments and small text helpers shared by the detectors.
 */
final class Chars {

    private Chars() {
    }

    /**
     * Token start: not preceded by a token character, or preceded by an ANSI colour escape
     * ({@code ESC[93m}), which coloured log output puts right in front of values. The cheap
     * {@code (?<=m)} check runs first so the bounded ANSI look-behind is rarely evaluated.
     */
    static final String TS = "(?:(?<![A-Za-z0-9_\\-])|(?<=m)(?<=\\x1b\\[[0-9;]{0,12}m))";
    /** Token end: not followed by a token character. */
    static final String TE = "(?![A-Za-z0-9_\\-])";

    static boolean isBase64Char(char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '+' || ch == '/';
    }

    /** Element text made of base64 lines (optionally quoted): a key or token split over lines. */
    static boolean isBase64Block(String t, int s, int e) {
        int b64 = 0;
        for (int i = s; i < e; i++) {
            char ch = t.charAt(i);
            if (isBase64Char(ch) || ch == '=') {
                b64++;
            } else if (!Character.isWhitespace(ch) && ch != '"' && ch != '\'') {
                return false;
            }
        }
        return b64 >= 32;
    }

    static boolean hasWhitespace(String t, int s, int e) {
        for (int i = s; i < e; i++) {
            if (Character.isWhitespace(t.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    static boolean isIdentifierLike(String t, int s, int e) {
        for (int i = s; i < e; i++) {
            char ch = t.charAt(i);
            if (!(Character.isLetterOrDigit(ch) || ch == '_' || ch == '.' || ch == '?')) {
                return false;
            }
        }
        return e > s && Character.isLetter(t.charAt(s));
    }

    static boolean allSame(CharSequence t, int s, int e, String allowed) {
        for (int i = s; i < e; i++) {
            if (allowed.indexOf(t.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    static boolean containsIgnoreCase(CharSequence t, int s, int e, String needle) {
        int n = needle.length();
        outer:
        for (int i = s; i + n <= e; i++) {
            for (int j = 0; j < n; j++) {
                if (Character.toLowerCase(t.charAt(i + j)) != needle.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static String digitsOf(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= '0' && ch <= '9') {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    static int trimRight(String t, int s, int e) {
        while (e > s && Character.isWhitespace(t.charAt(e - 1))) {
            e--;
        }
        return e;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    static boolean isAsciiLetter(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    }

    static boolean isAsciiAlnum(char ch) {
        return isAsciiLetter(ch) || isDigit(ch);
    }

    /**
     * Whether the line around {@code at} is a body line of uuencoded data: "M" (45 bytes) and 60 characters from
     * the uuencode alphabet (space to backquote), which is full of "PW:", "key=" and the like by chance. Encoded
     * bytes use most of the alphabet's punctuation; an upper-case settings line of the same length uses two or
     * three signs ("=", "_", ";").
     */
    static boolean isUuencodedLine(String t, int at) {
        int s = at;
        while (s > 0 && at - s <= 61 && t.charAt(s - 1) != '\n') {
            s--; // a longer line is no uuencoded line: never scan further back or ahead than one
        }
        int e = at;
        while (e < t.length() && e - s <= 62 && t.charAt(e) != '\n') {
            e++;
        }
        if (e > s && t.charAt(e - 1) == '\r') {
            e--;
        }
        if (e - s != 61 || t.charAt(s) != 'M') {
            return false;
        }
        long signs = 0;
        for (int i = s; i < e; i++) {
            char ch = t.charAt(i);
            if (ch < ' ' || ch > '`') {
                return false;
            }
            if (!isAsciiAlnum(ch)) {
                signs |= 1L << (ch - ' ');
            }
        }
        return Long.bitCount(signs) >= 8;
    }
}
