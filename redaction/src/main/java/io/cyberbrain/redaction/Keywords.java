package io.cyberbrain.redaction;

import static io.cyberbrain.redaction.Chars.hasWhitespace;
import static io.cyberbrain.redaction.Chars.isAsciiLetter;
import static io.cyberbrain.redaction.Chars.isDigit;
import static io.cyberbrain.redaction.Chars.isBase64Block;
import static io.cyberbrain.redaction.KeyNames.classifyKey;
import static io.cyberbrain.redaction.KeyNames.endsWithSecretWord;
import static io.cyberbrain.redaction.KeyNames.hasKeywordHint;
import static io.cyberbrain.redaction.KeyNames.splitWords;
import static io.cyberbrain.redaction.NumericDetectors.ssnWithContext;
import static io.cyberbrain.redaction.Values.acceptPassword;
import static io.cyberbrain.redaction.Values.acceptSecret;
import static io.cyberbrain.redaction.Values.parseValue;
import static io.cyberbrain.redaction.Values.parseValueWithCode;

import io.cyberbrain.redaction.KeyNames.KeyKind;
import io.cyberbrain.redaction.Values.Val;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keyword-driven secrets: key = value, CLI flags, Authorization/Bearer headers, XML elements, SQL,
 * PowerShell and curl credentials.
 */
final class Keywords {

    private Keywords() {
    }

    /*
     * Every detector in this section starts at a keyword. Rather than trying the patterns at every
     * position, the lower-cased text is searched (String.indexOf) for these fragments and the
     * patterns are anchored (lookingAt) at the start of the identifier around each hit.
     */
    private static final String[] KEY_HINTS = {
        "pass", "pw", "psw", "ssw", "pasw", "secret", "token", "key", "auth", "cred", "nonce", "bearer", "sig", "psk",
        "api"};

    static void keywordDetectors(Scan s) {
        String t = s.text;
        String lower = s.lower();
        java.util.BitSet starts = new java.util.BitSet();
        java.util.BitSet xmlStarts = new java.util.BitSet();
        for (String h : KEY_HINTS) {
            for (int i = lower.indexOf(h); i >= 0; i = lower.indexOf(h, i + 1)) {
                int st = i;
                int lim = Math.max(0, i - 64);
                while (st > lim && isKeyChar(t.charAt(st - 1))) {
                    st--;
                }
                starts.set(st);
                int lt = i;
                int ltLimit = Math.max(0, i - 340);
                while (lt > ltLimit && t.charAt(lt) != '<' && t.charAt(lt) != '>') {
                    lt--;
                }
                if (t.charAt(lt) == '<') {
                    xmlStarts.set(lt); // the hit is in a tag name or attribute
                }
                if (h.equals("bearer")) {
                    Matcher bearer = s.matcher(BEARER);
                    bearer.region(i, Math.min(s.n, i + 2100));
                    if (bearer.lookingAt() && acceptSecret(bearer.group(1), false)) {
                        s.add(bearer.start(1), bearer.end(1), EntityClass.API_KEY);
                    }
                }
            }
        }
        for (int st = starts.nextSetBit(0); st >= 0; st = starts.nextSetBit(st + 1)) {
            if (t.charAt(st) == '-') {
                cliFlag(s, s.matcher(CLI_FLAG), st);
            }
            if (st >= 2 && (t.charAt(st - 1) == ' ' || t.charAt(st - 1) == '\t') && isAsciiLetter(t.charAt(st - 2))) {
                keyPhrase(s, st);
            }
            int ks = st;
            while (ks < s.n && (t.charAt(ks) == '-' || t.charAt(ks) == '.')) {
                ks++;
            }
            if (ks >= s.n) {
                continue;
            }
            Matcher kv = s.matcher(KEY_VALUE);
            kv.region(ks, Math.min(s.n, ks + 160));
            if (kv.lookingAt()) {
                keyValue(s, kv);
            } else if (!(ks >= 2 && (t.charAt(ks - 1) == ' ' || t.charAt(ks - 1) == '\t') && isAsciiLetter(t.charAt(ks - 2)))) {
                // after another word it is a key phrase ("your public key AAAA..."): keyPhrase judges the words together
                Matcher kb = s.matcher(KEY_BLANK);
                kb.region(ks, Math.min(s.n, ks + 80));
                if (kb.lookingAt()) {
                    keyBlank(s, kb);
                }
            }
            Matcher kq = s.matcher(KEY_SPACE_QUOTED);
            kq.region(ks, Math.min(s.n, ks + 80));
            if (kq.lookingAt()) {
                keySpaceQuoted(s, kq);
            } else {
                Matcher kt = s.matcher(KEY_TYPED_QUOTED);
                kt.region(ks, Math.min(s.n, ks + 120));
                if (kt.lookingAt()) {
                    keySpaceQuoted(s, kt);
                }
            }
            if (lower.startsWith("authorization", ks) || lower.startsWith("proxy-authorization", ks)) {
                Matcher auth = s.matcher(AUTH_HEADER);
                auth.region(ks, Math.min(s.n, ks + 2200));
                if (auth.lookingAt() && acceptSecret(auth.group(1), false)) {
                    s.add(auth.start(1), auth.end(1), EntityClass.API_KEY);
                }
            }
        }
        for (int st = xmlStarts.nextSetBit(0); st >= 0; st = xmlStarts.nextSetBit(st + 1)) {
            Matcher xml = s.matcher(XML_ELEMENT);
            xml.region(st, Math.min(s.n, st + 2800));
            if (xml.lookingAt()) {
                xmlElement(s, xml);
            }
            Matcher pair = s.matcher(XML_NAME_VALUE);
            pair.region(st, Math.min(s.n, st + 1400));
            if (pair.lookingAt()) {
                xmlNameValue(s, pair);
            }
        }
        sqlPasswords(s, lower);
        powershellSecureStrings(s, lower);
        curlUserPasswords(s, lower);
        ssnWithContext(s, lower);
    }

