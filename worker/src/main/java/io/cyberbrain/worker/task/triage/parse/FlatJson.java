package io.cyberbrain.worker.task.triage.parse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Minimal reader for one JSON object per line (JSON-lines logs, Docker json-file): returns the
 * top-level members as text (strings unescaped, numbers/booleans as written, nested objects and
 * arrays as their raw JSON text). Returns null for anything that is not a well-formed object.
 * Keeps the parse package free of dependencies.
 */
final class FlatJson {
    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    static Map<String, String> parseObject(String text) {
        FlatJson p = new FlatJson(text);
        try {
            p.ws();
            if (p.i >= p.s.length() || p.s.charAt(p.i) != '{') {
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            p.i++;
            p.ws();
            if (p.peek() == '}') {
                p.i++;
                return p.end() ? out : null;
            }
            while (true) {
                p.ws();
                if (p.peek() != '"') {
                    return null;
                }
                String key = p.string();
                p.ws();
                if (p.peek() != ':') {
                    return null;
                }
                p.i++;
                p.ws();
                String value = p.value();
                if (value == null) {
                    return null;
                }
                out.put(key, value);
                p.ws();
                char c = p.peek();
                p.i++;
                if (c == '}') {
                    return p.end() ? out : null;
                }
                if (c != ',') {
                    return null;
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
    }

    private boolean end() {
        ws();
        return i >= s.length();
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private String value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '{' || c == '[') {
            int start = i;
            skipNested();
            return s.substring(start, i);
        }
        int start = i;
        while (i < s.length() && ",}] \t".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i > start ? s.substring(start, i) : null;
    }

    private void skipNested() {
        int depth = 0;
        do {
            char c = s.charAt(i);
            if (c == '"') {
                string();
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            i++;
        } while (depth > 0);
    }

    private String string() {
        i++; // opening quote
        StringBuilder b = null;
        int start = i;
        while (true) {
            char c = s.charAt(i);
            if (c == '"') {
                String r = b == null ? s.substring(start, i) : b.append(s, start, i).toString();
                i++;
                return r;
            }
            if (c == '\\') {
                if (b == null) {
                    b = new StringBuilder();
                }
                b.append(s, start, i);
                char e = s.charAt(i + 1);
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u':
                        b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                        i += 4;
                        break;
                    default: b.append(e);
                }
                i += 2;
                start = i;
            } else {
                i++;
            }
        }
    }
}
