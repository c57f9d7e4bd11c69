package io.cyberbrain.worker.task.servicemap;

import java.util.Locale;

/** Kubernetes names: RFC 1123 labels (lower-case alphanumerics and '-', alphanumeric at both ends, at most 63). */
public final class Dns1123 {

    static final int MAX = 63;

    private Dns1123() {
    }

    /** A valid label for any input; {@code fallback} when nothing usable is left. */
    public static String label(String text, String fallback) {
        if (text == null) {
            return fallback;
        }
        StringBuilder sb = new StringBuilder();
        boolean dash = false;
        for (char ch : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9') {
                sb.append(ch);
                dash = false;
            } else if (!dash && sb.length() > 0) {
                // runs of '_', '.', ' ' and the like become one dash
                sb.append('-');
                dash = true;
            }
        }
        String s = trimDashes(sb.length() > MAX ? sb.substring(0, MAX) : sb.toString());
        return s.isEmpty() ? fallback : s;
    }

    /** {@code base} with {@code suffix} appended, shortened so the whole still fits in 63 characters. */
    static String withSuffix(String base, String suffix) {
        int room = MAX - suffix.length();
        String head = trimDashes(base.length() > room ? base.substring(0, room) : base);
        return head + suffix;
    }

    public static boolean isLabel(String s) {
        return s != null && s.length() <= MAX && s.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    private static String trimDashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(start, end);
    }
}
