package io.cyberbrain.worker.task.triage.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The hand-written fast paths give exactly what the formatters give, or step aside. */
class TimestampsQuickTest {

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static List<String> spellings() {
        List<String> out = new ArrayList<>();
        Random r = new Random(7);
        String[] fractions = {"", ".1", ",12", ".123", ",123", ".123456", ".123456789", ".1234567891", ","};
        String[] zones = {"", "Z", "z", "+02:00", "-0530", "+01", "+18:00", "-00:00", " +0100", "+2", "+02:0"};
        for (int k = 0; k < 3000; k++) {
            int y = 1999 + r.nextInt(3);
            int m = 1 + r.nextInt(12);
            int d = 1 + r.nextInt(31);
            int h = r.nextInt(25);
            int mi = r.nextInt(61);
            int s = r.nextInt(61);
            String date = y + "-" + two(m) + "-" + two(d);
            String time = two(h) + ":" + two(mi) + ":" + two(s);
            String f = fractions[r.nextInt(fractions.length)];
            String z = zones[r.nextInt(zones.length)];
            out.add(date + (r.nextBoolean() ? "T" : " ") + time + f + z);
            out.add(two(d) + "/" + MONTHS[m - 1] + "/" + y + ":" + time + " " + (r.nextBoolean() ? "+" : "-")
                    + two(r.nextInt(19)) + two(r.nextInt(61)));
            String mon = r.nextInt(10) == 0 ? MONTHS[m - 1].toUpperCase() : MONTHS[m - 1];
            String sep = r.nextInt(5) == 0 ? "\t" : d < 10 && r.nextBoolean() ? "  " : " ";
            String[] sf = {"", ".123", ".123456", ",123", ".12", ".1234"};
            out.add(mon + sep + d + " " + time + sf[r.nextInt(sf.length)]);
        }
        out.add("Feb 29 10:00:00");
        out.add("Feb 30 10:00:00");
        out.add("Apr 31 10:00:00");
        out.add("2024-02-29T10:00:00Z");
        out.add("2023-02-29T10:00:00Z");
        out.add("31/Apr/2024:10:00:00 +0000");
        out.add("Sat Jun 18 02:23:10 2005");
        out.add("May 012 10:00:00");
        return out;
    }

    @Test
    void theFastPathsAgreeWithTheFormatters() {
        int quick = 0;
        for (int year : new int[] {2023, 2024}) {
            for (String s : spellings()) {
                Instant q = Timestamps.quick(s, year);
                if (q != null) {
                    quick++;
                    assertEquals(Timestamps.general(s, year), q, s);
                }
                assertEquals(q != null ? q : Timestamps.general(s, year), Timestamps.parse(s, year), s);
            }
        }
        assertEquals(true, quick > 5000, "most spellings take a fast path: " + quick);
    }

    @Test
    void commonSpellings() {
        assertEquals(Instant.parse("2024-05-01T10:00:00.123Z"), Timestamps.parse("2024-05-01 10:00:00,123", 2024));
        assertEquals(Instant.parse("2024-05-01T08:00:00Z"), Timestamps.parse("2024-05-01T10:00:00+02:00", 2024));
        assertEquals(Instant.parse("2024-05-01T10:00:00Z"), Timestamps.parse("01/May/2024:12:00:00 +0200", 2024));
        assertEquals(Instant.parse("2023-05-01T10:00:00Z"), Timestamps.parse("May  1 10:00:00", 2023));
        assertEquals(Instant.parse("2023-02-28T10:00:00Z"), Timestamps.parse("Feb 29 10:00:00", 2023));
        assertNotNull(Timestamps.quick("May  1 10:00:00", 2023));
        assertNull(Timestamps.quick("Apr 31 10:00:00", 2023));
    }
}
