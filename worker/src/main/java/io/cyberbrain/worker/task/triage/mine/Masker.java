package io.cyberbrain.worker.task.triage.mine;

import java.util.Set;

/**
 * Replaces the variable parts of a log message with {@code <*>} before template mining, keeping
 * punctuation where it is (the Loghub template style: {@code blk_-42} becomes {@code <*>},
 * {@code /10.0.0.1:50010} becomes {@code <*>}, {@code uid=0} becomes {@code uid=<*>},
 * {@code core.2275} becomes {@code core.<*>}).
 *
 * <p>Messages are split on whitespace into tokens; each token is masked on its own:
 * <ol>
 *   <li>URLs ({@code scheme://...}), e-mail addresses, UUIDs, IPv6 addresses, MACs, clock times
 *   ({@code 12:30:45}) and Windows paths ({@code C:\dir}, {@code \\host\share}) are masked whole
 *   (surrounding brackets/quotes/trailing punctuation kept);</li>
 *   <li>the token is cut at the path delimiters {@code , ! ; : = | " ' [ ] ( ) { } < >}; a piece
 *   that is an absolute path ({@code /a/b}, {@code ~/a}, {@code ./a}) is masked whole, so is a host
 *   name (dotted DNS labels ending in a top-level domain, or any lower-case dotted name before
 *   {@code :port}; Java names like {@code org.apache.Foo} and files like {@code run.sh} are not hosts);</li>
 *   <li>the other pieces are cut further at {@code . - + @ # $ % & /} and each word is masked when
 *   it is a number (sign, decimals), hexadecimal ({@code 0x..}, or 8+ hex digits), a number with a
 *   duration/size unit ({@code 12ms}, {@code 10MB}), an identifier with many digits
 *   ({@code appattempt_1445_0001}, {@code blk_123}: 6+ digits, or 4+ digits making a third of the
 *   word), a word alternating letters and digits ({@code a1b2c3}), or a boolean/null literal;</li>
 *   <li>in {@code key=value} the value is masked whole when it contains a digit (the key is kept);
 *   purely alphabetic values ({@code tty=NODEVssh}, {@code state=RUNNING}) are enum-like and kept -
 *   they are generalised by the miner if they vary;</li>
 *   <li>adjacent variables joined by {@code .}, {@code -}, {@code _}, {@code :} or nothing collapse into one
 *   {@code <*>} (an IP address is one variable, so are {@code 2015-10-18}, {@code 10.0.0.1:8080} and {@code 00:01}).</li>
 * </ol>
 * Separated units are kept: {@code 4 KiB} becomes {@code <*> KiB} (the unit is part of the template text).
 */
public final class Masker {

    /** The variable marker. */
    public static final String VAR = "<*>";

    private static final Set<String> UNITS = Set.of(
            "ns", "us", "\u00b5s", "ms", "s", "sec", "secs", "m", "min", "mins", "h", "hr", "hrs", "d", "day", "days",
            "b", "B", "kb", "kB", "KB", "Kb", "mb", "MB", "Mb", "gb", "GB", "Gb", "tb", "TB", "KiB", "MiB", "GiB",
            "TiB", "k", "K", "M", "G", "T", "bytes", "bps", "kbps", "Mbps", "Gbps", "Hz", "kHz", "MHz", "GHz", "x");

    /**
     * Last labels that make a dotted name a host name: generic domains and country codes that are not
     * also common file extensions or English words ({@code .sh}, {@code .py}, {@code .md}, {@code .so},
     * {@code .cc}, {@code .in}, {@code .it}, {@code .is}, {@code .to}, ... are left out).
     */
    private static final Set<String> TOP_LEVEL_DOMAINS = Set.of(
            "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "io", "local", "localdomain", "internal",
            "lan", "arpa", "cloud", "app", "dev", "online", "site", "tech", "xyz", "corp", "home",
            "cn", "hk", "tw", "jp", "kr", "uk", "de", "fr", "nl", "ru", "br", "au", "us", "eu", "ch", "fi", "dk",
            "cz", "hu", "ua", "mx", "cl", "za", "sg", "nz", "ie", "vn");

    /** Source-file extensions: {@code Foo.cpp:120} and {@code main.go:42} are code locations, not host:port. */
    private static final Set<String> SOURCE_EXTENSIONS = Set.of("c", "cc", "cpp", "cxx", "h", "hh", "hpp", "m", "mm",
            "java", "kt", "scala", "groovy", "py", "go", "rs", "js", "mjs", "ts", "rb", "php", "pl", "pm", "sh", "lua",
            "cs", "swift", "ex", "exs", "erl", "hs", "ml", "clj", "dart", "zig", "nim", "jl", "r");

