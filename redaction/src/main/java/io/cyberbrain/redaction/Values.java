package io.cyberbrain.redaction;

import static io.cyberbrain.redaction.Chars.allSame;
import static io.cyberbrain.redaction.Chars.isIdentifierLike;
import static io.cyberbrain.redaction.Redactor.MAX_VALUE;
import static io.cyberbrain.redaction.TokenRuns.averageLowerRun;
import static io.cyberbrain.redaction.TokenRuns.isPlaceholderToken;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the value after a keyword (quoted, bare, code idioms) and decides whether it can be a secret.
 */
final class Values {

    private Values() {
    }

    // ----- value parsing -------------------------------------------------------------------

    record Val(int start, int end, boolean quoted) { }

    private static final String[] QUOTES = {"\"\"\"", "'''", "\\\"", "\\'", "&quot;", "&#39;", "\"", "'", "`"};
    /**
     * Characters that end an unquoted value. '&' ends it only when it starts the next query
     * parameter ("&name=") or an escaped tag ("&lt;"), so "Tr0ub4dor&3" and HTML-escaped values
     * ("p&amp;ss") stay whole; ';' only before blank/end/quote or the next "key=" (statement end,
     * connection strings "Password=x;Server=y").
     */
    private static final String BARE_STOP = "\"'`,<>()[]{}";
    private static final Pattern AMP_BOUNDARY = Pattern.compile("&(?:[A-Za-z_][A-Za-z0-9_.\\-]{0,40}=|lt;|gt;|quot;|#)");
    private static final Pattern SEMICOLON_BOUNDARY =
            Pattern.compile(";(?:$|[\\s;\"'`]|[A-Za-z_][A-Za-z0-9_ .\\-]{0,40}=)");

    /** Parses a quoted or bare value starting at {@code p}, never beyond the current line. */
    static Val parseValue(String t, int p) {
        int n = t.length();
        int limit = Math.min(n, p + MAX_VALUE);
        if (p >= limit) {
            return null;
        }
        char c0 = t.charAt(p);
        if ("bBrRuUf".indexOf(c0) >= 0 && p + 1 < limit && "\"'".indexOf(t.charAt(p + 1)) >= 0) {
            p++; // python b"..", r'..' prefixes
        }
        for (String q : QUOTES) {
            if (t.startsWith(q, p)) {
                int s = p + q.length();
                int e = findClosingQuote(t, s, limit, q);
                if (e < 0) {
                    // unclosed on this line (multi-line string): take the first run of the value
                    e = s;
                    while (e < limit && !Character.isWhitespace(t.charAt(e))) {
                        e++;
                    }
                    if (e > s && t.charAt(e - 1) == '\\') {
                        e--;
                    }
                }
                return e > s ? new Val(s, e, true) : null;
            }
        }
        int e = p;
        while (e < limit) {
            char ch = t.charAt(e);
            if (Character.isWhitespace(ch) || BARE_STOP.indexOf(ch) >= 0) {
                break;
            }
            if (ch == '\\' && e + 1 < n && "nrt\"'\\".indexOf(t.charAt(e + 1)) >= 0) {
                break; // escape sequence inside a JSON/C string: the value ended before it
            }
            if (ch == '&' || ch == ';') {
                Matcher b = (ch == '&' ? AMP_BOUNDARY : SEMICOLON_BOUNDARY).matcher(t);
                b.region(e, Math.min(n, e + 48));
                if (b.lookingAt()) {
                    break;
                }
            }
            e++;
        }
        while (e > p && (t.charAt(e - 1) == '.' || t.charAt(e - 1) == ':')) {
            e--; // sentence punctuation
        }
        return e > p ? new Val(p, e, false) : null;
    }

    private static int findClosingQuote(String t, int s, int limit, String q) {
        for (int i = s; i < limit; i++) {
            char ch = t.charAt(i);
            if (ch == '\n') {
                return -1;
            }
            if (t.startsWith(q, i)) {
                if (q.length() == 1 && i > s && t.charAt(i - 1) == '\\' && !(i > s + 1 && t.charAt(i - 2) == '\\')) {
                    continue; // escaped quote inside the string
                }
                return i;
            }
        }
        return -1;
    }

