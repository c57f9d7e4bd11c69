package io.cyberbrain.model.redaction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets and personal data in free text (log lines, error messages, report samples,
 * notifications).
 *
 * <p>Detection is purely pattern based (JDK only, no model). Every detector proposes candidate
 * spans; overlapping candidates are resolved by {@link EntityClass} priority (declaration order),
 * then by length. The result is a sorted list of non-overlapping {@link RedactionSpan}s.
 *
 * <p>What is masked, by class: see {@link EntityClass}. Names and street addresses are not
 * attempted (no reliable pattern). Each detector's comment explains why its pattern is shaped the
 * way it is, in particular what it deliberately leaves alone in log lines (timestamps, versions,
 * PIDs, ports, durations, hashes, UUIDs, digests).
 *
 * <p>Performance: this runs on every log line. No pattern is tried at every character. Cheap
 * hand-written scans find candidate positions first - runs of token characters (shape-based
 * tokens, keys, IPs, MACs, container ids), hits of keyword fragments in a lower-case copy
 * (key=value, CLI flags, headers, SQL, XML), token-initial digits (cards, SSNs, phones, IBANs),
 * '@' (e-mail), "://" (URL credentials), "-----BEGIN " (PEM) - and the patterns are then anchored
 * there. Patterns use bounded and/or possessive repetition, and validation (Luhn, mod-97, IPv6
 * grammar, bech32, base64 decoding, key-name classification) is Java code on the candidate, not
 * nested quantifiers. Value parsing after a keyword is bounded to {@value #MAX_VALUE} characters,
 * base64 decoding to {@value #MAX_DECODE} and the PEM END search to {@value #MAX_PEM}, so the
 * cost is linear in the input (a 1 MB line takes well under a few seconds even when adversarial;
 * a typical 100-character log line about 10 microseconds).
 *
 * <p>Instances are immutable and thread-safe (only precompiled {@link Pattern}s are shared;
 * {@link Matcher}s are per call).
 */
public final class Redactor {

    private static final Redactor STANDARD = new Redactor();

    /** Longest value (password, token) looked at after a keyword. */
    static final int MAX_VALUE = 1024;
    /** Longest prefix of a base64 blob that is decoded to look for an embedded private key. */
    static final int MAX_DECODE = 65536;
    /** Longest distance searched between a PEM BEGIN and END line. */
    static final int MAX_PEM = 65536;

    /** Shared default instance. */
    public static Redactor standard() {
        return STANDARD;
    }

    public Redactor() {
        // stateless; all configuration is in the static patterns below
    }

    /**
     * Finds the sensitive spans of {@code text}.
     *
     * @return sorted, non-overlapping spans; empty for {@code null} or empty text
     */
    public List<RedactionSpan> find(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        Scan s = new Scan(text);
        // secrets
        pemBlocks(s);
        tokenRunDetectors(s);
        urlCredentials(s);
        keywordDetectors(s);
        // personal / infrastructure data
        emails(s);
        numericDetectors(s);
        homeUsers(s);
        return s.resolve();
    }

    /**
     * Replaces each sensitive span by its mask, e.g. {@code [REDACTED:EMAIL]}.
     *
     * @return the redacted text; {@code null} for {@code null}
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        List<RedactionSpan> spans = find(text);
        if (spans.isEmpty()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int pos = 0;
        for (RedactionSpan s : spans) {
            sb.append(text, pos, s.start()).append(s.entityClass().mask());
            pos = s.end();
        }
        return sb.append(text, pos, text.length()).toString();
    }

    // =====================================================================================
    // Shared pattern fragments
    // =====================================================================================

    /**
     * Token start: not preceded by a token character, or preceded by an ANSI colour escape
     * ({@code ESC[93m}), which coloured log output puts right in front of values. The cheap
     * {@code (?<=m)} check runs first so the bounded ANSI look-behind is rarely evaluated.
     */
    private static final String TS = "(?:(?<![A-Za-z0-9_\\-])|(?<=m)(?<=\\x1b\\[[0-9;]{0,12}m))";
    /** Token end: not followed by a token character. */
    private static final String TE = "(?![A-Za-z0-9_\\-])";

    // =====================================================================================
    // Private keys
    // =====================================================================================

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

    private static void pemBlocks(Scan s) {
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

    private static void derPrivateKeys(Scan s, int a, int b) {
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

    private static void base64EncodedPem(Scan s, int a, int b) {
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

    // =====================================================================================
    // Tokens with a recognisable shape (all found inside "token runs", see tokenRunDetectors)
    // =====================================================================================

    /**
     * Runs the shape-based detectors on each maximal run of token characters
     * ({@code [A-Za-z0-9_\-.$|:!/+=%~]}) of at least 7 characters. Most words of prose and of log
     * lines are shorter, so the (comparatively expensive) patterns run on a small part of the text;
     * the matchers use transparent bounds so their look-arounds still see the neighbours.
     */
    private static void tokenRunDetectors(Scan s) {
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

    /* header.payload.signature where header and payload are base64url JSON objects ("eyJ"). */
    private static final Pattern JWT = Pattern.compile(
            TS + "eyJ[A-Za-z0-9_\\-]{5,}+\\.eyJ[A-Za-z0-9_\\-]{5,}+\\.[A-Za-z0-9_\\-]{0,1024}+" + TE);

    private static void jwts(Scan s, int a, int b) {
        Matcher m = s.matcher(JWT);
        m.region(a, b);
        while (m.find()) {
            if (!isPlaceholderToken(s.text, m.start(), m.end())) {
                s.add(m.start(), m.end(), EntityClass.JWT);
            }
        }
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

    private static void urlCredentials(Scan s) {
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

    /*
     * Vendor token formats with a fixed prefix (or fixed structure). Prefixes are specific enough
     * that no keyword is needed; the body lengths follow the vendors' documentation (and the
     * gitleaks / CredSweeper rule sets). Every match also goes through isPlaceholderToken(), which
     * drops documentation values ("...EXAMPLE", "xxxx", "123456", "abcdef").
     */
    private static final Pattern VENDOR_TOKEN = Pattern.compile(TS + "(?:" + String.join("|",
            // AWS access key id (AKIA long-term, ASIA temporary, other IAM unique-id prefixes)
            "(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}",
            // GitHub classic and fine-grained tokens
            "gh[pousr]_[A-Za-z0-9]{36,255}",
            "github_pat_[A-Za-z0-9_]{50,255}",
            // GitLab personal/deploy/runner/... tokens
            "gl(?:pat|dt|rt|ptt|soat|cbt|imt|ft|agent|oas|ffct)-[A-Za-z0-9_\\-]{20,}",
            // Grafana: cloud access policy, service account, legacy API key (= base64 '{"k":"')
            "glc_[A-Za-z0-9+/_\\-]{32,}={0,2}",
            "glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}",
            "eyJrIjoi[A-Za-z0-9+/]{40,}={0,2}",
            // Slack bot/user/refresh/config tokens and app-level tokens
            "xox[abposre]-[A-Za-z0-9\\-]{10,}",
            "xapp-\\d-[A-Za-z0-9\\-]{10,}",
            // Stripe secret/restricted/publishable keys and webhook secrets
            "(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}",
            "whsec_[A-Za-z0-9]{24,}",
            // Google: API key, OAuth client secret, access token, refresh token
            "AIza[A-Za-z0-9_\\-]{35}",
            "GOCSPX-[A-Za-z0-9_\\-]{28}",
            "ya29\\.[A-Za-z0-9_\\-]{20,}",
            "1//0[A-Za-z0-9_\\-]{40,}",
            // OpenAI / Anthropic / DeepSeek style "sk-" keys
            "sk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)\\d{2}-)?[A-Za-z0-9_\\-]{20,}",
            // LLM / AI platforms: Groq, xAI, Perplexity, Tavily, Hugging Face, Replicate
            "gsk_[A-Za-z0-9]{40,}",
            "xai-[A-Za-z0-9]{40,}",
            "pplx-[A-Za-z0-9]{40,}",
            "tvly-(?:dev-|prod-)?[A-Za-z0-9]{20,}",
            "hf_[A-Za-z]{30,}",
            "r8_[A-Za-z0-9]{30,}",
            // Postman
            "PMAK-[a-f0-9]{24}-[a-f0-9]{34}",
            "PMAT-[A-Z0-9]{26}",
            // New Relic (user/browser/insights/... keys, and license keys ending in NRAL)
            "NR(?:AK|JS|BR|II|IQ|RA|RI|AA|SP)-[A-Za-z0-9_\\-]{10,}",
            "[a-z0-9]{36}NRAL",
            // Heroku, DigitalOcean, Docker Hub, Docker swarm
            "HRKU-[A-Za-z0-9_\\-]{20,}",
            "do[opr]_v1_[a-f0-9]{64}",
            "dckr_(?:pat|oat)_[A-Za-z0-9_\\-]{20,}",
            "SWMTKN-1-[a-z0-9]{40,60}-[a-z0-9]{20,30}",
            "SWMKEY-1-[A-Za-z0-9+/]{40,}",
            // Sentry, Supabase, SonarQube, Linear, PlanetScale, RubyGems, PostHog, Figma
            "sntry[su]_[A-Za-z0-9+/=_\\-]{40,}",
            "sbp_(?:v0_)?[a-f0-9]{40}",
            "sq[uap]_[a-f0-9]{40}",
            "lin_(?:api|oauth)_[A-Za-z0-9]{40}",
            "pscale_(?:pw|tkn|oauth|otkn)_[A-Za-z0-9_.=\\-]{32,}",
            "rubygems_[a-f0-9]{48}",
            "ph[cxsra]_[A-Za-z0-9]{40,}",
            "figd_[A-Za-z0-9_\\-]{40}",
            // Cloudflare, Doppler, Dynatrace, SendGrid
            "cf(?:at|ut|k)_[A-Za-z0-9]{40,}",
            "dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,}",
            "dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}",
            "SG\\.[A-Za-z0-9_\\-]{16,32}\\.[A-Za-z0-9_\\-]{16,64}",
            // Mailgun private key and webhook signing key, Mailchimp (datacenter suffix)
            "key-[a-f0-9]{32}",
            "[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}",
            "[A-Za-z0-9]{32}-us\\d{1,2}",
            // Square
            "sq0(?:atp|csp|idp)-[A-Za-z0-9_\\-]{22,}",
            "EAAA[A-Za-z0-9_\\-]{60}",
            // Telegram bot token: numeric bot id ':' "AA" + 33
            "\\d{8,10}:AA[A-Za-z0-9_\\-]{33}",
            // age secret key (bech32, checksum verified below), NATS nkey seed
            "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
            "S[UNOACSAXP][A-Z2-7]{56}",
            // Atlassian API token, Bitbucket app password, Bitbucket DC HTTP token
            "AT[AC]TT3[A-Za-z0-9_=\\-]{150,}",
            "ATBB[A-Za-z0-9]{28,}",
            "BBDC-[A-Za-z0-9+/=]{40,}",
            // 1Password service account, Brevo, WunderGraph, Defined Networking
            "ops_eyJ[A-Za-z0-9+/=_\\-]{100,}",
            "x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16}",
            "cosmo_[a-f0-9]{32}",
            "dnkey-[A-Z0-9]{26}-[A-Z0-9]{52}",
            // Facebook user/page access token and app token (app id | app secret)
            "EAA[A-Za-z0-9]{30,}",
            "\\d{15,16}\\|[A-Za-z0-9_\\-]{27,}",
            // Tencent WeChat app id
            "wx[a-f0-9]{16}",
            // PayPal Braintree access token
            "access_token\\$(?:production|sandbox)\\$[a-z0-9]{16}\\$[a-f0-9]{32}",
            // Salesforce session/access token (org id '!' token) and connected-app consumer key
            "00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{40,}",
            "3MVG9?[A-Za-z0-9._]{60,}",
            // Microsoft "common annotated security key" (Azure storage, ...): fixed JQQJ9 signature
            "[A-Za-z0-9]{52}JQQJ9[A-Za-z0-9]{20,}={0,2}",
            // Dropbox long-lived (11 chars + 10 x 'A' + 43) and short-lived tokens
            "[A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_=\\-]{43}",
            "sl\\.[A-Za-z0-9_=\\-]{130,}",
            // Twitter/X app-only bearer token
            "AAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{30,}",
            // NTLM authentication message (base64 of "NTLMSSP\0")
            "TlRMTVNTUA[A-Za-z0-9+/]{20,}={0,2}",
            // Shopify, npm, PyPI, HashiCorp Vault, Tailscale, Databricks, Pulumi, Terraform Cloud,
            // Portainer, Twilio API key
            "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",
            "npm_[A-Za-z0-9]{36}",
            "pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{50,}",
            "hv[sb]\\.[A-Za-z0-9_\\-]{24,}",
            "tskey-[a-z]{0,8}-?[A-Za-z0-9]{6,}-[A-Za-z0-9]{10,}",
            "dapi[a-f0-9]{32}(?:-\\d)?",
            "pul-[a-f0-9]{40}",
            "[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=\\-]{60,}",
            "ptr_[A-Za-z0-9+/=]{40,}",
            "SK[0-9a-f]{32}",
            // Azure AD client secret ("8Q~" style marker), JFrog API key and reference token
            // (base64 "reftkn:01:"), Airtable PAT, Alibaba access key id, Akamai EdgeGrid tokens
            "[A-Za-z0-9_~.\\-]{3}\\dQ~[A-Za-z0-9_~.\\-]{31,34}",
            "AKCp[A-Za-z0-9]{69}",
            "cmVmdGtuOjAx[A-Za-z0-9]{50,}",
            "pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}",
            "LTAI[A-Za-z0-9]{12,20}",
            "akab-[a-z0-9]{16}-[a-z0-9]{16}",
            // CircleCI, Clojars, Contentful, Buildkite, Sourcegraph, LangSmith, Pinecone, Notion
            "CCIP(?:AT|RJ)_[A-Za-z0-9]{22}_[a-f0-9]{40}",
            "CLOJARS_[a-z0-9]{60}",
            "CFPAT-[A-Za-z0-9_\\-]{43}",
            "bkua_[a-f0-9]{40}",
            "sgp_(?:[a-f0-9]{16}_)?[a-f0-9]{40}",
            "lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}",
            "pcsk_[A-Za-z0-9_]{40,}",
            "ntn_\\d{11}[A-Za-z0-9]{35}",
            // AWS MWS, Instagram, NuGet, GitLab runner registration, Mapbox secret, Cloudflare
            // origin CA key, Scaleway access key
            "amzn\\.mws\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "IGQVJ[A-Za-z0-9_]{100,}",
            "oy2[a-z0-9]{43}",
            "GR1348941[A-Za-z0-9_\\-]{20}",
            "sk\\.eyJ[A-Za-z0-9_\\-]{20,}\\.[A-Za-z0-9_\\-]{20,}",
            "v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}",
            "SCW[A-Z0-9]{17}",
            // Discord bot token: base64(user id).timestamp.hmac
            "[MNO][A-Za-z0-9_\\-]{23,25}\\.[A-Za-z0-9_\\-]{6}\\.[A-Za-z0-9_\\-]{27,38}") + ")" + TE);

    /* Webhook URLs whose path is the secret; the path is masked. */
    private static final Pattern WEBHOOK = Pattern.compile(
            "(?:hooks\\.slack\\.com/(?:services|workflows|triggers)/|discord(?:app)?\\.com/api/webhooks/)"
                    + "([A-Za-z0-9/_\\-]{20,512}+)");
    /* Google OAuth client id (project number - 32 chars .apps.googleusercontent.com). */
    private static final Pattern GOOGLE_CLIENT_ID =
            Pattern.compile(TS + "\\d{6,14}-[a-z0-9]{32}\\.apps\\.googleusercontent\\.com");

    private static void vendorTokens(Scan s, int a, int b) {
        String t = s.text;
        Matcher m = s.matcher(VENDOR_TOKEN);
        m.region(a, b);
        while (m.find()) {
            int st = m.start();
            int e = m.end();
            if (isPlaceholderToken(t, st, e) || embeddedInBase64(t, st, e)) {
                continue;
            }
            if (t.startsWith("AGE-SECRET-KEY-1", st) && !bech32Valid(t.substring(st, e).toLowerCase(Locale.ROOT))) {
                continue;
            }
            s.add(st, e, EntityClass.API_KEY);
        }
        if (b - a >= 40) {
            m = s.matcher(WEBHOOK);
            m.region(a, b);
            while (m.find()) {
                if (!isPlaceholderToken(t, m.start(1), m.end(1))) {
                    s.add(m.start(1), m.end(1), EntityClass.API_KEY);
                }
            }
            m = s.matcher(GOOGLE_CLIENT_ID);
            m.region(a, b);
            while (m.find()) {
                s.add(m.start(), m.end(), EntityClass.API_KEY);
            }
        }
    }

    /**
     * True when [s, e) sits inside a much longer base64 blob (an inline image, a certificate):
     * such a blob contains every short prefix ("EAA", "AIza", ...) by chance.
     */
    private static boolean embeddedInBase64(String t, int s, int e) {
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

    // =====================================================================================
    // Keyword driven secrets: key = value, CLI flags, headers, SQL, XML
    // =====================================================================================

    /*
     * Every detector in this section starts at a keyword. Rather than trying the patterns at every
     * position, the lower-cased text is searched (String.indexOf) for these fragments and the
     * patterns are anchored (lookingAt) at the start of the identifier around each hit.
     */
    private static final String[] KEY_HINTS = {
        "pass", "pw", "psw", "ssw", "pasw", "secret", "token", "key", "auth", "cred", "nonce", "bearer", "signature",
        "api"};

    private static void keywordDetectors(Scan s) {
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
            int ks = st;
            while (ks < s.n && (t.charAt(ks) == '-' || t.charAt(ks) == '.')) {
                ks++;
            }
            if (ks >= s.n) {
                continue;
            }
            Matcher kv = s.matcher(KEY_VALUE);
            kv.region(ks, Math.min(s.n, ks + 96));
            if (kv.lookingAt()) {
                keyValue(s, kv);
            }
            Matcher kq = s.matcher(KEY_SPACE_QUOTED);
            kq.region(ks, Math.min(s.n, ks + 80));
            if (kq.lookingAt()) {
                keySpaceQuoted(s, kq);
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
     * strings): a value is never taken from the next line.
     */
    private static final String KEY = "(?<![A-Za-z0-9_.$\\-])([A-Za-z0-9_][A-Za-z0-9_.\\-]{0,63}+)";
    private static final String SP = "(?:[ \\t]|\\\\t)";
    private static final Pattern KEY_VALUE = Pattern.compile(
            KEY + "(\\\\?[\"'`])?\\]?" + SP + "{0,4}+"
                    + "(=>|->|:=|===|!==|==|!=|\\?=|\\+=|=|:(?!//)|%3[Dd]|,)" + SP + "{0,4}+");
    /* key "value" (whitespace only, quoted value): #define PASSWORD "x", SET password "x". */
    private static final Pattern KEY_SPACE_QUOTED =
            Pattern.compile(KEY + SP + "{1,4}+(?=\\\\?[\"'`]|&quot;)");

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
        if (v == null || (",".equals(m.group(3)) && !v.quoted)) {
            return;
        }
        addKeyed(s, kind, v);
    }

    private static void keySpaceQuoted(Scan s, Matcher m) {
        String key = m.group(1);
        if (!hasKeywordHint(key)) {
            return;
        }
        KeyKind kind = classifyKey(key);
        if (kind != KeyKind.NONE) {
            Val v = parseValue(s.text, m.end());
            if (v != null && v.quoted) {
                addKeyed(s, kind, v);
            }
        }
    }

    private static void addKeyed(Scan s, KeyKind kind, Val v) {
        String value = s.text.substring(v.start, v.end);
        if (kind == KeyKind.PASSWORD ? acceptPassword(value, v.quoted) : acceptSecret(value, v.quoted)) {
            s.add(v.start, v.end, kind == KeyKind.PASSWORD ? EntityClass.PASSWORD : EntityClass.API_KEY);
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
        if (v == null || (!v.quoted && s.text.charAt(v.start) == '-')) {
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
            }
            return;
        }
        addKeyed(s, kind, new Val(st, e, false));
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
                    String value = s.text.substring(v.start, v.end);
                    if (!v.quoted && value.chars().allMatch(Character::isLetter)) {
                        continue;
                    }
                    if (acceptPassword(value, v.quoted)) {
                        s.add(v.start, v.end, EntityClass.PASSWORD);
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
            if (v != null && !(s.text.charAt(v.start) == '-' && !v.quoted)) {
                String value = s.text.substring(v.start, v.end);
                if (acceptPassword(value, v.quoted)) {
                    s.add(v.start, v.end, EntityClass.PASSWORD);
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

    // ----- key classification ------------------------------------------------------------
    /*
     * A key is split into words (snake_case, kebab-case, dotted, camelCase: "SecretAccessKey" ->
     * secret, access, key). It names a PASSWORD when a word is a password word (password, passwd,
     * pwd, pw, pass, passphrase and their usual misspellings/abbreviations, also as a suffix:
     * "mysqlpass", "userpwd") and a SECRET when a word is secret/token/key/auth/credential/...
     * A keyword immediately followed by a metadata word (password_id, token_url, secret_name,
     * key_length, --password-stdin) or a "key" preceded by an identifier word (public_key,
     * primaryKey, cache_key) does not count. PASSWORD values are accepted unless they are
     * placeholders or plain short words; SECRET values must in addition look machine generated
     * (looksRandom), because "token", "key" and "auth" also label ordinary values in logs.
     */

    enum KeyKind { NONE, PASSWORD, SECRET }

    /** Cheap substring pre-check before the word split. */
    private static boolean hasKeywordHint(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("pass") || k.contains("pw") || k.contains("psw") || k.contains("ssw") || k.contains("pasw")
                || k.contains("secret") || k.contains("token") || k.contains("key") || k.contains("auth")
                || k.contains("cred") || k.contains("nonce") || k.contains("bearer") || k.contains("signature")
                || k.contains("api");
    }

    private static final Set<String> PASSWORD_WORDS = Set.of(
            "password", "passwords", "passwd", "passwds", "passphrase", "passphrases", "pass", "pwd", "pw",
            "pswd", "pswrd", "psswd", "psswrd", "psword", "pssword", "paswd", "paswrd", "pasword", "passcode",
            "pword", "userpwd", "passwort", "contrasena", "senha", "mdp", "motdepasse");
    /* words ending in "pass" that are not about passwords */
    private static final Set<String> PASS_FALSE_FRIENDS = Set.of(
            "bypass", "compass", "surpass", "overpass", "underpass", "trespass", "impass", "encompass");
    private static final Set<String> SECRET_WORDS = Set.of(
            "secret", "secrets", "token", "tokens", "apikey", "apikeys", "key", "privatekey", "secretkey",
            "accesskey", "clientsecret", "credential", "credentials", "creds", "auth", "oauth", "authorization",
            "authentication", "authtoken", "bearer", "nonce", "signature", "xoauth2", "api");
    /*
     * A keyword directly followed by one of these names metadata about the secret, not the secret:
     * password_id, token_url, secret_name, key_length, password_file, --password-stdin, tokenType...
     */
    private static final Set<String> DENY_NEXT = Set.of(
            "id", "ids", "length", "len", "size", "min", "max", "count", "policy", "policies", "file", "files",
            "filename", "path", "dir", "url", "uri", "endpoint", "name", "names", "type", "types", "field", "label",
            "prompt", "hint", "regex", "pattern", "rule", "rules", "enabled", "disabled", "required", "expires",
            "expiry", "expiration", "expire", "expired", "ttl", "age", "reset", "changed", "strength", "mode",
            "format", "header", "timeout", "provider", "manager", "store", "method", "version", "algorithm",
            "alg", "index", "ref", "reference", "stdin", "env", "command", "cmd", "prefix", "suffix", "lifetime",
            "duration", "interval", "rotation", "location", "source", "bits", "usage", "status", "state", "error",
            "errors", "invalid", "check", "validation", "valid", "visible", "input", "placeholder", "template",
            "description", "desc", "help", "text", "title", "question", "limit", "attempts", "retries",
            "salt", "kind", "class", "info", "details", "list", "map", "table", "column", "issuer",
            "audience", "scope", "scopes", "client", "server", "host", "service", "uses", "used", "created",
            "updated", "mgr", "handler", "generator", "validator");
    /* "key" preceded by these is an identifier/lookup key, not a cryptographic one. */
    private static final Set<String> DENY_PREV_KEY = Set.of(
            "public", "pub", "primary", "foreign", "sort", "partition", "cache", "row", "lookup", "map", "hash",
            "hot", "idempotency", "dedup", "dedupe", "routing", "shard", "space", "group", "object", "composite",
            "natural", "surrogate", "unique", "index", "cluster", "message", "event", "translation", "i18n",
            "locale", "join", "bucket", "redis", "kv", "table", "column", "field", "registry", "config",
            "settings", "json", "dict", "property", "prop", "attr", "attribute", "item", "entry", "node", "tree",
            "cursor", "page", "next", "prev", "keyboard", "hotkey", "short", "shortcut", "sorting", "order",
            "ordering", "mapping", "cert", "certificate", "ssh", "gpg", "pgp", "activation", "product", "license");

    static KeyKind classifyKey(String key) {
        List<String> words = splitWords(key);
        KeyKind best = KeyKind.NONE;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            KeyKind k = familyOf(w);
            if (k == KeyKind.NONE) {
                continue;
            }
            if (i + 1 < words.size() && DENY_NEXT.contains(words.get(i + 1))) {
                continue;
            }
            if ((w.equals("key") || w.endsWith("key")) && i > 0 && DENY_PREV_KEY.contains(words.get(i - 1))) {
                continue;
            }
            if (k == KeyKind.PASSWORD) {
                return KeyKind.PASSWORD;
            }
            best = KeyKind.SECRET;
        }
        return best;
    }

    private static KeyKind familyOf(String w) {
        if (PASSWORD_WORDS.contains(w) || w.startsWith("passw")) {
            return KeyKind.PASSWORD;
        }
        if (w.endsWith("password") || w.endsWith("passwd") || w.endsWith("passphrase") || w.endsWith("pswd")
                || (w.endsWith("pwd") && w.length() <= 12)
                || (w.endsWith("pass") && w.length() <= 12 && !PASS_FALSE_FRIENDS.contains(w))
                || (w.endsWith("pw") && w.length() <= 6)) {
            return KeyKind.PASSWORD;
        }
        if (SECRET_WORDS.contains(w)) {
            return KeyKind.SECRET;
        }
        if (w.length() > 6 && (w.endsWith("secret") || w.endsWith("token") || w.endsWith("apikey")
                || w.endsWith("accesskey") || w.endsWith("secretkey") || w.endsWith("privatekey")
                || w.endsWith("credential") || w.endsWith("credentials"))) {
            return KeyKind.SECRET;
        }
        return KeyKind.NONE;
    }

    /** Splits an identifier into lower-case words on _ - . space and camelCase boundaries. */
    static List<String> splitWords(String key) {
        List<String> words = new ArrayList<>(4);
        StringBuilder cur = new StringBuilder();
        int n = key.length();
        for (int i = 0; i < n; i++) {
            char ch = key.charAt(i);
            if (ch == '_' || ch == '-' || ch == '.' || ch == ' ' || ch == '\\') {
                flushWord(words, cur);
                continue;
            }
            if (Character.isUpperCase(ch) && cur.length() > 0) {
                char prev = key.charAt(i - 1);
                boolean nextLower = i + 1 < n && Character.isLowerCase(key.charAt(i + 1));
                if (Character.isLowerCase(prev) || (Character.isUpperCase(prev) && nextLower)) {
                    flushWord(words, cur);
                }
            }
            cur.append(Character.toLowerCase(ch));
        }
        flushWord(words, cur);
        if (words.isEmpty()) {
            words.add("");
        }
        return words;
    }

    private static void flushWord(List<String> words, StringBuilder cur) {
        if (cur.length() > 0) {
            words.add(cur.toString());
            cur.setLength(0);
        }
    }

    // ----- value parsing -------------------------------------------------------------------

    private record Val(int start, int end, boolean quoted) { }

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
    private static Val parseValue(String t, int p) {
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
    private static Val parseValueWithCode(String t, int p) {
        Val v = parseValue(t, p);
        if (v == null || v.quoted) {
            return v;
        }
        int n = t.length();
        int after = v.end;
        if (after < n && t.charAt(after) == '(') {
            return callFallback(t, after);
        }
        while (after < n && (t.charAt(after) == ' ' || t.charAt(after) == '\t')) {
            after++;
        }
        if (after < n && t.charAt(after) == '=' && (after + 1 >= n || "=>~".indexOf(t.charAt(after + 1)) < 0)
                && isIdentifierLike(t, v.start, v.end)) {
            int q = after + 1;
            while (q < n && (t.charAt(q) == ' ' || t.charAt(q) == '\t')) {
                q++;
            }
            Val typed = parseValue(t, q);
            return typed != null && typed.quoted ? typed : null;
        }
        return v;
    }

    private static Val callFallback(String t, int open) {
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
            return v != null && v.quoted && v.end <= close ? v : null;
        }
        Matcher m = FALLBACK_OP.matcher(t);
        m.region(close + 1, Math.min(t.length(), close + 16));
        if (m.lookingAt()) {
            Val v = parseValue(t, m.end());
            return v != null && v.quoted ? v : null;
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

    static boolean acceptPassword(String v, boolean quoted) {
        if (v.length() < 4 || v.length() > 256 || isNonSecretValue(v)) {
            return false;
        }
        // short plain words ("Palau", "abc", "test") are type names, placeholders or prose far more
        // often than passwords
        if (v.length() <= 5 && v.chars().allMatch(Character::isLetter)) {
            return false;
        }
        if (WORDS_JOINED.matcher(v).matches()) {
            return false; // snake/kebab identifiers: db_password, my-client-password, peace_for_ukraine
        }
        if (!quoted && CODE_REFERENCE.matcher(v).matches()) {
            return false; // self.password, config.db.pass
        }
        return !v.contains("://");
    }

    static boolean acceptSecret(String v, boolean quoted) {
        if (v.length() < 8 || isNonSecretValue(v)) {
            return false;
        }
        if (WORDS_JOINED.matcher(v).matches() || VERSION.matcher(v).matches() || DATE_LIKE.matcher(v).matches()) {
            return false;
        }
        if (!quoted && CODE_REFERENCE.matcher(v).matches()) {
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
     * digit/separator string (numeric key), or a long mixed-case letter string. Plain words,
     * numbers (ports, ids, timestamps) and CamelCase names are rejected.
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
            return false;
        }
        if (upper + lower == 0) {
            return n >= 16 && digit >= 12;
        }
        if (digit == 0) {
            return n >= 16 && upper >= 3 && lower >= 3 && averageLowerRun(v, 0, n) < 3.0;
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

    // ----- token plausibility ----------------------------------------------------------------

    /**
     * Documentation/test values that have a token's shape but are not secrets: contain "example",
     * "fake" or "dummy",
     * a run of 6+ identical characters (except 'A' and '0', which are legitimate padding in base64
     * and hex encodings of zero bytes), a run of 6+ consecutive ascending or descending characters
     * ("123456", "abcdef", "654321"), too few distinct characters ("1010110..."), or prose glued
     * with dashes ("there-are-not-the-webhook-you-are-looking-for").
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
                if (same >= 6 && ch != 'A' && ch != '0') {
                    return true;
                }
                if (asc >= 6 || desc >= 6) {
                    return true;
                }
            }
            if (ch == '-' || ch == '_') {
                if (segLen >= 2 && segLen <= 10 && segAllLower) {
                    proseSegments++;
                    if (proseSegments >= 4) {
                        return true;
                    }
                } else {
                    proseSegments = 0;
                }
                segLen = 0;
                segAllLower = true;
            } else {
                segLen++;
                segAllLower &= ch >= 'a' && ch <= 'z';
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

    private static double averageLowerRun(CharSequence t, int s, int e) {
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

    // =====================================================================================
    // Personal and infrastructure data
    // =====================================================================================

    /*
     * E-mail: local part and domain are matched possessively (linear) and the domain is validated
     * in Java (labels, alphabetic TLD) instead of with nested "(label\.)+" quantifiers. Candidates
     * are anchored at each '@'. "git@host" (SSH remote user) is not a person's address.
     */
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+\\-])([A-Za-z0-9][A-Za-z0-9._%+\\-]{0,63}+)@([A-Za-z0-9][A-Za-z0-9.\\-]{0,252}+)");

    private static void emails(Scan s) {
        String t = s.text;
        Matcher m = s.matcher(EMAIL);
        for (int at = t.indexOf('@'); at >= 0; at = t.indexOf('@', at + 1)) {
            int st = at;
            while (st > 0 && at - st < 65 && isLocalChar(t.charAt(st - 1))) {
                st--;
            }
            while (st < at && !Character.isLetterOrDigit(t.charAt(st))) {
                st++;
            }
            m.region(st, Math.min(s.n, at + 254));
            if (!m.lookingAt()) {
                continue;
            }
            String local = m.group(1);
            if (local.endsWith(".") || local.equals("git")) {
                continue;
            }
            int de = m.end(2);
            while (de > m.start(2) && (t.charAt(de - 1) == '.' || t.charAt(de - 1) == '-')) {
                de--;
            }
            if (validDomain(t, m.start(2), de)) {
                s.add(m.start(), de, EntityClass.EMAIL);
            }
        }
    }

    private static boolean isLocalChar(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || "._%+-".indexOf(ch) >= 0;
    }

    private static boolean validDomain(String t, int s, int e) {
        int dots = 0;
        int labelStart = s;
        int tldStart = s;
        for (int i = s; i <= e; i++) {
            if (i == e || t.charAt(i) == '.') {
                int len = i - labelStart;
                if (len == 0 || len > 63 || t.charAt(labelStart) == '-' || t.charAt(i - 1) == '-') {
                    return false;
                }
                if (i < e) {
                    dots++;
                }
                tldStart = labelStart;
                labelStart = i + 1;
            }
        }
        if (dots == 0 || e - tldStart < 2 || e - tldStart > 24) {
            return false;
        }
        for (int i = tldStart; i < e; i++) {
            if (!Character.isLetter(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Numbers: payment cards, SSNs, phone numbers and IBANs are only tried where a number (or
     * "+", "(" or a two-letter IBAN country code) starts a token, with anchored matches.
     */
    private static void numericDetectors(Scan s) {
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

    private static void ssnWithContext(Scan s, String lower) {
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
    private static final Pattern IPV4 = Pattern.compile(
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

    private static void ipv4(Scan s, int a, int b) {
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

    private static void ipv6(Scan s, int a, int b) {
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

    private static void macs(Scan s, int a, int b) {
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

    private static void containerIds(Scan s, int a, int b) {
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

    /*
     * Home folders: /home/<user>, /Users/<user>, C:\\Users\\<user> (also JSON-escaped "\\\\"). Only the
     * user segment is masked so the path stays meaningful. A Windows user name may contain spaces,
     * so when the segment is closed by another backslash it is taken whole; otherwise (and on
     * Unix) it ends at the first character that cannot be part of a user name.
     */
    private static final Pattern HOME_USER = Pattern.compile(
            "(?:(?<![A-Za-z0-9_.\\-])/(?:home|Users)/|(?<![A-Za-z0-9])[A-Za-z]:\\\\{1,2}(?:Users|Documents and Settings)\\\\{1,2})"
                    + "(?:([^\\\\/:*?\"<>|\\r\\n\\t]{1,64}+)(?=\\\\)|([A-Za-z0-9._$\\-]{1,64}+))");
    private static final Set<String> NOT_USERS = Set.of(
            "shared", "public", "default", "default user", "all users", "$user", "${user}", "%username%");

    private static void homeUsers(Scan s) {
        String t = s.text;
        Matcher m = s.matcher(HOME_USER);
        for (String marker : new String[] {"/home/", "/Users/", "Users\\", "Documents and Settings\\"}) {
            for (int i = t.indexOf(marker); i >= 0; i = t.indexOf(marker, i + 1)) {
                int st = marker.charAt(0) == '/' ? i : Math.max(0, i - 4);
                m.region(st, Math.min(s.n, i + marker.length() + 70));
                if (m.find() && m.start() <= i + 1) {
                    int g = m.group(1) != null && t.charAt(m.start()) != '/' ? 1 : 2;
                    if (m.group(g) == null) {
                        continue;
                    }
                    String user = m.group(g);
                    if (!NOT_USERS.contains(user.toLowerCase(Locale.ROOT)) && !user.startsWith("$")
                            && !user.startsWith("%")) {
                        s.add(m.start(g), m.end(g), EntityClass.HOME_USER);
                    }
                }
            }
        }
    }

    // =====================================================================================
    // Validators and small helpers
    // =====================================================================================

    static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    static boolean plausibleCard(String d) {
        int n = d.length();
        if (n < 12 || n > 19 || !luhn(d)) {
            return false;
        }
        int p2 = Integer.parseInt(d.substring(0, 2));
        int p3 = Integer.parseInt(d.substring(0, 3));
        int p4 = Integer.parseInt(d.substring(0, 4));
        if (d.charAt(0) == '4') {
            return n == 13 || n == 16 || n == 19;                            // Visa
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return n == 16;                                                  // Mastercard
        }
        if (p2 == 34 || p2 == 37) {
            return n == 15;                                                  // Amex
        }
        if ((p3 >= 300 && p3 <= 305) || p3 == 309 || p2 == 36 || p2 == 38 || p2 == 39) {
            return n >= 14 && n <= 19;                                       // Diners
        }
        if (p2 == 35) {
            return n >= 16 && n <= 19;                                       // JCB
        }
        if (p4 == 1800 || p4 == 2131) {
            return n == 15;                                                  // JCB (15 digits)
        }
        if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || p2 == 62) {
            return n >= 16 && n <= 19;                                       // Discover, UnionPay
        }
        if (p2 == 50 || (p2 >= 56 && p2 <= 69)) {
            return n >= 12;                                                  // Maestro
        }
        return false;
    }

    private static final Map<String, Integer> IBAN_LENGTHS = ibanLengths();

    private static Map<String, Integer> ibanLengths() {
        String spec = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 "
                + "DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 "
                + "IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 "
                + "MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 "
                + "SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
        Map<String, Integer> m = new java.util.HashMap<>();
        for (String e : spec.split(" ")) {
            m.put(e.substring(0, 2), Integer.parseInt(e.substring(2)));
        }
        return Map.copyOf(m);
    }

    static boolean validIban(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch != ' ') {
                sb.append(Character.toUpperCase(ch));
            }
        }
        String iban = sb.toString();
        Integer len = IBAN_LENGTHS.get(iban.substring(0, 2));
        if (len == null || len != iban.length()) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int mod = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char ch = rearranged.charAt(i);
            int v;
            if (ch >= '0' && ch <= '9') {
                v = ch - '0';
                mod = (mod * 10 + v) % 97;
            } else if (ch >= 'A' && ch <= 'Z') {
                v = ch - 'A' + 10;
                mod = (mod * 100 + v) % 97;
            } else {
                return false;
            }
        }
        return mod == 1;
    }

    private static boolean validSsn(String area, String group, String serial) {
        int a = Integer.parseInt(area);
        return a != 0 && a != 666 && a < 900 && !group.equals("00") && !serial.equals("0000");
    }

    static boolean validIpv6(String s) {
        String head = s;
        int groups = 0;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.') >= 0) {
            String v4 = s.substring(lastColon + 1);
            if (!IPV4.matcher(v4).matches()) {
                return false;
            }
            head = s.substring(0, lastColon + 1);
            if (!head.endsWith("::")) {
                head = head.substring(0, head.length() - 1);
            }
            groups += 2;
        }
        int dc = head.indexOf("::");
        if (dc >= 0 && head.indexOf("::", dc + 1) >= 0) {
            return false;
        }
        boolean hexLetter = false;
        int nonEmpty = 0;
        String[] parts = head.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                boolean partOfDoubleColon = dc >= 0;
                if (!partOfDoubleColon) {
                    return false;
                }
                continue;
            }
            if (p.length() > 4) {
                return false;
            }
            for (int j = 0; j < p.length(); j++) {
                char ch = p.charAt(j);
                if (Character.digit(ch, 16) < 0) {
                    return false;
                }
                hexLetter |= Character.isLetter(ch);
            }
            nonEmpty++;
        }
        groups += nonEmpty;
        if (dc < 0) {
            if (groups != 8) {
                return false;
            }
        } else {
            // an empty part is only legal as the "::" itself (or its leading/trailing colon)
            if (groups > 7 || head.startsWith(":") && !head.startsWith("::")
                    || head.endsWith(":") && !head.endsWith("::")) {
                return false;
            }
            if (s.equals("::1") || s.equals("::")) {
                return false; // loopback / unspecified
            }
            if (nonEmpty + (s.indexOf('.') >= 0 ? 1 : 0) < 2 || (!hexLetter && groups < 3)) {
                return false; // "1::2", "a::b" are more likely code than addresses
            }
        }
        return true;
    }

    private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    static boolean bech32Valid(String s) {
        int sep = s.lastIndexOf('1');
        if (sep < 1 || sep + 7 > s.length()) {
            return false;
        }
        int chk = 1;
        for (int i = 0; i < sep; i++) {
            chk = bech32Step(chk) ^ (s.charAt(i) >> 5);
        }
        chk = bech32Step(chk);
        for (int i = 0; i < sep; i++) {
            chk = bech32Step(chk) ^ (s.charAt(i) & 31);
        }
        for (int i = sep + 1; i < s.length(); i++) {
            int v = BECH32.indexOf(s.charAt(i));
            if (v < 0) {
                return false;
            }
            chk = bech32Step(chk) ^ v;
        }
        return chk == 1 || chk == 0x2bc830a3;
    }

    private static int bech32Step(int pre) {
        int b = pre >>> 25;
        return ((pre & 0x1ffffff) << 5)
                ^ (-((b) & 1) & 0x3b6a57b2)
                ^ (-((b >> 1) & 1) & 0x26508e6d)
                ^ (-((b >> 2) & 1) & 0x1ea119fa)
                ^ (-((b >> 3) & 1) & 0x3d4233dd)
                ^ (-((b >> 4) & 1) & 0x2a1462b3);
    }

    private static boolean isBase64Char(char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '+' || ch == '/';
    }

    /** Element text made of base64 lines (optionally quoted): a key or token split over lines. */
    private static boolean isBase64Block(String t, int s, int e) {
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

    private static boolean hasWhitespace(String t, int s, int e) {
        for (int i = s; i < e; i++) {
            if (Character.isWhitespace(t.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIdentifierLike(String t, int s, int e) {
        for (int i = s; i < e; i++) {
            char ch = t.charAt(i);
            if (!(Character.isLetterOrDigit(ch) || ch == '_' || ch == '.' || ch == '?')) {
                return false;
            }
        }
        return e > s && Character.isLetter(t.charAt(s));
    }

    private static boolean allSame(CharSequence t, int s, int e, String allowed) {
        for (int i = s; i < e; i++) {
            if (allowed.indexOf(t.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsIgnoreCase(CharSequence t, int s, int e, String needle) {
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

    private static String digitsOf(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= '0' && ch <= '9') {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static int trimRight(String t, int s, int e) {
        while (e > s && Character.isWhitespace(t.charAt(e - 1))) {
            e--;
        }
        return e;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
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

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    private static boolean isAsciiLetter(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    }

    private static boolean isAsciiAlnum(char ch) {
        return isAsciiLetter(ch) || isDigit(ch);
    }

    /** Per-call state: the text, cached matchers, a lower-case copy, and the candidate spans. */
    private static final class Scan {
        final String text;
        final int n;
        private String lower;
        private final Map<Pattern, Matcher> matchers = new IdentityHashMap<>();
        private final List<RedactionSpan> candidates = new ArrayList<>();

        Scan(String text) {
            this.text = text;
            this.n = text.length();
        }

        /** A reusable matcher whose look-arounds see outside the region it is bounded to. */
        Matcher matcher(Pattern p) {
            return matchers.computeIfAbsent(p,
                    k -> k.matcher(text).useTransparentBounds(true).useAnchoringBounds(false));
        }

        /** ASCII lower-case copy with the same offsets as the text. */
        String lower() {
            if (lower == null) {
                char[] c = new char[n];
                for (int i = 0; i < n; i++) {
                    char ch = text.charAt(i);
                    c[i] = ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch;
                }
                lower = new String(c);
            }
            return lower;
        }

        void add(int start, int end, EntityClass cls) {
            if (start >= 0 && end > start && end <= n) {
                candidates.add(new RedactionSpan(start, end, cls));
            }
        }

        /** Highest-priority class first, then longest, then leftmost; drop anything overlapping. */
        List<RedactionSpan> resolve() {
            if (candidates.isEmpty()) {
                return List.of();
            }
            candidates.sort(Comparator.comparingInt((RedactionSpan sp) -> sp.entityClass().ordinal())
                    .thenComparing(Comparator.comparingInt(RedactionSpan::length).reversed())
                    .thenComparingInt(RedactionSpan::start));
            TreeMap<Integer, Integer> accepted = new TreeMap<>();
            List<RedactionSpan> out = new ArrayList<>();
            for (RedactionSpan sp : candidates) {
                Map.Entry<Integer, Integer> left = accepted.floorEntry(sp.end() - 1);
                if (left != null && left.getValue() > sp.start()) {
                    continue;
                }
                accepted.put(sp.start(), sp.end());
                out.add(sp);
            }
            Collections.sort(out);
            return Collections.unmodifiableList(out);
        }
    }
}
