package io.cyberbrain.worker.task.gpu;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads nvidia-smi's field values. nvidia-smi prints "no value" in many spellings depending on driver,
 * output format and GPU ({@code N/A}, {@code [N/A]}, {@code [Not Supported]}, {@code Unknown Error},
 * {@code Requested functionality has been deprecated}, ...) and puts units after numbers; every
 * accessor here turns anything it does not recognise into null rather than throwing, because one odd
 * field must not cost the whole report.
 */
final class NvidiaValues {

    private static final Set<String> NO_VALUE = Set.of(
            "n/a", "na", "not supported", "unknown error", "unknown", "not available", "not found",
            "insufficient permissions", "requested functionality has been deprecated", "gpu is lost",
            "no data", "none available");

    /** A number, optionally followed by a unit ("81920 MiB", "67.03 W", "27 C", "99 %", "0 us"). */
    private static final Pattern NUMBER_WITH_UNIT =
            Pattern.compile("([-+]?\\d{1,18}(?:\\.\\d{1,12})?)\\s{0,4}(?:[A-Za-z%/()]{1,12})?");

    private NvidiaValues() {
    }

    /** The trimmed text, or null when it is empty or one of nvidia-smi's "no value" markers. */
    static String text(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        // CSV output brackets every marker ("[N/A]", "[Not Supported]"); a real value never is
        if (s.startsWith("[") && s.endsWith("]")) {
            return null;
        }
        if (s.isEmpty() || NO_VALUE.contains(s.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return s;
    }

    static Double decimal(String raw) {
        String s = text(raw);
        if (s == null) {
            return null;
        }
        Matcher m = NUMBER_WITH_UNIT.matcher(s);
        if (!m.matches()) {
            return null;
        }
        try {
            return Double.valueOf(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Integer integer(String raw) {
        Double d = decimal(raw);
        if (d == null || d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) {
            return null;
        }
        return (int) Math.round(d);
    }

    static Long whole(String raw) {
        Double d = decimal(raw);
        return d == null ? null : Math.round(d);
    }

    /** Yes/No, Enabled/Disabled, Active/Not Active, True/False; anything else is null. */
    static Boolean flag(String raw) {
        String s = text(raw);
        if (s == null) {
            return null;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "yes", "enabled", "active", "true", "on", "1" -> Boolean.TRUE;
            case "no", "disabled", "not active", "false", "off", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** Sum of the known parts; null when none is known (unsupported is not the same as zero). */
    static Long sum(Long... parts) {
        Long total = null;
        for (Long p : parts) {
            if (p != null) {
                total = total == null ? p : total + p;
            }
        }
        return total;
    }
}
