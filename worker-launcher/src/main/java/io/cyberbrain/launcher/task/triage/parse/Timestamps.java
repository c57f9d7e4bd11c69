package io.cyberbrain.launcher.task.triage.parse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/** Best-effort conversion of the timestamp spellings found in log headers to an {@link Instant}. */
public final class Timestamps {

    private static final List<DateTimeFormatter> LOCAL = List.of(
            f("uuuu-MM-dd'T'HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]"),
            f("uuuu/MM/dd HH:mm:ss[.SSSSSS][.SSS]"),
            f("EEE MMM dd HH:mm:ss[.SSSSSS][.SSS] uuuu"),
            f("EEE MMM d HH:mm:ss[.SSSSSS][.SSS] uuuu"),
            f("dd/MMM/uuuu:HH:mm:ss"),
            f("yy/MM/dd HH:mm:ss"),
            f("yyMMdd HHmmss"),
            f("uuuu.MM.dd HH:mm:ss"),
            f("uuuu-MM-dd-HH.mm.ss[.SSSSSS]"),
            f("dd-MMM-uuuu HH:mm:ss[.SSS]"),
            f("MM/dd/uuuu HH:mm:ss[.SSS]"));
    private static final DateTimeFormatter SYSLOG = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("MMM d HH:mm:ss[.SSSSSS][.SSS]").parseDefaulting(ChronoField.YEAR, 2000)
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter CLF = f("dd/MMM/uuuu:HH:mm:ss Z");

    private Timestamps() {
    }

    private static DateTimeFormatter f(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern).toFormatter(Locale.ROOT);
    }

    /**
     * Parses {@code text}; zone-less values are read as UTC, year-less (syslog) ones get
     * {@code yearIfMissing}. Returns null when the spelling is not recognised.
     */
    public static Instant parse(String text, int yearIfMissing) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1).trim();
        }
        if (t.isEmpty() || t.length() > 48) {
            return null;
        }
        char c0 = t.charAt(0);
        if (c0 >= '0' && c0 <= '9' && isEpoch(t)) {
            return epoch(t);
        }
        try {
            if (t.length() >= 19 && t.charAt(4) == '-' && t.charAt(7) == '-' && (t.charAt(10) == 'T' || t.charAt(10) == ' ')) {
                String iso = t.replace(',', '.');
                iso = iso.substring(0, 10) + 'T' + iso.substring(11).replace(" ", "");
                if (iso.endsWith("Z") || iso.endsWith("z")) {
                    return OffsetDateTime.parse(iso.substring(0, iso.length() - 1) + "Z").toInstant();
                }
                int sign = Math.max(iso.lastIndexOf('+'), iso.lastIndexOf('-'));
                if (sign > 16) {
                    String off = iso.substring(sign);
                    if (off.length() == 5) {
                        off = off.substring(0, 3) + ":" + off.substring(3);
                    } else if (off.length() == 3) {
                        off = off + ":00";
                    }
                    return OffsetDateTime.parse(iso.substring(0, sign) + off).toInstant();
                }
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            // fall through to the other spellings
        }
        try {
            return OffsetDateTime.parse(t, CLF).toInstant();
        } catch (DateTimeParseException e) {
            // not CLF
        }
        String norm = t.replace(',', '.').replaceAll("\\s+", " ");
        for (DateTimeFormatter fmt : LOCAL) {
            try {
                return LocalDateTime.parse(norm, fmt).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // next
            }
        }
        try {
            LocalDateTime ldt = LocalDateTime.parse(norm, SYSLOG);
            return ldt.withYear(yearIfMissing).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            // next
        }
        try {
            LocalTime time = LocalTime.parse(norm.replace('.', ':').replaceFirst("^(\\d\\d:\\d\\d:\\d\\d):(\\d+)$", "$1.$2"));
            return LocalDate.of(yearIfMissing, 1, 1).atTime(time).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isEpoch(String t) {
        int dots = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots <= 1 && t.indexOf('.') != 0 && (t.indexOf('.') < 0 ? t.length() : t.indexOf('.')) >= 9;
    }

    private static Instant epoch(String t) {
        int dot = t.indexOf('.');
        String whole = dot < 0 ? t : t.substring(0, dot);
        long v = Long.parseLong(whole.length() > 18 ? whole.substring(0, 18) : whole);
        if (whole.length() >= 16) {
            return Instant.ofEpochSecond(v / 1_000_000, (v % 1_000_000) * 1000);
        }
        if (whole.length() >= 13) {
            return Instant.ofEpochMilli(v);
        }
        long nanos = 0;
        if (dot > 0) {
            String frac = (t.substring(dot + 1) + "000000000").substring(0, 9);
            nanos = Long.parseLong(frac);
        }
        return Instant.ofEpochSecond(v, nanos);
    }
}