    private static boolean isKeyChar(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'
                || ch == '.' || ch == '-';
    }

    /* Authorization headers (HTTP, JSON, curl -H) with an optional scheme word. */
    private static final Pattern AUTH_HEADER = Pattern.compile(
            "(?i)(?<![a-z0-9_\\-])(?:proxy-)?authorization\\\\?[\"']?[ \\t]*[:=][ \\t]*\\\\?[\"']?"
                    + "(?:(?:basic|bearer|digest|ntlm|negotiate|token|bot|ssws|apikey|sso-key|hmac)[ \\t]+)?"
                    + "([A-Za-z0-9._~+/=:%\\-]{8,2048}+)");
    /* "Bearer <token>" anywhere (log lines often print the header value only). */
    private static final Pattern BEARER =
            Pattern.compile("(?i:(?<![A-Za-z0-9_\\-])bearer)[ \\t]+([A-Za-z0-9._~+/\\-]{16,2048}+=*)");

    /*
     * key <sep> value, the workhorse for code, config, YAML, JSON, .env, query strings and logs.
     * The key is an identifier (dots/dashes allowed: "ANY.secret", "secret-key") optionally closed
     * by a quote; separators cover assignment, YAML/JSON ':', Go ':=', Perl/Ruby '=>', comparisons
     * ('==', '!==' in code that checks a hard-coded password), URL-encoded '=' (%3D), and ',' (only
     * with a quoted value and an unquoted or call-argument key: setopt(CURLOPT_PASSWORD, "..."),
     * put("password", "...")). Whether the key names a secret is decided in Java (classifyKey).
     * Whitespace around the separator is [ \t] only (plus a literal "\t" inside JSON-escaped
     * strings), enough for columns aligned by hand: a value is never taken from the next line. A '$'
     * sigil may precede the key (PHP, PowerShell, Perl variables: $password = "x"), and the
     * compound assignments of PHP (.=), Make (::=, :::=, ?=) and JS/C# (??=, ||=) count.
     */
    private static final String KEY =
            "(?<![A-Za-z0-9_.\\-]|[A-Za-z0-9_.$\\-]\\$)([A-Za-z0-9_][A-Za-z0-9_.\\-]{0,63}+)";
    private static final String SP = "(?:[ \\t]|\\\\t)";
    private static final Pattern KEY_VALUE = Pattern.compile(
            KEY + "(\\\\?[\"'`])?\\]?" + SP + "{0,24}+"
                    + "(=>|->|:::=|::=|:=|===|!==|==|!=|\\?\\?=|\\|\\|=|\\?=|\\+=|\\.=|=|:(?!//)|%3[Dd]|,)"
                    + SP + "{0,24}+");
    /* key "value" (whitespace only, quoted value): #define PASSWORD "x", SET password "x". */
    private static final Pattern KEY_SPACE_QUOTED =
            Pattern.compile(KEY + SP + "{1,4}+(?=\\\\?[\"'`]|&quot;)");
    /*
     * A type or a verb between key and quoted value: Go/C-style typed declarations
     * (var apiToken string = "x", string apiKey = "x" is plain key = value), prose
     * ("the password is 'x'", "set the token to 'x'") and a dash as in lists ("staging token - 'x'"). Only quoted
     * values.
     */
    private static final Pattern KEY_TYPED_QUOTED = Pattern.compile(KEY + SP + "{1,4}+"
            + "(?:[A-Za-z_][A-Za-z0-9_.]{0,30}+(?:\\[\\])?\\*?" + SP + "{0,4}+=(?![=~>])|is|was|to|-)" + SP + "{1,4}+"
            + "(?=\\\\?[\"'`])");

