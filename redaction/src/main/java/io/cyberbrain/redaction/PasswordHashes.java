package io.cyberbrain.redaction;

import static io.cyberbrain.redaction.Chars.TE;
import static io.cyberbrain.redaction.Chars.TS;
import static io.cyberbrain.redaction.Values.acceptPassword;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Password hashes in their documented string formats. A stored hash is as good as the password to anyone who can
 * run a cracker on it (rule 3: passwords), and unlike a digest in a log line it is always a credential: these
 * formats exist only to store or exchange passwords. No keyword is needed; the formats are specific enough.
 *
 * <ul>
 *   <li>crypt(3) modular crypt format, {@code $id$[params$]salt$hash}: MD5-crypt ({@code $1$}, Apache
 *       {@code $apr1$}), bcrypt ({@code $2a$ $2b$ $2x$ $2y$}), SHA-crypt ({@code $5$ $6$}, optional
 *       {@code rounds=N$}), yescrypt ({@code $y$ $gy$}), scrypt ({@code $7$}), NetBSD {@code $sha1$}, phpass
 *       ({@code $P$ $H$}), Drupal 7 ({@code $S$}), NT-hash ({@code $3$$}), with each scheme's salt and hash lengths;</li>
 *   <li>PHC string format ({@code $argon2id$v=19$m=65536,t=3,p=4$salt$hash}; scrypt, pbkdf2-sha*, bcrypt-sha256,
 *       balloon), salt and hash segments required;</li>
 *   <li>framework formats: Django ({@code pbkdf2_sha256$iterations$salt$hash}), Werkzeug
 *       ({@code pbkdf2:sha256:600000$salt$hex}), PostgreSQL ({@code SCRAM-SHA-256$iter:salt$stored:server},
 *       {@code md5} + 32 hex), MySQL native ({@code *} + 40 upper-case hex), RFC 2307 / Dovecot / Spring
 *       scheme prefixes ({@code {SSHA}...}, {@code {PBKDF2-SHA256}...}, {@code {bcrypt}...}; the cleartext
 *       schemes {@code {PLAIN}}, {@code {CLEARTEXT}}, {@code {noop}} carry the password itself);</li>
 *   <li>the cracking-tool formats of captured Windows and Kerberos credentials: Kerberos AS-REP / TGS / pre-auth
 *       ({@code $krb5asrep$}, {@code $krb5tgs$}, {@code $krb5pa$}), domain cached credentials ({@code $DCC2$}),
 *       {@code $NT$}, NetNTLMv1/v2 responses ({@code user::domain:challenge:response:blob}) and pwdump lines
 *       ({@code user:rid:LM:NT:::}).</li>
 * </ul>
 *
 * <p>Cost: the text is searched for '$', '{', '*', "::" and "md5" with indexOf; patterns are anchored there.
 */
final class PasswordHashes {

    private PasswordHashes() {
    }

    private static final String B64 = "[./A-Za-z0-9]";

