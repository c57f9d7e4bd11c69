package io.cyberbrain.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a key (variable, flag, element name) names a password, another secret, or neither.
 */
final class KeyNames {

    private KeyNames() {
    }

    /*
     * A key is split into words (snake_case, kebab-case, dotted, camelCase: "SecretAccessKey" ->
     * secret, access, key). It names a PASSWORD when a word is a password word (password, passwd,
     * pwd, pw, pass, passphrase and their usual misspellings/abbreviations, also as a suffix:
     * "mysqlpass", "userpwd"; psk, a Wi-Fi/IPsec pre-shared key, is a passphrase) and a SECRET when a word is
     * secret/token/key/auth/credential/... or sig (the signature parameter of signed URLs: Azure SAS "sig=")
     * A keyword immediately followed by a metadata word (password_id, token_url, secret_name,
     * key_length, --password-stdin) or a "key" preceded by an identifier word (public_key,
     * primaryKey, cache_key) does not count. PASSWORD values are accepted unless they are
     * placeholders or plain short words; SECRET values must in addition look machine generated
     * (looksRandom), because "token", "key" and "auth" also label ordinary values in logs.
     */

    enum KeyKind { NONE, PASSWORD, SECRET }

    /** Cheap substring pre-check before the word split. */
    static boolean hasKeywordHint(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("pass") || k.contains("pw") || k.contains("psw") || k.contains("ssw") || k.contains("pasw")
                || k.contains("secret") || k.contains("token") || k.contains("key") || k.contains("auth")
                || k.contains("cred") || k.contains("nonce") || k.contains("bearer") || k.contains("signature")
                || k.contains("api") || k.contains("psk") || k.equals("sig") || k.endsWith("-sig") || k.endsWith("_sig");
    }

    private static final Set<String> PASSWORD_WORDS = Set.of(
            "password", "passwords", "passwd", "passwds", "passphrase", "passphrases", "pass", "pwd", "pw",
            "pswd", "pswrd", "psswd", "psswrd", "psword", "pssword", "paswd", "paswrd", "pasword", "passcode",
            "pword", "userpwd", "passwort", "contrasena", "senha", "mdp", "motdepasse", "psk");
    /* words ending in "pass" that are not about passwords */
    private static final Set<String> PASS_FALSE_FRIENDS = Set.of(
            "bypass", "compass", "surpass", "overpass", "underpass", "trespass", "impass", "encompass");
    private static final Set<String> SECRET_WORDS = Set.of(
            "secret", "secrets", "token", "tokens", "apikey", "apikeys", "key", "privatekey", "secretkey",
            "accesskey", "clientsecret", "credential", "credentials", "creds", "auth", "oauth", "authorization",
            "authentication", "authtoken", "bearer", "nonce", "signature", "sig", "xoauth2", "api");
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
            "updated", "mgr", "handler", "generator", "validator", "identity");
    /* "key" preceded by these is an identifier/lookup key, not a cryptographic one. */
    private static final Set<String> DENY_PREV_KEY = Set.of(
            "public", "pub", "primary", "foreign", "sort", "partition", "cache", "row", "lookup", "map", "hash",
            "hot", "idempotency", "dedup", "dedupe", "routing", "shard", "space", "group", "object", "composite",
            "natural", "surrogate", "unique", "index", "cluster", "message", "event", "translation", "i18n",
            "locale", "join", "bucket", "redis", "kv", "table", "column", "field", "registry", "config",
            "settings", "json", "dict", "property", "prop", "attr", "attribute", "item", "entry", "node", "tree",
            "cursor", "page", "next", "prev", "keyboard", "hotkey", "short", "shortcut", "sorting", "order",
            "ordering", "mapping", "cert", "certificate", "ssh", "gpg", "pgp", "product");

    static KeyKind classifyKey(String key) {
        List<String> words = splitWords(key);
        KeyKind best = KeyKind.NONE;
        for (int i = 0; i < words.size(); i++) {
            String w = withoutNumber(words.get(i));
            KeyKind k = familyOf(w);
            if (k == KeyKind.NONE) {
                continue;
            }
            if (i + 1 < words.size() && DENY_NEXT.contains(withoutNumber(words.get(i + 1)))) {
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

    /* Numbered keys are the same key: token1, api_key_2 ("2" is a word of its own), secret02. */
    private static String withoutNumber(String w) {
        int e = w.length();
        while (e > 3 && Character.isDigit(w.charAt(e - 1))) {
            e--;
        }
        return e == w.length() ? w : w.substring(0, e);
    }

    /** Whether the key's last word (number aside) is a secret word: "podioToken", "acme-private-key", "weatherSECRET". */
    static boolean endsWithSecretWord(String key) {
        List<String> words = splitWords(key);
        String last = withoutNumber(words.get(words.size() - 1));
        if (last.chars().allMatch(Character::isDigit) && words.size() > 1) {
            last = withoutNumber(words.get(words.size() - 2));
        }
        return familyOf(last) == KeyKind.SECRET;
    }

    static KeyKind familyOf(String w) {
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

}