    private static void keyValue(Scan s, Matcher m) {
        String key = m.group(1);
        if (!hasKeywordHint(key)) {
            return;
        }
        KeyKind kind = classifyKey(key);
        if (kind == KeyKind.NONE) {
            return;
        }
        if (",".equals(m.group(3))) {
            // a quoted key before ',' is a JSON value ("a": "api-key", "b": ...) unless it is a call argument
            int ks = m.start(1);
            boolean quotedKey = m.group(2) != null;
            boolean callArg = ks >= 2 && s.text.charAt(ks - 1) == '"' && s.text.charAt(ks - 2) == '(';
            if (quotedKey && !callArg) {
                return;
            }
        }
        Val v = parseValueWithCode(s.text, m.end());
        if (v == null || (",".equals(m.group(3)) && !v.quoted())) {
            return;
        }
        addKeyed(s, kind, v);
    }

    /*
     * A key, blanks, a bare value: how tools print and people paste credentials ("podioToken 7f3a...",
     * "acme-private-key 4c1d2e3f-...", "dailyKEY 9c2e..."). Stricter than key = value, as for key phrases without
     * ':' or '=': the key must end with its secret word (it names the secret, not a thing about it: "TokenFilter x"
     * stays), and the value must be a generated-looking secret of 20 or more characters.
     */
    private static final Pattern KEY_BLANK = Pattern.compile(KEY + "[ \\t]{1,12}+(?=[A-Za-z0-9])");

    private static void keyBlank(Scan s, Matcher m) {
        String key = m.group(1);
        if (!hasKeywordHint(key) || classifyKey(key) != KeyKind.SECRET || !endsWithSecretWord(key)) {
            return;
        }
        Val v = parseValue(s.text, m.end());
        if (v != null && v.end() - v.start() >= 20 && acceptSecret(s.text.substring(v.start(), v.end()), false)) {
            s.add(v.start(), v.end(), EntityClass.API_KEY);
        }
    }

    private static void keySpaceQuoted(Scan s, Matcher m) {
        String key = m.group(1);
        if (!hasKeywordHint(key)) {
            return;
        }
        KeyKind kind = classifyKey(key);
        if (kind != KeyKind.NONE) {
            Val v = parseValue(s.text, m.end());
            if (v != null && v.quoted()) {
                addKeyed(s, kind, v);
            }
        }
    }

    /*
     * A key written as words, as tools print credentials and people write them down: "Unseal Key 2: <key>",
     * "Access Token      <token>", "client secret = <secret>", "access token sgp_...". One or two words before
     * the keyword, an optional number, then ':' or '=' - or only blanks, in which case the value must be a
     * generated-looking secret of 20 or more characters ("access token expired" and "api key rotation" stay).
     * The phrase is classified like any key ("public key", "primary key", "token count" are not secrets).
     */
    private static final Pattern KEY_PHRASE = Pattern.compile(
            "([A-Za-z][A-Za-z0-9\\-]{0,20}+(?:[ \\t][A-Za-z][A-Za-z0-9_\\-]{0,30}+){1,2}(?:[ \\t]\\d{1,2})?)"
                    + "(?:[ \\t]*+([:=])|[ \\t]{1,12}+(?=[^\\s:=]))[ \\t]*+");