    /** First labels of Java/Android package names, which read like reversed domains. */
    private static final Set<String> PACKAGE_ROOTS = Set.of("java", "javax", "jdk", "sun", "android", "androidx",
            "kotlin", "scala", "akka");

    private Masker() {
    }

    /** Masks a whole message, keeping its whitespace. */
    public static String mask(String message) {
        StringBuilder b = new StringBuilder(message.length());
        int n = message.length();
        int i = 0;
        while (i < n) {
            int s = i;
            while (i < n && isSpace(message.charAt(i))) {
                i++;
            }
            b.append(message, s, i);
            s = i;
            while (i < n && !isSpace(message.charAt(i))) {
                i++;
            }
            if (i > s) {
                b.append(maskToken(message.substring(s, i)));
            }
        }
        return b.toString();
    }

    /** A unit of time or size written after a number: {@code ms}, {@code sec}, {@code seconds}, {@code KB}, ... */
    public static boolean isUnit(String word) {
        return UNITS.contains(word) || LONG_UNITS.contains(word);
    }

    private static final Set<String> LONG_UNITS = Set.of("second", "seconds", "minute", "minutes", "hour", "hours",
            "millis", "milliseconds", "microseconds", "nanoseconds", "byte", "kilobytes", "megabytes", "gigabytes");

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b';
    }

    /** Masks one whitespace-free token. */
    public static String maskToken(String tok) {
        // one pass: a digit, a path/e-mail char or a literal word (true, null, root, ...) needs the full
        // masking; every other token (most words) is returned as it is
        int n = tok.length();
        int word = 0; // start of the current word between delimiters
        for (int i = 0; i < n; i++) {
            char c = tok.charAt(i);
            if (c >= '0' && c <= '9' || c == '/' || c == '@' || c == '~' || c == '\\'
                    || c == '.' && i > 0 && i + 1 < n && isAsciiLetter(tok.charAt(i + 1))) {
                return new Builder(tok).run();
            }
            if (isDelimiter(c)) {
                int len = i - word;
                if ((len == 4 || len == 5) && isLiteral(tok, word, i)) {
                    return new Builder(tok).run();
                }
                word = i + 1;
            }
        }
        int len = n - word;
        if ((len == 4 || len == 5) && isLiteral(tok, word, n)) {
            return new Builder(tok).run();
        }
        return tok;
    }

    /** Booleans, null, and the default user names of the Loghub template guidelines (Khan et al., ICSE 2022). */
    static boolean isLiteral(String t, int s, int e) {
        int len = e - s;
        if (len == 4) {
            return t.regionMatches(true, s, "true", 0, 4) || t.regionMatches(true, s, "null", 0, 4)
                    || t.regionMatches(false, s, "root", 0, 4);
        }
        if (len == 5) {
            return t.regionMatches(true, s, "false", 0, 5) || t.regionMatches(false, s, "admin", 0, 5);
        }
        return false;
    }

    private static boolean isOpening(char c) {
        return c == '(' || c == '[' || c == '{' || c == '<' || c == '"' || c == '\'';
    }

    private static boolean isClosing(char c) {
        switch (c) {
            case ')': case ']': case '}': case '>': case '"': case '\'': case ',': case ';': case ':': case '.':
            case '!': case '?':
                return true;
            default:
                return false;
        }
    }

    static boolean isPathDelimiter(char c) {
        switch (c) {
            case ',': case '!': case ';': case ':': case '=': case '|': case '"': case '\'':
            case '[': case ']': case '(': case ')': case '{': case '}': case '<': case '>':
                return true;
            default:
                return false;
        }
    }

    static boolean isWordDelimiter(char c) {
        switch (c) {
            case '.': case '-': case '+': case '@': case '#': case '$': case '%': case '&': case '/':
                return true;
            default:
                return false;
        }
    }

    /** Delimiters used when two template tokens are aligned piece by piece. */
    static boolean isDelimiter(char c) {
        return isPathDelimiter(c) || isWordDelimiter(c);
    }

    /** Masks one token: reads its chars from an array, writes into a char buffer (no StringBuilder). */
    private static final class Builder {
        private final String src;
        private final char[] t;
        private final char[] o;   // output; at most 3 chars per input char plus one variable
        private int len;          // output length

        Builder(String src) {
            this.src = src;
            this.t = src.toCharArray();
            this.o = new char[3 * t.length + 3];
        }

        private void append(char c) {
            o[len++] = c;
        }

        private void appendVar() {
            o[len++] = '<';
            o[len++] = '*';
            o[len++] = '>';
        }

        private void append(int s, int e) {
            System.arraycopy(t, s, o, len, e - s);
            len += e - s;
        }

        String run() {
            int n = t.length;
            int a = 0;
            int b = n;
            while (a < b && isOpening(t[a])) {
                a++;
            }
            while (b > a && isClosing(t[b - 1])) {
                b--;
            }
            if (b > a && wholeVariable(a, b)) {
                append(0, a);
                appendVar();
                append(b, n);
                return new String(o, 0, len);
            }
            int i = 0;
            boolean afterEquals = false;
            while (i < n) {
                char c = t[i];
                if (isPathDelimiter(c)) {
                    append(c);
                    afterEquals = c == '=';
                    i++;
                    continue;
                }
                int s = i;
                while (i < n && !isPathDelimiter(t[i])) {
                    i++;
                }
                piece(s, i, afterEquals);
                afterEquals = false;
            }
            return collapseInPlace(o, len);
        }

        private boolean wholeVariable(int a, int b) {
            int len = b - a; // (of the token, not the output)
            int scheme = src.indexOf("://", a);
            if (scheme > a && scheme < b) {
                return true;
            }
            int at = src.indexOf('@', a);
            if (at > a && at < b - 3 && src.indexOf('.', at) > at + 1 && src.indexOf('/', a) < 0) {
                boolean ok = true;
                for (int i = a; i < b && ok; i++) {
                    char c = t[i];
                    ok = Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '@'
                            || c == '%';
                }
                if (ok) {
                    return true;
                }
            }
            if (isColonHex(a, b) || isWindowsPath(a, b)) {
                return true;
            }
            if (len == 36 && t[a + 8] == '-' && t[a + 13] == '-' && t[a + 18] == '-' && t[a + 23] == '-') {
                for (int i = a; i < b; i++) {
                    char c = t[i];
                    if (c != '-' && Character.digit(c, 16) < 0) {
                        return false;
                    }
                }
                return true;
            }
            return false;
        }

        /**
         * IPv6 addresses, MACs and clock times: hex groups joined by ':' (at least two of them, a digit
         * somewhere), e.g. {@code fe80::1ff:fe23:4567:890a}, {@code 00:1a:2b:3c:4d:5e}, {@code 12:30:45},
         * optionally with a dotted IPv4 tail or a {@code %zone}; and MACs written with '-'
         * ({@code 00-1A-2B-3C-4D-5E}: six 2-digit groups).
         */
        private boolean isColonHex(int a, int b) {
            int colons = 0;
            int dashes = 0;
            boolean digit = false;
            int group = 0;
            for (int i = a; i < b; i++) {
                char c = t[i];
                if (c == ':') {
                    colons++;
                    group = 0;
                } else if (c == '-') {
                    dashes++;
                    if (group != 2) {
                        return false;
                    }
                    group = 0;
                } else if (c == '%' && colons >= 2) {
                    return digit; // zone id: the rest is a name
                } else if (c == '.' && colons >= 2) {
                    group = 0;
                } else if (Character.digit(c, 16) >= 0 && c < 128) {
                    digit |= c <= '9';
                    if (++group > 4) {
                        return false;
                    }
                } else {
                    return false;
                }
            }
            if (dashes > 0) {
                return colons == 0 && dashes == 5 && group == 2;
            }
            return digit && colons >= 2 && (b - a > colons + 1);
        }

        /** {@code C:\dir\file}, {@code \\server\share}: a drive letter or UNC prefix and a backslash. */
        private boolean isWindowsPath(int a, int b) {
            if (b - a >= 3 && t[a + 1] == ':' && t[a + 2] == '\\' && Character.isLetter(t[a])) {
                return true;
            }
            return b - a >= 3 && t[a] == '\\' && t[a + 1] == '\\' && isWordChar(t[a + 2]);
        }

        /**
         * A host name: two or more dot-separated DNS labels ending in a top-level domain
         * ({@code www.example.com}, {@code cp-1.vm1.cloudlab.us}), or any dotted name followed by
         * {@code :port} ({@code db.internal:5432}). Java package/class names are not hosts: they
         * start with a top-level-domain word ({@code org.apache.Foo}) or end in a capitalised label.
         */
        private boolean isHostName(int s, int e, boolean beforePort) {
            int labels = 1;
            int labelStart = s;
            boolean letter = false;
            for (int i = s; i < e; i++) {
                char c = t[i];
                if (c == '.') {
                    if (i == labelStart || i + 1 == e || t[i - 1] == '-') {
                        return false;
                    }
                    labels++;
                    labelStart = i + 1;
                } else if (c == '-') {
                    if (i == labelStart) {
                        return false;
                    }
                } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                    letter = true;
                } else if (!(c >= '0' && c <= '9')) {
                    return false;
                }
            }
            if (labels < 2 || !letter) {
                return false;
            }
            int firstEnd = s;
            while (t[firstEnd] != '.') {
                firstEnd++;
            }
            if (TOP_LEVEL_DOMAINS.contains(src.substring(s, firstEnd)) || PACKAGE_ROOTS.contains(src.substring(s, firstEnd))) {
                return false; // a reversed domain: a Java package or class
            }
            String last = src.substring(labelStart, e);
            if (beforePort) {
                // host names are written in lower case; a capitalised dotted name is a class or file
                for (int i = s; i < e; i++) {
                    if (t[i] >= 'A' && t[i] <= 'Z') {
                        return false;
                    }
                }
                return !SOURCE_EXTENSIONS.contains(last);
            }
            return TOP_LEVEL_DOMAINS.contains(last);
        }

        /** A piece between path delimiters: a path, or words between word delimiters. */
        private void piece(int s, int e, boolean afterEquals) {
            char c0 = t[s];
            if (e - s > 1 && (c0 == '/' || c0 == '~' && t[s + 1] == '/'
                    || c0 == '.' && (src.startsWith("./", s) || src.startsWith("../", s)))
                    && isPath(s, e)) {
                appendVar();
                return;
            }
            if (e - s > 3 && isHostName(s, e, e + 1 < t.length && t[e] == ':' && isDigit(t[e + 1]))) {
                appendVar();
                return;
            }
            if (afterEquals) {
                for (int i = s; i < e; i++) {
                    char c = t[i];
                    if (c >= '0' && c <= '9') {
                        appendVar();
                        return;
                    }
                }
            }
            int i = s;
            int runStart = -1;      // output index where the current dotted run starts
            boolean runAllDigits = true;
            boolean runMasked = false;
            while (i < e) {
                char c = t[i];
                boolean sign = (c == '-' || c == '+') && i + 1 < e && isDigit(t[i + 1])
                        && (i == s || isDelimiter(t[i - 1]) || t[i - 1] == '_');
                if (isWordDelimiter(c) && !sign) {
                    if (c != '.') {
                        closeRun(runStart, runAllDigits, runMasked);
                        runStart = -1;
                    }
                    append(c);
                    i++;
                    continue;
                }
                int ws = i;
                i++;
                while (i < e && !isWordDelimiter(t[i])) {
                    i++;
                }
                if (runStart < 0) {
                    runStart = len;
                    runAllDigits = true;
                    runMasked = false;
                }
                boolean hasDigit = false;
                for (int k = ws; k < i && !hasDigit; k++) {
                    hasDigit = isDigit(t[k]);
                }
                runAllDigits &= hasDigit;
                if (isVariableWord(ws, i)) {
                    appendVar();
                    runMasked = true;
                } else {
                    append(ws, i);
                }
            }
            closeRun(runStart, runAllDigits, runMasked);
        }

        /**
         * A dotted run whose every word has a digit and one of them is a number is a version or
         * address as a whole: {@code v1.0.0}, {@code dquot_6.5.1}, {@code 1f.0} become {@code <*>}.
         */
        private void closeRun(int runStart, boolean allDigits, boolean masked) {
            if (runStart < 0 || !allDigits || !masked) {
                return;
            }
            int end = len;
            while (end > runStart && o[end - 1] == '.') {
                end--;
            }
            int tail = len - end; // trailing dots
            len = runStart;
            appendVar();
            for (int k = 0; k < tail; k++) {
                append('.');
            }
        }

        private boolean isPath(int s, int e) {
            int slashes = 0;
            for (int i = s; i < e; i++) {
                char c = t[i];
                if (c == '/') {
                    slashes++;
                    if (i + 1 < e && t[i + 1] == '/') {
                        return false;
                    }
                }
            }
            return slashes >= 1;
        }

        private boolean isVariableWord(int s, int e) {
            int len = e - s;
            int digits = 0;
            int letters = 0;
            int switches = 0;
            int prevClass = 0;
            boolean hex = true;
            for (int i = s; i < e; i++) {
                char c = t[i];
                int cls;
                if (c >= '0' && c <= '9') {
                    digits++;
                    cls = 1;
                } else if (c < 128 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : Character.isLetter(c)) {
                    letters++;
                    cls = 2;
                    if (c < 128 ? (c | 0x20) > 'f' : Character.digit(c, 16) < 0) {
                        hex = false;
                    }
                } else {
                    cls = prevClass;
                    if (!(i == s && (c == '-' || c == '+'))) {
                        hex = false;
                    }
                }
                if (prevClass != 0 && cls != prevClass) {
                    switches++;
                }
                prevClass = cls;
            }
            if (digits == 0) {
                return len >= 4 && len <= 5 && isLiteral(s, e);
            }
            if (digits + letters == 0) {
                return false;
            }
            char c0 = t[s];
            int start = c0 == '-' || c0 == '+' ? s + 1 : s;
            if (letters == 0) {
                return true; // 42, -7, 1_000 (underscores), ...
            }
            if (len > 2 && t[start] == '0' && (t[start + 1] == 'x' || t[start + 1] == 'X')) {
                return true;
            }
            if (hex && len >= 8) {
                return true;
            }
            if (digits >= 6 || digits >= 4 && digits * 3 >= len) {
                return true;
            }
            if (switches >= 3) {
                return true;
            }
            // number followed by a unit: 12ms, 10MB, 4KiB
            int k = start;
            while (k < e && isDigit(t[k])) {
                k++;
            }
            return k > start && k < e && UNITS.contains(src.substring(k, e));
        }

        private boolean isLiteral(int s, int e) {
            return Masker.isLiteral(src, s, e);
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * A word glued to a variable ({@code blk_<*>}) becomes {@code <*>}; {@code <*>} runs joined by
     * nothing, '.', '-' or '_' become one {@code <*>}. One pass.
     */
    static String collapse(CharSequence r) {
        int n = r.length();
        boolean any = false;
        for (int i = 0; i + 2 < n && !any; i++) {
            any = r.charAt(i) == '<' && r.charAt(i + 1) == '*' && r.charAt(i + 2) == '>';
        }
        if (!any) {
            return r.toString();
        }
        StringBuilder b = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            if (i + 2 < n && r.charAt(i) == '<' && r.charAt(i + 1) == '*' && r.charAt(i + 2) == '>') {
                int k = b.length();
                while (k > 0 && isWordChar(b.charAt(k - 1))) {
                    k--;
                }
                b.setLength(k);
                boolean endsVar = endsWithVar(b, b.length());
                if (!endsVar && k > 0 && isJoiner(b.charAt(k - 1))
                        && endsWithVar(b, k - 1)) {
                    b.setLength(k - 1);
                    endsVar = true;
                }
                if (!endsVar) {
                    b.append(VAR);
                }
                i += 3;
                while (i < n && isWordChar(r.charAt(i))) {
                    i++;
                }
            } else {
                b.append(r.charAt(i));
                i++;
            }
        }
        return b.toString();
    }

    /**
     * {@link #collapse} of {@code r[0, n)} computed in place (the output never runs ahead of the input:
     * it grows by at most the chars just read).
     */
    private static String collapseInPlace(char[] r, int n) {
        int len = 0;
        int i = 0;
        boolean any = false;
        for (int k = 0; k + 2 < n && !any; k++) {
            any = r[k] == '<' && r[k + 1] == '*' && r[k + 2] == '>';
        }
        if (!any) {
            return new String(r, 0, n);
        }
        while (i < n) {
            if (i + 2 < n && r[i] == '<' && r[i + 1] == '*' && r[i + 2] == '>') {
                int k = len;
                while (k > 0 && isWordChar(r[k - 1])) {
                    k--;
                }
                len = k;
                boolean endsVar = endsWithVar(r, len);
                if (!endsVar && k > 0 && isJoiner(r[k - 1]) && endsWithVar(r, k - 1)) {
                    len = k - 1;
                    endsVar = true;
                }
                i += 3;
                if (!endsVar) {
                    r[len++] = '<';
                    r[len++] = '*';
                    r[len++] = '>';
                }
                while (i < n && isWordChar(r[i])) {
                    i++;
                }
            } else {
                r[len++] = r[i];
                i++;
            }
        }
        return new String(r, 0, len);
    }

    /** Chars that join two variables into one: {@code 10.0.0.1}, {@code 2015-10-18}, {@code host:port}, {@code 00:01}. */
    private static boolean isJoiner(char c) {
        return c == '.' || c == '-' || c == '_' || c == ':';
    }

    private static boolean endsWithVar(char[] b, int end) {
        return end >= 3 && b[end - 1] == '>' && b[end - 2] == '*' && b[end - 3] == '<';
    }

    private static boolean endsWithVar(CharSequence b, int end) {
        return end >= 3 && b.charAt(end - 1) == '>' && b.charAt(end - 2) == '*' && b.charAt(end - 3) == '<';
    }

}