    /**
     * Like {@link #parseValue} but understands two code idioms: a type annotation between key and
     * value ({@code password: String = "x"}, {@code passwd: str = "x"}) and a lookup with a
     * hard-coded fallback ({@code getenv("X", "fallback")}, {@code os.environ.get("X") or "x"}),
     * whose fallback literal is the secret.
     */
    static Val parseValueWithCode(String t, int p) {
        Val v = parseValue(t, p);
        if (v == null || v.quoted()) {
            return v;
        }
        int n = t.length();
        int after = v.end();
        if (after < n && t.charAt(after) == '(') {
            return callFallback(t, after);
        }
        while (after < n && (t.charAt(after) == ' ' || t.charAt(after) == '\t')) {
            after++;
        }
        if (after < n && t.charAt(after) == '=' && (after + 1 >= n || "=>~".indexOf(t.charAt(after + 1)) < 0)
                && isIdentifierLike(t, v.start(), v.end())) {
            int q = after + 1;
            while (q < n && (t.charAt(q) == ' ' || t.charAt(q) == '\t')) {
                q++;
            }
            Val typed = parseValue(t, q);
            return typed != null && typed.quoted() ? typed : null;
        }
        return v;
    }

    static Val callFallback(String t, int open) {
        int limit = Math.min(t.length(), open + 256);
        int depth = 0;
        int lastComma = -1;
        int close = -1;
        char inQuote = 0;
        for (int i = open; i < limit && close < 0; i++) {
            char ch = t.charAt(i);
            if (ch == '\n') {
                break;
            }
            if (inQuote != 0) {
                if (ch == inQuote && t.charAt(i - 1) != '\\') {
                    inQuote = 0;
                }
                continue;
            }
            switch (ch) {
                case '"', '\'' -> inQuote = ch;
                case '(' -> depth++;
                case ')' -> {
                    depth--;
                    if (depth == 0) {
                        close = i;
                    }
                }
                case ',' -> {
                    if (depth == 1) {
                        lastComma = i;
                    }
                }
                default -> { }
            }
        }
        if (close < 0) {
            return null;
        }
        if (lastComma > 0) {
            int q = lastComma + 1;
            while (q < close && (t.charAt(q) == ' ' || t.charAt(q) == '\t')) {
                q++;
            }
            Val v = parseValue(t, q);
            return v != null && v.quoted() && v.end() <= close ? v : null;
        }
        Matcher m = FALLBACK_OP.matcher(t);
        m.region(close + 1, Math.min(t.length(), close + 16));
        if (m.lookingAt()) {
            Val v = parseValue(t, m.end());
            return v != null && v.quoted() ? v : null;
        }
        return null;
    }

    private static final Pattern FALLBACK_OP = Pattern.compile("[ \\t]*(?:or|\\|\\||\\?\\?|\\?:)[ \\t]*");

    // ----- value acceptance ----------------------------------------------------------------

    /** Values that are never secrets whatever the key says (placeholders, references, literals). */
    private static final Set<String> STOP_VALUES = Set.of(
            "null", "none", "nil", "true", "false", "undefined", "empty", "string", "str", "text", "bytes",
            "required", "optional", "secret", "secrets", "password", "passwd", "passphrase", "token", "key",
            "keys", "value", "redacted", "hidden", "masked", "example", "sample", "placeholder", "default",
            "changeme_in_production", "your_password", "yourpassword", "your-password", "mypassword", "xxx",
            "todo", "tbd", "n/a", "na", "env", "environment", "function", "object", "number", "int", "bool",
            "boolean", "char", "byte", "array", "list", "map", "dict", "any", "void", "self", "this",
            "incorrect", "invalid", "wrong", "missing", "expired", "changed", "reset", "updated", "mismatch",
            "accepted", "rejected", "success", "successful", "failed", "failure", "denied", "provided",
            "supplied", "unset", "set", "ok", "yes", "no", "on", "off", "enabled", "disabled", "unknown",
            "generated", "configured", "authenticated", "unauthorized", "forbidden", "valid", "verified",
            "refreshed", "revoked", "removed", "deleted", "created", "saved", "stored", "sent", "received");

