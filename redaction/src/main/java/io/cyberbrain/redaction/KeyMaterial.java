package io.cyberbrain.redaction;

import static io.cyberbrain.redaction.Chars.indexOf;
import static io.cyberbrain.redaction.Chars.isBase64Char;
import static io.cyberbrain.redaction.Chars.trimRight;
import static io.cyberbrain.redaction.Redactor.MAX_DECODE;
import static io.cyberbrain.redaction.Redactor.MAX_PEM;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Private keys: PEM blocks (also truncated), bare base64 DER keys, base64-encoded PEM files, the private members of
 * JSON Web Keys and the private lines of PuTTY key files.
 */
final class KeyMaterial {

    private KeyMaterial() {
    }

    /*
     * PEM armour. The label is free-form (RSA, EC, OPENSSH, ENCRYPTED, PGP ... BLOCK, even
     * "LOW ENTROPY"), so up to four upper-case words are accepted before "PRIVATE KEY". The END
     * line is searched separately (bounded window) instead of with a lazy ".*?" that would scan
     * the rest of a huge text for every BEGIN. Encrypted keys are masked too: a leaked encrypted
     * key is still open to offline passphrase guessing.
     */
    private static final Pattern PEM_BEGIN =
            Pattern.compile("-----BEGIN (?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY(?: BLOCK)?-----");
    private static final Pattern PEM_END =
            Pattern.compile("-----END (?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY(?: BLOCK)?-----");

    static void pemBlocks(Scan s) {
        String t = s.text;
        Matcher begin = s.matcher(PEM_BEGIN);
        Matcher end = s.matcher(PEM_END);
        int from = 0;
        while (from < s.n) {
            int idx = t.indexOf("-----BEGIN ", from);
            if (idx < 0) {
                return;
            }
            begin.region(idx, Math.min(s.n, idx + 128));
            if (!begin.lookingAt()) {
                from = idx + 11;
                continue;
            }
            int bodyStart = begin.end();
            // the block ends at END, at the next BEGIN (a header without body), or at the window
            int limit = Math.min(s.n, bodyStart + MAX_PEM);
            int nextBegin = t.indexOf("-----BEGIN ", bodyStart);
            if (nextBegin >= 0 && nextBegin < limit) {
                limit = nextBegin;
            }
            end.region(bodyStart, limit);
            int blockEnd;
            int bodyEnd;
            if (end.find()) {
                bodyEnd = end.start();
                blockEnd = end.end();
            } else {
                // truncated (e.g. one log line of a key): mask the header and the base64 that follows
                bodyEnd = extendBase64Lines(t, bodyStart, limit);
                blockEnd = bodyEnd;
            }
            // header="...BEGIN..." / footer="...END..." constants without a body are not keys
            if (base64Count(t, bodyStart, bodyEnd) >= 40 || bodyEnd == blockEnd) {
                s.add(idx, blockEnd, EntityClass.PRIVATE_KEY);
            }
            from = Math.max(blockEnd, idx + 11);
        }
    }

    /*
     * Private key members of a JSON Web Key (RFC 7518: "d" of RSA, EC and OKP keys, the RSA CRT values p, q, dp, dq,
     * qi, and "k" of a symmetric key), near a "kty" member. Public members (n, e, x, y, crv) stay.
     */
    private static final Pattern JWK_PRIVATE = Pattern.compile(
            "\"(?:d|p|q|dp|dq|qi|k)\"[ \\t\\r\\n]*:[ \\t\\r\\n]*\"([A-Za-z0-9_\\-]{16,8192}+)\"");

    /*
     * PuTTY private key files (.ppk): "Private-Lines: N" is followed by N lines of base64 holding the private key
     * (encrypted or not: an encrypted one is open to offline guessing, as for PEM).
     */
    private static final Pattern PPK_PRIVATE_LINES = Pattern.compile("Private-Lines:[ \\t]*(\\d{1,3})[ \\t]*\\r?\\n");

