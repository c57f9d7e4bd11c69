package io.cyberbrain.redaction;

import static io.cyberbrain.redaction.KeyNames.classifyKey;
import static io.cyberbrain.redaction.KeyNames.hasKeywordHint;
import static io.cyberbrain.redaction.Keywords.addKeyed;
import static io.cyberbrain.redaction.Values.parseValue;

import io.cyberbrain.redaction.KeyNames.KeyKind;
import io.cyberbrain.redaction.Values.Val;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings written as a name field and a value field of one object, where the secret's key is a value itself:
 * Kubernetes and Compose environment lists ({@code - name: DB_PASSWORD / value: "x"}), ARM/CloudFormation and
 * CI variables ({@code {"name": "registry-password", "value": "x"}}, {@code {"key": "api_token", "value": "x"}}).
 * The XML form ({@code <add key="DbPassword" value="x"/>}) is in {@link Keywords}.
 */
final class NamedValues {

    private NamedValues() {
    }

    private static final String[] NAME_WORDS = {"name", "key", "variable", "param", "field"};
    private static final Pattern NAME_FIELD = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_\\-])[\"']?(?:name|key|variable|param|parameter|field)[\"']?[ \\t]*[:=][ \\t]*"
                    + "([\"']?)([A-Za-z_][A-Za-z0-9_.\\-]{0,63}+)\\1(?![A-Za-z0-9_.\\-])");
    private static final Pattern VALUE_FIELD =
            Pattern.compile("(?i)(?<![A-Za-z0-9_\\-])[\"']?value[\"']?[ \\t]*[:=][ \\t]*");
    /** How far the value field may follow the name field (same object: a few fields in between at most). */
    private static final int REACH = 240;

    static void namedValues(Scan s) {
        String lower = s.lower();
        for (String word : NAME_WORDS) {
            for (int i = lower.indexOf(word); i >= 0; i = lower.indexOf(word, i + 1)) {
                int st = i > 0 && (s.text.charAt(i - 1) == '"' || s.text.charAt(i - 1) == '\'') ? i - 1 : i;
                Matcher name = s.matcher(NAME_FIELD);
                name.region(st, Math.min(s.n, st + 120));
                if (!name.lookingAt() || !hasKeywordHint(name.group(2))) {
                    continue;
                }
                KeyKind kind = classifyKey(name.group(2));
                if (kind != KeyKind.NONE) {
                    valueField(s, name.end(), kind);
                }
            }
        }
    }

    private static void valueField(Scan s, int from, KeyKind kind) {
        int limit = Math.min(s.n, from + REACH);
        for (int p = from; p < limit; p++) {
            char ch = s.text.charAt(p);
            if (ch == '{' || ch == '}' || ch == '[' || ch == ']' || (ch == '-' && lineStartsAt(s.text, p))) {
                return; // left the object: the next one's value is not this name's
            }
            if (ch == 'v' || ch == 'V') {
                Matcher v = s.matcher(VALUE_FIELD);
                v.region(p > from && (s.text.charAt(p - 1) == '"' || s.text.charAt(p - 1) == '\'') ? p - 1 : p, limit);
                if (v.lookingAt()) {
                    Val val = parseValue(s.text, v.end());
                    if (val != null) {
                        addKeyed(s, kind, val);
                    }
                    return;
                }
            }
        }
    }

    /* A YAML list item ("- name: ...") starts a new object. */
    private static boolean lineStartsAt(String t, int p) {
        int q = p - 1;
        while (q >= 0 && (t.charAt(q) == ' ' || t.charAt(q) == '\t')) {
            q--;
        }
        return q < 0 || t.charAt(q) == '\n';
    }
}