    private static final Pattern PRINTF = Pattern.compile("%(?:\\([A-Za-z0-9_]+\\))?[-#0-9.]*[sdvqxr]");
    private static final Pattern HEX_LITERAL = Pattern.compile("0[xX][0-9A-Fa-f]+[uUlL]*");
    private static final Pattern WORDS_JOINED = Pattern.compile("[a-z]{2,}(?:[_\\-][a-z0-9]+)+");
    private static final Pattern CODE_REFERENCE =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)+");
    private static final Pattern VERSION = Pattern.compile("[vV]?\\d+(?:\\.\\d+)+(?:[-+.][A-Za-z0-9.]+)?");
    /* A name with a version: "Apache-2.0", "GPL-3.0-only", "openssl-1.1.1" (licences, packages). */
    private static final Pattern NAME_VERSION = Pattern.compile(
            "[A-Za-z][A-Za-z+]{1,30}+(?:-[A-Za-z]{1,30}+)*-[vV]?\\d{1,4}(?:\\.\\d{1,4}){1,3}(?:-[A-Za-z]{1,12})*");
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(?:[T ][0-9:.]+Z?)?");
    private static final Pattern SIMPLE_EMAIL = Pattern.compile("[^@\\s]+@[A-Za-z0-9.\\-]+\\.[A-Za-z]{2,}");

    static boolean isNonSecretValue(String v) {
        if (v.isEmpty()) {
            return true;
        }
        String lv = v.toLowerCase(Locale.ROOT);
        if (STOP_VALUES.contains(lv)) {
            return true;
        }
        char c0 = v.charAt(0);
        if (c0 == '$' && v.length() > 1) {
            char c1 = v.charAt(1);
            if (c1 == '{' || c1 == '(' || c1 == '_' || Character.isLetter(c1)) {
                return true; // $VAR, ${VAR}, $(cmd)
            }
        }
        if (c0 == '%' && (PRINTF.matcher(v).matches() || (v.length() > 2 && v.endsWith("%")))) {
            return true; // %s, %(name)s, %VAR%
        }
        if (c0 == '{' && isBraceWrappedCiphertext(v)) {
            return false; // Jenkins {AQAAABAAAA...=}, Maven {COQLCE6D...=}: encrypted, still crackable with the master key
        }
        if (c0 == '{' || c0 == '[' || c0 == '<' || v.contains("{{") || v.contains("${")) {
            return true; // templates, structures, <placeholders>
        }
        if (lv.startsWith("enc(") || lv.startsWith("[redacted") || lv.startsWith("vault:")) {
            return true; // encrypted config values (Jasypt ENC(...)), already-masked values, references
        }
        if (v.contains("***") || allSame(v, 0, v.length(), "*xX.•#-_?")) {
            return true; // masked values: ****, xxxx, ....
        }
        return HEX_LITERAL.matcher(v).matches();
    }

    /*
     * "{" + 16 or more base64 characters + "}" with letters and digits mixed: an encrypted value as Jenkins and Maven
     * store them, not a template ("{token}", "{password}", "{0}", "{user.name}" are names).
     */
    static boolean isBraceWrappedCiphertext(String v) {
        int n = v.length();
        if (n < 18 || v.charAt(n - 1) != '}') {
            return false;
        }
        for (int i = 1; i < n - 1; i++) {
            char ch = v.charAt(i);
            if (!(Chars.isAsciiAlnum(ch) || ch == '+' || ch == '/' || ch == '=' || ch == '_' || ch == '-')) {
                return false;
            }
        }
        String inner = v.substring(1, n - 1);
        return looksRandom(inner) && !isJoinedWords(inner) && !isPlaceholderToken(inner, 0, inner.length());
    }

    /*
     * Identifiers made of words (snake/kebab case, dotted references) are names, not secrets - unless one of their
     * parts is itself random: prefixed tokens ("live_mutw45mzls6fw...", "sm_pat_kqr9d2pcyr3s...",
     * "px-api-c20a3cba-d3c9-...") and dotted tokens ("dt0c01.cdfz70uvnq9ro63l...") have the same outline.
     */
    static boolean isJoinedWords(String v) {
        return WORDS_JOINED.matcher(v).matches() && !hasRandomPart(v, "_-");
    }

    static boolean isCodeReference(String v) {
        return CODE_REFERENCE.matcher(v).matches() && !hasRandomPart(v, "._");
    }

    /**
     * True when a part of {@code v} between separators looks generated: at least 8 characters mixing letters and
     * digits with 3 or more letter/digit alternations ("c20a3cba", "kqr9d2pcyr3sl3ez"; words with a number such as
     * "sha256", "user123", "utf8" have one), or 20 and more characters (no word is that long).
     */
    static boolean hasRandomPart(String v, String separators) {
        int start = 0;
        for (int i = 0; i <= v.length(); i++) {
            if (i == v.length() || separators.indexOf(v.charAt(i)) >= 0) {
                if (isRandomPart(v, start, i)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static boolean isRandomPart(String v, int s, int e) {
        if (e - s >= 20) {
            return true;
        }
        if (e - s < 8) {
            return false;
        }
        int alternations = 0;
        for (int i = s + 1; i < e; i++) {
            if (Character.isDigit(v.charAt(i)) != Character.isDigit(v.charAt(i - 1))) {
                alternations++;
            }
        }
        return alternations >= 3;
    }

    static boolean acceptPassword(String v, boolean quoted) {
        if (v.length() < 4 || v.length() > 256 || isNonSecretValue(v)) {
            return false;
        }
        // short plain words ("Palau", "abc", "test") are type names, placeholders or prose far more
        // often than passwords
        if (v.length() <= 5 && v.chars().allMatch(Character::isLetter)) {
            return false;
        }
        if (isJoinedWords(v)) {
            return false; // snake/kebab identifiers: db_password, my-client-password, peace_for_ukraine
        }
        if (!quoted && isCodeReference(v)) {
            return false; // self.password, config.db.pass
        }
        return !v.contains("://");
    }

    static boolean acceptSecret(String v, boolean quoted) {
        if (v.length() < 8 || isNonSecretValue(v)) {
            return false;
        }
        if (isJoinedWords(v) || VERSION.matcher(v).matches() || NAME_VERSION.matcher(v).matches()
                || DATE_LIKE.matcher(v).matches()) {
            return false;
        }
        if (!quoted && isCodeReference(v)) {
            return false;
        }
        if (v.contains("://") || SIMPLE_EMAIL.matcher(v).matches() || isPlainPath(v)) {
            return false;
        }
        if (isPlaceholderToken(v, 0, v.length())) {
            return false;
        }
        return looksRandom(v);
    }

    /**
     * A key/token value must look machine generated: letters and digits mixed, or a long
     * digit/separator string (numeric key, 20 digits and more), or a mixed-case letter string in short runs.
     * Plain words, numbers (ports, ids, timestamps) and CamelCase names are rejected.
     */
    static boolean looksRandom(String v) {
        int n = v.length();
        int upper = 0;
        int lower = 0;
        int digit = 0;
        for (int i = 0; i < n; i++) {
            char ch = v.charAt(i);
            if (ch >= 'A' && ch <= 'Z') {
                upper++;
            } else if (ch >= 'a' && ch <= 'z') {
                lower++;
            } else if (ch >= '0' && ch <= '9') {
                digit++;
            }
        }
        if (digit == n) {
            return n >= 20; // a numeric key; ids, ports, timestamps and counters are shorter
        }
        if (upper + lower == 0) {
            return n >= 16 && digit >= 12;
        }
        if (digit == 0) {
            // mixed case in short runs ("vZrEclFwOqeA"); names have long lower-case runs ("UserAccountsDb")
            return n >= 12 && upper >= 3 && lower >= 3 && averageLowerRun(v, 0, n) < 3.0;
        }
        return true;
    }

    private static boolean isPlainPath(String v) {
        if (!(v.startsWith("/") || v.startsWith("./") || v.startsWith("../") || v.startsWith("~/")
                || (v.length() > 2 && v.charAt(1) == ':' && (v.charAt(2) == '\\' || v.charAt(2) == '/')))) {
            return false;
        }
        int slash = Math.max(v.lastIndexOf('/'), v.lastIndexOf('\\'));
        String last = v.substring(slash + 1);
        if (last.contains(".")) {
            return true; // file with an extension
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isUpperCase(v.charAt(i))) {
                return false; // mixed case: more likely base64 that happens to start with '/'
            }
        }
        return true;
    }

}