    static void keyDocuments(Scan s) {
        String t = s.text;
        int searched = 0; // windows do not overlap: linear however many keys the text holds
        for (int i = t.indexOf("\"kty\""); i >= 0; i = t.indexOf("\"kty\"", i + 5)) {
            Matcher m = s.matcher(JWK_PRIVATE);
            int from = Math.max(searched, i - 8192);
            searched = Math.max(from, Math.min(s.n, i + 16384));
            m.region(from, searched);
            while (m.find()) {
                s.add(m.start(1), m.end(1), EntityClass.PRIVATE_KEY);
            }
        }
        for (int i = t.indexOf("PuTTY-User-Key-File-"); i >= 0; i = t.indexOf("PuTTY-User-Key-File-", i + 20)) {
            int p = t.indexOf("Private-Lines:", i);
            if (p < 0 || p - i > 16384) {
                continue;
            }
            Matcher m = s.matcher(PPK_PRIVATE_LINES);
            m.region(p, Math.min(s.n, p + 24));
            if (!m.lookingAt()) {
                continue;
            }
            int lines = Integer.parseInt(m.group(1));
            int end = m.end();
            for (int k = 0; k < lines && end < s.n; k++) {
                int nl = t.indexOf('\n', end);
                end = nl < 0 ? s.n : nl + 1;
            }
            s.add(m.end(), trimRight(t, m.end(), end), EntityClass.PRIVATE_KEY);
        }
    }

    private static int base64Count(String t, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (isBase64Char(t.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    /**
     * From {@code pos}, extends over the rest of the line and over following lines that consist of
     * base64 (optionally wrapped in quotes, {@code +} concatenation, escaped newlines or comment
     * markers). Used for truncated PEM blocks and bare DER keys split over lines.
     */
    private static int extendBase64Lines(String t, int pos, int limit) {
        int end = pos;
        while (end < limit && t.charAt(end) != '\n') {
            end++;
        }
        int lines = 0;
        while (end < limit && lines < 400) {
            int ls = end + 1;
            int le = ls;
            while (le < limit && t.charAt(le) != '\n') {
                le++;
            }
            int run = 0;
            int longest = 0;
            boolean junk = false;
            for (int i = ls; i < le; i++) {
                char ch = t.charAt(i);
                if (isBase64Char(ch) || ch == '=') {
                    run++;
                    longest = Math.max(longest, run);
                } else {
                    run = 0;
                    if (" \t\r\"'+\\,;`*#/".indexOf(ch) < 0) {
                        junk = true;
                        break;
                    }
                }
            }
            if (junk || longest < 16) {
                break;
            }
            end = le;
            lines++;
        }
        return end;
    }

    /*
     * Bare base64 DER private keys (no PEM armour), e.g. a key pasted into XML or a Java string.
     * A DER private key is SEQUENCE { INTEGER version(0|1), ... }; base64 of
     * 30 82 LL LL 02 01 0x is "MII???IBA[AD]", 30 81 LL 02 01 00 is "MIG?AgEA", the short EC form
     * 30 77 02 01 01 04 is "MHcCAQEE" and Ed25519 PKCS#8 starts "MC4CAQAwBQYDK2Vw". Certificates
     * (public) start "MII?...CCA" and are not matched.
     */
    private static final Pattern DER_PRIVATE_KEY = Pattern.compile(
            "(?<![A-Za-z0-9+/])(?:MII[A-Za-z0-9+/]{3}IBA[AD]|MIG[A-Za-z0-9+/]AgEA|MH[cQ]CAQEE|MC4CAQAwBQYDK2Vw)"
                    + "[A-Za-z0-9+/]{40,}+={0,2}");

    static void derPrivateKeys(Scan s, int a, int b) {
        Matcher m = s.matcher(DER_PRIVATE_KEY);
        m.region(a, b);
        while (m.find()) {
            int end = m.end();
            if (end < s.n) {
                end = extendBase64Lines(s.text, end, Math.min(s.n, end + MAX_PEM));
            }
            s.add(m.start(), trimRight(s.text, m.start(), end), EntityClass.PRIVATE_KEY);
        }
    }

    /*
     * Long base64 blobs are decoded (bounded) and masked when the decoded text contains a PEM
     * private key: Kubernetes secrets ("tls.key: LS0tLS1CRUdJTi...") and base64'd config files.
     */
    private static final Pattern LONG_BASE64 =
            Pattern.compile("(?<![A-Za-z0-9+/=_\\-])[A-Za-z0-9+/]{120,}+={0,2}(?![A-Za-z0-9+/=_\\-])");
    private static final byte[] PRIVATE_KEY_MARKER = "PRIVATE KEY-----".getBytes(StandardCharsets.US_ASCII);

    static void base64EncodedPem(Scan s, int a, int b) {
        Matcher m = s.matcher(LONG_BASE64);
        m.region(a, b);
        while (m.find()) {
            int len = Math.min(m.end() - m.start(), MAX_DECODE) & ~3;
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(s.text.substring(m.start(), m.start() + len));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (indexOf(decoded, PRIVATE_KEY_MARKER) >= 0) {
                s.add(m.start(), m.end(), EntityClass.PRIVATE_KEY);
            }
        }
    }
}
