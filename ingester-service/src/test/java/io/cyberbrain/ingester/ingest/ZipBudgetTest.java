package io.cyberbrain.ingester.ingest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zip check counts what entries really inflate to, not what the archive claims, and counts entries. */
class ZipBudgetTest {

    private static final ExtractionLimits LIMITS = new ExtractionLimits(4L << 20, 16L << 20, 50, 100, 1L << 20, 500_000);

    @TempDir
    Path dir;

    @Test
    void anEntryThatLiesAboutItsSizeIsRefusedByWhatItInflatesTo() throws IOException {
        Path zip = zip("liar.zip", 1, 32L << 20);
        lieAboutSizes(zip, 1000);
        ExtractionLimitExceeded e = assertThrows(ExtractionLimitExceeded.class, () -> ZipBudget.check(zip, LIMITS));
        assertTrue(e.getMessage().startsWith("entry 'part-0.xml' unpacks"), e.getMessage());
    }

    @Test
    void entriesTogetherAboveTheTotalAreRefused() throws IOException {
        // each below the per-entry limit, incompressible (no ratio), together above the total
        Path zip = zipOfNoise("many.zip", 6, 3 << 20);
        ExtractionLimitExceeded e = assertThrows(ExtractionLimitExceeded.class, () -> ZipBudget.check(zip, LIMITS));
        assertTrue(e.getMessage().contains("max-unpacked-bytes"), e.getMessage());
    }

    @Test
    void tooManyEntriesAreRefusedBeforeAnyIsInflated() throws IOException {
        Path zip = zip("entries.zip", 51, 10);
        ExtractionLimitExceeded e = assertThrows(ExtractionLimitExceeded.class, () -> ZipBudget.check(zip, LIMITS));
        assertTrue(e.getMessage().contains("51 entries"), e.getMessage());
    }

    @Test
    void anOrdinaryArchivePasses() throws IOException {
        Path zip = zip("fine.zip", 10, 200_000);
        assertDoesNotThrow(() -> ZipBudget.check(zip, LIMITS));
    }

    /** {@code entries} entries of {@code bytes} repeated XML each, at best compression. */
    private Path zip(String name, int entries, long bytes) throws IOException {
        Path file = dir.resolve(name);
        byte[] unit = "<p>the scrub found no error</p>".getBytes(StandardCharsets.UTF_8);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            for (int i = 0; i < entries; i++) {
                out.putNextEntry(new ZipEntry("part-" + i + ".xml"));
                for (long written = 0; written < bytes; written += unit.length) {
                    out.write(unit, 0, (int) Math.min(unit.length, bytes - written));
                }
                out.closeEntry();
            }
        }
        return file;
    }

    private Path zipOfNoise(String name, int entries, int bytes) throws IOException {
        Path file = dir.resolve(name);
        Random random = new Random(42);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < entries; i++) {
                byte[] noise = new byte[bytes];
                random.nextBytes(noise);
                out.putNextEntry(new ZipEntry("noise-" + i + ".bin"));
                out.write(noise);
                out.closeEntry();
            }
        }
        return file;
    }

    /** Rewrites every central directory record's uncompressed size to {@code size}. */
    private static void lieAboutSizes(Path zip, int size) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 <= bytes.length; i++) {
            if (b.getInt(i) == 0x02014b50) { // central directory file header
                b.putInt(i + 24, size);
            }
        }
        Files.write(zip, bytes);
    }
}