    private static void keyPhrase(Scan s, int keywordStart) {
        String t = s.text;
        // back over up to two words on the same line
        int p = keywordStart;
        for (int words = 0; words < 2; words++) {
            int q = p - 1;
            if (q < 1 || (t.charAt(q) != ' ' && t.charAt(q) != '\t') || !isAsciiLetter(t.charAt(q - 1))) {
                break;
            }
            int w = q - 1;
            while (w > 0 && (isAsciiLetter(t.charAt(w - 1)) || isDigit(t.charAt(w - 1)) || t.charAt(w - 1) == '-')) {
                w--;
            }
            if (w > 0 && isKeyChar(t.charAt(w - 1))) {
                break;
            }
            p = w;
            Matcher m = s.matcher(KEY_PHRASE);
            m.region(p, Math.min(s.n, keywordStart + 96));
            if (m.lookingAt() && m.end(1) > keywordStart) {
                phraseValue(s, m);
            }
        }
    }

    private static void phraseValue(Scan s, Matcher m) {
        KeyKind kind = classifyKey(m.group(1));
        if (kind == KeyKind.NONE) {
            return;
        }
        Val v = parseValue(s.text, m.end());
        if (v == null) {
            return;
        }
        if (m.group(2) != null) {
            addKeyed(s, kind, v);
        } else if (kind == KeyKind.SECRET && v.end() - v.start() >= 20
                && acceptSecret(s.text.substring(v.start(), v.end()), v.quoted())) {
            s.add(v.start(), v.end(), EntityClass.API_KEY);
        }
    }

    static void addKeyed(Scan s, KeyKind kind, Val v) {
        if (Chars.isUuencodedLine(s.text, v.start())) {
            return; // "PW:" inside encoded binary data
        }
        String value = s.text.substring(v.start(), v.end());
        if (kind == KeyKind.PASSWORD ? acceptPassword(value, v.quoted()) : acceptSecret(value, v.quoted())) {
            s.add(v.start(), v.end(), kind == KeyKind.PASSWORD ? EntityClass.PASSWORD : EntityClass.API_KEY);
        }
    }

    /*
     * Command-line flags: --password=x, --password x, -Password 'x', --token x, -Token:x,
     * --oauth2-bearer "x". A space-separated value must not itself look like another flag, and
     * switches that only ask for a secret (--ask-pass, --password-stdin, --no-password) are skipped
     * through the key classification (leading/trailing deny words).
     */
    private static final Pattern CLI_FLAG = Pattern.compile(
            "(?<![A-Za-z0-9_\\-])--?([A-Za-z][A-Za-z0-9_\\-]{0,47}+)(?:([=:])|[ \\t]++)");

    private static void cliFlag(Scan s, Matcher m, int st) {
        m.region(st, Math.min(s.n, st + 64));
        if (!m.lookingAt()) {
            return;
        }
        String key = m.group(1);
        if (!hasKeywordHint(key)) {
            return;
        }
        KeyKind kind = classifyKey(key);
        if (kind == KeyKind.NONE) {
            return;
        }
        if (m.group(2) == null && FLAG_SWITCH_WORDS.contains(splitWords(key).get(0))) {
            return;
        }
        Val v = parseValue(s.text, m.end());
        if (v == null || (!v.quoted() && s.text.charAt(v.start()) == '-')) {
            return; // no value, or the next flag
        }
        addKeyed(s, kind, v);
    }

    private static final Set<String> FLAG_SWITCH_WORDS = Set.of(
            "ask", "no", "prompt", "use", "require", "skip", "disable", "enable", "show", "print",
            "reset", "change", "forgot", "generate", "random", "read", "stdin", "with", "without");

