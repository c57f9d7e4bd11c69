package io.cyberbrain.ingester.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks a zip container (DOCX, XLSX, PPTX, ODF, EPUB, a plain zip) against the {@link ExtractionLimits} before
 * any parser opens it: the entry count, then every entry inflated once into nothing, counting. The sizes an
 * archive declares are checked first (an honest bomb is refused without inflating anything) but not trusted:
 * the inflated bytes are counted too. Inflating to nowhere needs no memory, whereas the parsers hold parts
 * (POI builds a DOM of an XML part), so a bomb must be stopped here.
 */
final class ZipBudget {

    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};

    private ZipBudget() {
    }

    /** Whether the file starts like a zip archive. */
    static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(LOCAL_HEADER.length);
            return java.util.Arrays.equals(head, LOCAL_HEADER);
        }
    }

    /** Fails when the archive exceeds a limit; an archive that cannot be read is left to the parser to judge. */
    static void check(Path file, ExtractionLimits limits) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException unreadable) {
            return;
        }
        try (zip) {
            if (zip.size() > limits.maxEntries()) {
                throw new ExtractionLimitExceeded("the archive has " + zip.size() + " entries, more than "
                        + limits.maxEntries() + " (cyberbrain.ingest.tika.max-entries)");
            }
            long total = 0;
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String part = "entry '" + shortName(entry.getName()) + "'";
                long packed = Math.max(entry.getCompressedSize(), 0);
                if (entry.getSize() > 0) {
                    limits.checkPart(part, packed, entry.getSize());
                }
                total += inflate(zip, entry, part, packed, limits, total);
            }
        } catch (ZipException corrupt) {
            // A damaged entry: the parser reports the file as corrupt with its own words.
        }
    }

    private static long inflate(ZipFile zip, ZipEntry entry, String part, long packed, ExtractionLimits limits,
                                long before) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long unpacked = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                unpacked += n;
                limits.checkPart(part, packed, unpacked);
                limits.checkTotal(before + unpacked);
            }
        }
        return unpacked;
    }

    private static String shortName(String name) {
        return name.length() > 120 ? name.substring(0, 120) + "..." : name;
    }
}