    /* Anchored at a '$' that starts a token. */
    private static final Pattern DOLLAR = Pattern.compile("\\$(?:"
            + "(?:1|apr1|md5)\\$" + B64 + "{0,8}+\\$" + B64 + "{22}"
            + "|2[abxy]?\\$\\d{2}\\$" + B64 + "{53}"
            + "|[56]\\$(?:rounds=\\d{1,9}\\$)?" + B64 + "{0,16}+\\$(?:" + B64 + "{86}|" + B64 + "{43})"
            + "|g?y\\$" + B64 + "{1,64}+\\$" + B64 + "{0,64}+\\$" + B64 + "{43}"
            + "|7\\$" + B64 + "{11,64}+\\$" + B64 + "{43}"
            + "|sha1\\$\\d{1,10}\\$" + B64 + "{1,64}+\\$" + B64 + "{28}"
            + "|[PH]\\$" + B64 + "{31}"
            + "|S\\$" + B64 + "{52}"
            + "|3\\$\\$[0-9a-f]{32}"
            + "|NT\\$[0-9A-Fa-f]{32}"
            + "|DCC2?\\$(?:\\d{1,6}#)?[^\\s#$]{1,64}#[0-9A-Fa-f]{32}"
            + ")" + TE
            // no end check: the blob runs to a blank, quote or separator, and longer ones are cut at the cap
            + "|\\$krb5(?:asrep|tgs|pa|db)\\$\\d{1,2}\\$[^\\s'\"`<>,;]{16,16384}+");
    /* PHC string format: $id[$v=N][$params]$salt$hash; the last segment (the hash) must be 16+ characters. */
    private static final Pattern PHC = Pattern.compile(
            "\\$(?:argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha(?:1|256|512))?|bcrypt-sha256|balloon)"
                    + "((?:\\$[A-Za-z0-9/+.=,\\-]{1,128}+){2,5}+)" + TE);
    /* Formats whose first '$' follows an algorithm name (Django, Werkzeug, PostgreSQL SCRAM). */
    private static final Pattern NAMED = Pattern.compile(TS + "(?:"
            + "(?:pbkdf2_sha(?:1|256)|scrypt)\\$\\d{1,10}\\$[A-Za-z0-9]{1,64}+\\$(?:\\d{1,3}\\$\\d{1,3}\\$)?"
            + "[A-Za-z0-9+/]{20,}+={0,2}"
            + "|(?:sha1|md5)\\$[A-Za-z0-9]{1,64}+\\$(?:[0-9a-f]{40}|[0-9a-f]{32})"
            + "|(?:pbkdf2:sha(?:1|256|512)(?::\\d{1,10})?|scrypt:\\d{1,10}:\\d{1,3}:\\d{1,3})\\$[A-Za-z0-9]{1,64}+\\$"
            + "[0-9a-f]{32,256}+"
            + "|SCRAM-SHA-(?:1|256|512)\\$\\d{1,10}:[A-Za-z0-9+/=]{8,}+\\$[A-Za-z0-9+/=]{20,}+:[A-Za-z0-9+/=]{20,}+"
            + ")" + TE);
    /* RFC 2307 userPassword, Dovecot and Spring Security DelegatingPasswordEncoder scheme prefixes. */
    private static final Pattern SCHEME = Pattern.compile("\\{(?i:"
            + "(s?sha(?:-?1|256|384|512)?|s?md5|md4|crypt|pbkdf2(?:-sha(?:1|256|512))?|x-pbkdf2|argon2(?:id|i|d)?"
            + "|bcrypt|blf-crypt|(?:sha256|sha512|md5)-crypt|scrypt|ssha-?512|ldap)"
            + "|(plain|cleartext|clear|noop))\\}([^\\s\"'`,;<>]{1,512}+)");
    /* MySQL mysql_native_password: '*' + SHA1(SHA1(password)) in upper-case hex. */
    private static final Pattern MYSQL = Pattern.compile("(?<![A-Za-z0-9*])\\*[0-9A-F]{40}(?![A-Za-z0-9])");
    /* PostgreSQL md5 authentication: "md5" + MD5(password || user). */
    private static final Pattern PG_MD5 = Pattern.compile(TS + "md5[0-9a-f]{32}" + TE);
    /* NetNTLMv1/v2 challenge-response (user::domain:...) and pwdump (user:rid:LM:NT:::); group 1 is masked. */
    private static final Pattern NTLM = Pattern.compile("[^\\s:]{1,64}+::[^\\s:]{0,64}+:("
            + "[0-9A-Fa-f]{16}:[0-9A-Fa-f]{32}:[0-9A-Fa-f]{32,8192}+|[0-9A-Fa-f]{48}:[0-9A-Fa-f]{48}:[0-9A-Fa-f]{16})"
            + "(?![0-9A-Za-z])");
    private static final Pattern PWDUMP =
            Pattern.compile("[^\\s:]{1,64}+:\\d{1,10}:([0-9A-Fa-f]{32}:[0-9A-Fa-f]{32}):::");