    /*
     * <password>value</password>, <token name="x">value</token>, <entry key="password">v</entry>.
     * Multi-line element text is accepted only when it is a (quoted) base64 block, never prose.
     */
    private static final Pattern XML_ELEMENT = Pattern.compile(
            "<([A-Za-z_][A-Za-z0-9_.:\\-]{0,40}+)((?:[ \\t\\r\\n][^<>]{0,300}+)?)>([^<]{1,2048}+)</\\1[ \\t]*>");
    private static final Pattern XML_NAME_ATTR =
            Pattern.compile("(?:name|key|id)[ \\t]*=[ \\t]*[\"']([A-Za-z0-9_.\\-]{1,64})[\"']");

    /*
     * A setting written as one element with a name attribute and a value attribute: .NET appSettings
     * (<add key="DbPassword" value="x"/>), Ant/Maven/Spring properties (<property name="db.password" value="x"/>).
     */
    private static final Pattern XML_NAME_VALUE = Pattern.compile(
            "<[A-Za-z_][A-Za-z0-9_.:\\-]{0,40}+[ \\t\\r\\n](?:[^<>]{0,300}?[ \\t\\r\\n])?"
                    + "(?:name|key|id)[ \\t]*=[ \\t]*[\"']([A-Za-z0-9_.:\\-]{1,64})[\"'][ \\t\\r\\n]"
                    + "(?:[^<>]{0,300}?[ \\t\\r\\n])?value[ \\t]*=[ \\t]*(?:\"([^\"<>\\n]{1,1024})\"|'([^'<>\\n]{1,1024})')");

    private static void xmlNameValue(Scan s, Matcher m) {
        String name = m.group(1);
        if (!hasKeywordHint(name)) {
            return;
        }
        KeyKind kind = classifyKey(name);
        int g = m.group(2) != null ? 2 : 3;
        if (kind != KeyKind.NONE) {
            addKeyed(s, kind, new Val(m.start(g), m.end(g), true));
        }
    }

    private static void xmlElement(Scan s, Matcher m) {
        String t = s.text;
        KeyKind kind = hasKeywordHint(m.group(1)) ? classifyKey(m.group(1)) : KeyKind.NONE;
        if (kind == KeyKind.NONE && !m.group(2).isEmpty()) {
            Matcher a = XML_NAME_ATTR.matcher(m.group(2));
            if (a.find() && hasKeywordHint(a.group(1))) {
                kind = classifyKey(a.group(1));
            }
        }
        if (kind == KeyKind.NONE) {
            return;
        }
        int st = m.start(3);
        int e = m.end(3);
        while (st < e && Character.isWhitespace(t.charAt(st))) {
            st++;
        }
        while (e > st && Character.isWhitespace(t.charAt(e - 1))) {
            e--;
        }
        if (st >= e) {
            return;
        }
        if (hasWhitespace(t, st, e)) {
            if (isBase64Block(t, st, e)) {
                s.add(st, e, kind == KeyKind.PASSWORD ? EntityClass.PASSWORD : EntityClass.API_KEY);
            } else {
                generatedWords(s, st, e);
            }
            return;
        }
        addKeyed(s, kind, new Val(st, e, false));
    }

    /*
     * Element text of several words under a secret name: prose ("<password>Enter your password</password>") stays,
     * but a generated-looking word in it is the secret with decoration around it (an encrypted value with its
     * scheme, "{AQAAABAAA <ciphertext>}", a value with a comment).
     */
    private static void generatedWords(Scan s, int st, int e) {
        String t = s.text;
        int i = st;
        while (i < e) {
            while (i < e && !isWordChar(t.charAt(i))) {
                i++;
            }
            int w = i;
            while (i < e && isWordChar(t.charAt(i))) {
                i++;
            }
            if (i - w >= 16 && acceptSecret(t.substring(w, i), false)) {
                s.add(w, i, EntityClass.API_KEY);
            }
        }
    }

    private static boolean isWordChar(char ch) {
        return Chars.isAsciiAlnum(ch) || ch == '+' || ch == '/' || ch == '=' || ch == '_' || ch == '-' || ch == '.';
    }

