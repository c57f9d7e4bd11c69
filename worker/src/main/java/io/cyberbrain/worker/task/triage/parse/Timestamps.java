package io.cyberbrain.worker.task.triage.parse;

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
            f("MM/dd/uuuu HH:mm:ss[.SSS]"),
            f("yyMMdd H:mm:ss"),
            f("d MMM uuuu HH:mm:ss[.SSSSSS][.SSS]"),
            f("MMM d. uuuu h:mm:ss a"),
            f("d-MMM-uuuu HH:mm:ss[.SSSSSS][.SSS]"),
            f("uuuuMMdd-HH:mm:ss:SSS"),
            f("uuuuMMdd-HH:mm:ss"),
            f("uuuuMMdd HH:mm:ss[.SSSSSS][.SSS]"),
            f("uuuu-MM-dd HH:mm:ss.SSS"));
    /** Spellings without a year (parsed in 2000, a leap year, then given the year the context infers). */
    private static final List<DateTimeFormatter> YEARLESS = List.of(
            y("MM-dd HH:mm:ss[.SSSSSS][.SSS]"),
            y("MM.dd HH:mm:ss"),
            y("d MMM HH:mm:ss[.SSSSSS][.SSS]"),
            y("MMM d HH:mm:ss[.SSSSSS][.SSS]"));
    private static final DateTimeFormatter CLF = f("dd/MMM/uuuu:HH:mm:ss Z");

    private Timestamps() {
    }

    private static DateTimeFormatter y(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                .parseDefaulting(ChronoField.YEAR, 2000).toFormatter(Locale.ROOT);
    }

    private static DateTimeFormatter f(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern).toFormatter(Locale.ROOT);
    }

    /**
     * Parses {@code text}; zone-less values are read as UTC, year-less (syslog) ones get
     * {@code yearIfMissing}. Returns null when the spelling is not recognised.
     */
    public static Instant parse(String text, int yearIfMissing) {
        return parse(text, TimeContext.utcInYear(yearIfMissing));
    }

    /**
     * Parses {@code text}; zone-less values are local time of the context's zone, year-less ones get the
     * year the context infers. Returns null when the spelling is not recognised.
     */
    public static Instant parse(String text, TimeContext tc) {
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
        Instant quick = quick(t, tc);
        if (quick != null) {
            return quick;
        }
        Instant g = general(t, tc);
        if (g != null) {
            return g;
        }
        return zoneSuffixed(t, tc);
    }

    /** {@code 2026-12-06 16:40:20.943 UTC}, {@code ... CET}: a zone name after the local date-time. */
    private static Instant zoneSuffixed(String t, TimeContext tc) {
        int sp = t.lastIndexOf(' ');
        if (sp < 8 || t.length() - sp - 1 < 1 || t.length() - sp - 1 > 5) {
            return null;
        }
        String name = t.substring(sp + 1);
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isLetter(name.charAt(i))) {
                return null;
            }
        }
        java.time.ZoneId zone;
        if (name.equalsIgnoreCase("UTC") || name.equalsIgnoreCase("GMT") || name.equalsIgnoreCase("Z")) {
            zone = ZoneOffset.UTC;
        } else {
            try {
                zone = java.time.ZoneId.of(name, java.time.ZoneId.SHORT_IDS);
            } catch (java.time.DateTimeException e) {
                return null;
            }
        }
        String local = t.substring(0, sp).trim();
        TimeContext inZone = new TimeContext(zone, tc.reference());
        Instant quick = quick(local, inZone);
        return quick != null ? quick : general(local, inZone);
    }

    static Instant general(String t, int yearIfMissing) {
        return general(t, TimeContext.utcInYear(yearIfMissing));
    }

    static Instant quick(String t, int yearIfMissing) {
        return quick(t, TimeContext.utcInYear(yearIfMissing));
    }

    /** The general path: every spelling, through the formatters (trimmed, unbracketed, non-epoch text). */
    static Instant general(String t, TimeContext tc) {
        if (digitCount(t) < 6) {
            return null; // no spelling here has fewer digits than a day, hour and minute: spare the formatters
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
                return tc.local(LocalDateTime.parse(iso));
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
        if (norm.endsWith(".")) {
            norm = norm.substring(0, norm.length() - 1);
        }
        for (DateTimeFormatter fmt : LOCAL) {
            try {
                return tc.local(LocalDateTime.parse(norm, fmt));
            } catch (DateTimeParseException e) {
                // next
            }
        }
        for (DateTimeFormatter fmt : YEARLESS) {
            try {
                return tc.yearless(LocalDateTime.parse(norm, fmt));
            } catch (java.time.DateTimeException e) {
                // next
            }
        }
        try {
            LocalTime time = LocalTime.parse(norm.replace('.', ':').replaceFirst("^(\\d\\d:\\d\\d:\\d\\d):(\\d+)$", "$1.$2"));
            // a time of day alone: no date to give it, the instant would be invented
            return null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- fast paths

    /**
     * The three commonest spellings, read by hand: ISO-8601 / log4j ({@code 2024-05-01T10:00:00.123Z},
     * {@code 2024-05-01 10:00:00,123}, with an offset or none), syslog ({@code May  1 10:00:00}) and the
     * common log format ({@code 01/May/2024:10:00:00 +0000}). The formatters below give the same instants for
     * these, but through exceptions when several are tried, some 100 times slower. Anything unusual
     * (out-of-range fields, other widths) returns null and takes the general path, so results never differ.
     */
    static Instant quick(String t, TimeContext tc) {
        int n = t.length();
        if (n >= 19 && t.charAt(4) == '-' && t.charAt(7) == '-' && (t.charAt(10) == 'T' || t.charAt(10) == ' ')) {
            return quickIso(t, tc);
        }
        char c0 = t.charAt(0);
        if (n >= 26 && c0 >= '0' && c0 <= '9' && t.charAt(2) == '/' && t.charAt(6) == '/') {
            return quickClf(t);
        }
        if (n >= 14 && (c0 >= 'A' && c0 <= 'Z' || c0 >= 'a' && c0 <= 'z')) {
            return quickSyslog(t, tc);
        }
        return null;
    }

    private static int digits(String t, int at, int count) {
        if (at + count > t.length()) {
            return -1;
        }
        int v = 0;
        for (int i = at; i < at + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Seconds of a valid date-time in UTC, or -1 (then the general path decides). */
    private static long epochSecond(int year, int month, int day, int hour, int minute, int second) {
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return -1;
        }
        return LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second;
    }

    /** {@code uuuu-MM-dd[T ]HH:mm:ss[.,]fraction(1-9)} then {@code Z}, an offset ({@code ±HH:MM}, {@code ±HHMM}, {@code ±HH}) or nothing; spaces after the date are ignored. */
    private static Instant quickIso(String raw, TimeContext tc) {
        String t = raw;
        if (t.indexOf(' ', 11) >= 0) {
            t = t.substring(0, 11) + t.substring(11).replace(" ", "");
        }
        int n = t.length();
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        if (n < 19 || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && (t.charAt(i) == '.' || t.charAt(i) == ',')) {
            int start = ++i;
            while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                i++;
            }
            int len = i - start;
            if (len < 1 || len > 9) {
                return null;
            }
            nanos = digits(t, start, len);
            for (int k = len; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds = 0;
        boolean zoned = i < n;
        if (i < n) {
            char c = t.charAt(i);
            if ((c == 'Z' || c == 'z') && i == n - 1) {
                offsetSeconds = 0;
            } else if (c == '+' || c == '-') {
                String off = t.substring(i + 1);
                int oh;
                int om = 0;
                if (off.length() == 2) {
                    oh = digits(off, 0, 2);
                } else if (off.length() == 4) {
                    oh = digits(off, 0, 2);
                    om = digits(off, 2, 2);
                } else if (off.length() == 5 && off.charAt(2) == ':') {
                    oh = digits(off, 0, 2);
                    om = digits(off, 3, 2);
                } else {
                    return null;
                }
                if (oh < 0 || om < 0 || oh > 17 || om > 59) {
                    return null;
                }
                offsetSeconds = (c == '-' ? -1 : 1) * (oh * 3600 + om * 60);
            } else {
                return null;
            }
        }
        long s = epochSecond(year, month, day, hour, minute, second);
        if (s < 0) {
            return null;
        }
        return zoned ? Instant.ofEpochSecond(s - offsetSeconds, nanos) : tc.local(s, nanos);
    }

    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

    private static int month(String t, int at) {
        if (at + 3 > t.length()) {
            return -1;
        }
        for (int m = 0; m < 12; m++) {
            if (t.regionMatches(true, at, MONTHS[m], 0, 3)) {
                return m + 1;
            }
        }
        return -1;
    }

    /** {@code dd/MMM/uuuu:HH:mm:ss ±HHMM} exactly. */
    private static Instant quickClf(String t) {
        if (t.length() != 26 || t.charAt(11) != ':' || t.charAt(14) != ':' || t.charAt(17) != ':' || t.charAt(20) != ' ') {
            return null;
        }
        int day = digits(t, 0, 2);
        int month = month(t, 3);
        int year = digits(t, 7, 4);
        int hour = digits(t, 12, 2);
        int minute = digits(t, 15, 2);
        int second = digits(t, 18, 2);
        char sign = t.charAt(21);
        int oh = digits(t, 22, 2);
        int om = digits(t, 24, 2);
        if (day < 0 || month < 0 || year < 0 || hour < 0 || minute < 0 || second < 0 || oh < 0 || om < 0
                || oh > 17 || om > 59 || sign != '+' && sign != '-') {
            return null;
        }
        long s = epochSecond(year, month, day, hour, minute, second);
        int offset = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        return s < 0 ? null : Instant.ofEpochSecond(s - offset);
    }

    /** {@code MMM d HH:mm:ss[.SSS|.SSSSSS]} (blanks or tabs between the fields), in {@code yearIfMissing}. */
    private static Instant quickSyslog(String t, TimeContext tc) {
        int n = t.length();
        int month = month(t, 0);
        if (month < 0 || n < 4 || !blank(t.charAt(3))) {
            return null;
        }
        int i = 3;
        while (i < n && blank(t.charAt(i))) {
            i++;
        }
        int ds = i;
        while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
            i++;
        }
        if (i - ds < 1 || i - ds > 2 || i >= n || !blank(t.charAt(i))) {
            return null;
        }
        int day = digits(t, ds, i - ds);
        while (i < n && blank(t.charAt(i))) {
            i++;
        }
        if (i + 8 > n || t.charAt(i + 2) != ':' || t.charAt(i + 5) != ':') {
            return null;
        }
        int hour = digits(t, i, 2);
        int minute = digits(t, i + 3, 2);
        int second = digits(t, i + 6, 2);
        i += 8;
        int nanos = 0;
        if (i < n) {
            char c = t.charAt(i);
            int len = n - i - 1;
            if (c != '.' && c != ',' || len != 3 && len != 6) {
                return null;
            }
            nanos = digits(t, i + 1, len);
            if (nanos < 0) {
                return null;
            }
            nanos *= len == 3 ? 1_000_000 : 1_000;
        }
        if (hour < 0 || minute < 0 || second < 0 || epochSecond(2000, month, day, hour, minute, second) < 0) {
            return null;
        }
        // as the general path: read in 2000 (a leap year), then moved to the year wanted (29 Feb may become 28)
        return tc.yearless(month, day, hour, minute, second, nanos);
    }

    private static int digitCount(String t) {
        int d = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                d++;
            }
        }
        return d;
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
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