    static void passwordHashes(Scan s) {
        String t = s.text;
        int covered = -1;
        for (int i = t.indexOf('$'); i >= 0; i = t.indexOf('$', i + 1)) {
            if (i < covered) {
                continue;
            }
            int end = dollarHash(s, i);
            if (end < 0 && i > 0 && isNameChar(t.charAt(i - 1))) {
                int st = i;
                while (st > 0 && i - st < 24 && isNameChar(t.charAt(st - 1))) {
                    st--;
                }
                Matcher m = s.matcher(NAMED);
                m.region(st, Math.min(s.n, i + 700));
                if (m.lookingAt()) {
                    s.add(m.start(), m.end(), EntityClass.PASSWORD_HASH);
                    end = m.end();
                }
            }
            covered = Math.max(covered, end);
        }
        for (int i = t.indexOf('{'); i >= 0; i = t.indexOf('{', i + 1)) {
            Matcher m = s.matcher(SCHEME);
            m.region(i, Math.min(s.n, i + 540));
            if (!m.lookingAt()) {
                continue;
            }
            if (m.group(2) == null ? m.end(3) - m.start(3) >= 12 : acceptPassword(m.group(3), true)) {
                s.add(m.group(2) == null ? m.start() : m.start(3), m.end(),
                        m.group(2) == null ? EntityClass.PASSWORD_HASH : EntityClass.PASSWORD);
            }
            i = m.end() - 1; // the value is one run: no scheme starts inside it
        }
        for (int i = t.indexOf('*'); i >= 0; i = t.indexOf('*', i + 1)) {
            Matcher m = s.matcher(MYSQL);
            m.region(i, Math.min(s.n, i + 41));
            if (m.lookingAt()) {
                s.add(m.start(), m.end(), EntityClass.PASSWORD_HASH);
            }
        }
        for (int i = t.indexOf("md5"); i >= 0; i = t.indexOf("md5", i + 1)) {
            Matcher m = s.matcher(PG_MD5);
            m.region(i, Math.min(s.n, i + 35));
            if (m.lookingAt()) {
                s.add(m.start(), m.end(), EntityClass.PASSWORD_HASH);
            }
        }
        for (int i = t.indexOf("::"); i >= 0; i = t.indexOf("::", i + 2)) {
            int st = i;
            while (st > 0 && i - st < 64 && !Character.isWhitespace(t.charAt(st - 1)) && t.charAt(st - 1) != ':') {
                st--;
            }
            Matcher m = s.matcher(NTLM);
            m.region(st, Math.min(s.n, i + 8400));
            if (m.lookingAt()) {
                s.add(m.start(1), m.end(1), EntityClass.PASSWORD_HASH);
            }
            if (t.startsWith(":::", i)) {
                pwdump(s, i);
            }
        }
    }

    private static int dollarHash(Scan s, int i) {
        String t = s.text;
        char prev = i > 0 ? t.charAt(i - 1) : ' ';
        if (Character.isLetterOrDigit(prev) || prev == '_') {
            return -1; // inside a longer token: not where a hash starts
        }
        Matcher m = s.matcher(DOLLAR);
        m.region(i, Math.min(s.n, i + 16500));
        if (m.lookingAt()) {
            s.add(m.start(), m.end(), EntityClass.PASSWORD_HASH);
            return m.end();
        }
        m = s.matcher(PHC);
        m.region(i, Math.min(s.n, i + 700));
        if (m.lookingAt() && lastSegment(m.group(1)) >= 16) {
            s.add(m.start(), m.end(), EntityClass.PASSWORD_HASH);
            return m.end();
        }
        return -1;
    }

    /** pwdump: back from ":::" to the start of the line's first field. */
    private static void pwdump(Scan s, int tripleColon) {
        String t = s.text;
        int st = t.lastIndexOf('\n', tripleColon) + 1;
        while (st < tripleColon && Character.isWhitespace(t.charAt(st))) {
            st++;
        }
        if (tripleColon - st > 200) {
            return;
        }
        Matcher m = s.matcher(PWDUMP);
        m.region(st, Math.min(s.n, tripleColon + 3));
        if (m.lookingAt() && m.end() == tripleColon + 3) {
            s.add(m.start(1), m.end(1), EntityClass.PASSWORD_HASH);
        }
    }

    private static int lastSegment(String segments) {
        return segments.length() - segments.lastIndexOf('$') - 1;
    }

    private static boolean isNameChar(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'
                || ch == ':' || ch == '-';
    }
}