    /*
     * SQL: IDENTIFIED BY 'x', IDENTIFIED WITH plugin BY|AS 'x', [WITH|LOGIN|ENCRYPTED] PASSWORD x.
     * An unquoted value must contain a non-letter so SQL keywords (PASSWORD EXPIRE, HISTORY) and
     * PASSWORD('x') function calls are not taken for passwords.
     */
    private static final Pattern SQL_PASSWORD = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_])(?:IDENTIFIED[ \\t]+(?:WITH[ \\t]+['\"`]?[A-Za-z0-9_$]{1,40}['\"`]?[ \\t]+)?(?:BY|AS)"
                    + "(?:[ \\t]+PASSWORD)?|(?:LOGIN|WITH|ENCRYPTED|UNENCRYPTED)[ \\t]+PASSWORD)[ \\t]+(?:=[ \\t]*)?");

    private static void sqlPasswords(Scan s, String lower) {
        Matcher m = s.matcher(SQL_PASSWORD);
        for (String h : new String[] {"identified", "password"}) {
            for (int i = lower.indexOf(h); i >= 0; i = lower.indexOf(h, i + 1)) {
                int st = i;
                if (h.equals("password")) {
                    // the keyword before PASSWORD (LOGIN, WITH, ENCRYPTED, UNENCRYPTED)
                    st = i;
                    while (st > 0 && (lower.charAt(st - 1) == ' ' || lower.charAt(st - 1) == '\t')) {
                        st--;
                    }
                    while (st > 0 && i - st < 16 && lower.charAt(st - 1) >= 'a' && lower.charAt(st - 1) <= 'z') {
                        st--;
                    }
                    if (st == i) {
                        continue;
                    }
                }
                m.region(st, Math.min(s.n, i + 120));
                if (m.lookingAt()) {
                    Val v = parseValue(s.text, m.end());
                    if (v == null) {
                        continue;
                    }
                    String value = s.text.substring(v.start(), v.end());
                    if (!v.quoted() && value.chars().allMatch(Character::isLetter)) {
                        continue;
                    }
                    if (acceptPassword(value, v.quoted())) {
                        s.add(v.start(), v.end(), EntityClass.PASSWORD);
                    }
                }
            }
        }
    }

    /* PowerShell: ConvertTo-SecureString [-String] [-AsPlainText] [-Force] <plain text>. */
    private static final Pattern PS_SECURE_STRING = Pattern.compile(
            "(?i)ConvertTo-SecureString(?:[ \\t]+-(?:String|AsPlainText|Force)(?![A-Za-z]))*+[ \\t]+");

    private static void powershellSecureStrings(Scan s, String lower) {
        Matcher m = s.matcher(PS_SECURE_STRING);
        for (int i = lower.indexOf("convertto-securestring"); i >= 0; i = lower.indexOf("convertto-securestring", i + 1)) {
            m.region(i, Math.min(s.n, i + 100));
            if (!m.lookingAt()) {
                continue;
            }
            Val v = parseValue(s.text, m.end());
            if (v != null && !(s.text.charAt(v.start()) == '-' && !v.quoted())) {
                String value = s.text.substring(v.start(), v.end());
                if (acceptPassword(value, v.quoted())) {
                    s.add(v.start(), v.end(), EntityClass.PASSWORD);
                }
            }
        }
    }

    /* curl -u user:password / --user / --proxy-user: the part after the first ':' is the password. */
    private static final Pattern CURL_USER = Pattern.compile(
            "(?<![A-Za-z0-9_\\-])(?:-u|--user|--proxy-user|-U)(?:[ \\t]++|=)(['\"]?)([^\\s:'\"]{1,64}+):([^\\s'\"]{1,128}+)\\1");

    private static void curlUserPasswords(Scan s, String lower) {
        Matcher m = s.matcher(CURL_USER);
        for (int i = lower.indexOf("-u"); i >= 0; i = lower.indexOf("-u", i + 1)) {
            int st = i;
            while (st > 0 && i - st < 12 && isKeyChar(s.text.charAt(st - 1))) {
                st--; // back to the start of "--user" / "--proxy-user"
            }
            m.region(st, Math.min(s.n, st + 220));
            if (m.lookingAt() && acceptPassword(m.group(3), !m.group(1).isEmpty())) {
                s.add(m.start(3), m.end(3), EntityClass.PASSWORD);
            }
        }
    }

}
