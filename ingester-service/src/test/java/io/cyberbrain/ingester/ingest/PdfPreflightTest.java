package io.cyberbrain.ingester.ingest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check of a PDF's streams and declared objects before PDFBox opens it, on small files made here. */
class PdfPreflightTest {

    /** 1 MiB a stream, 4 MiB in all, ratio 100 after 64 KiB, 1,000 objects. */
    private static final ExtractionLimits LIMITS = new ExtractionLimits(1L << 20, 4L << 20, 50, 100, 64 * 1024, 1000);

    @TempDir
    Path dir;

    private Path file(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("%PDF-1.7\n"));
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        Path file = dir.resolve("test-" + System.nanoTime() + ".pdf");
        Files.write(file, out.toByteArray());
        return file;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] deflate(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION))) {
            deflater.write(data);
        }
        return out.toByteArray();
    }

    /** {@code n} zero bytes, deflated. */
    private static byte[] zeros(int n) throws IOException {
        return deflate(new byte[n]);
    }

    private static byte[] stream(String header, String dictionary, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(header + " obj\n" + dictionary + "\nstream\n"));
        out.writeBytes(data);
        out.writeBytes(ascii("\nendstream\nendobj\n"));
        return out.toByteArray();
    }

    private static String refused(Path file) {
        return assertThrows(ExtractionLimitExceeded.class, () -> PdfPreflight.check(file, LIMITS)).getMessage();
    }

    @Test
    void aPdfWrittenWithObjectAndXrefStreamsPasses() throws IOException {
        Path file = dir.resolve("real.pdf");
        try (PDDocument document = new PDDocument()) {
            for (int p = 0; p < 20; p++) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    content.showText("Page " + p + ": the disk array rebuilt after a failed drive.");
                    content.endText();
                }
            }
            document.save(file.toFile(), CompressParameters.DEFAULT_COMPRESSION);
        }
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertTrue(raw.contains("/ObjStm") && raw.contains("/XRef"), "written with object and xref streams");
        assertDoesNotThrow(() -> PdfPreflight.check(file, LIMITS));
        try (PDDocument loaded = Loader.loadPDF(file.toFile())) {
            assertTrue(loaded.getNumberOfPages() == 20);
        }
    }

    @Test
    void anXrefStreamThatInflatesPastTheLimitIsRefusedByName() throws IOException {
        String reason = refused(file(stream("6 0", "<< /Type /XRef /Size 7 /W [1 4 2] /Filter /FlateDecode /Length 99 >>",
                zeros(2 << 20))));
        assertTrue(reason.startsWith("stream 6 0 unpacks"), reason);
    }

    @Test
    void anXrefStreamDeclaringMillionsOfObjectsIsRefused() throws IOException {
        String reason = refused(file(stream("6 0", "<< /Type /XRef /Size 5000000 /W [1 4 2] /Length 7 >>", new byte[7])));
        assertTrue(reason.contains("cross-reference stream 6 0") && reason.contains("max-pdf-objects"), reason);
        reason = refused(file(stream("6 0", "<< /Type /XRef /Index [0 10 100 4000000] /Size 7 /W [1 4 2] /Length 7 >>",
                new byte[7])));
        assertTrue(reason.contains("4000010"), reason);
    }

    @Test
    void anObjectStreamDeclaringMillionsOfObjectsIsRefused() throws IOException {
        String reason = refused(file(stream("9 0", "<< /Type /ObjStm /N 2000000 /First 4 /Length 8 >>", ascii("1 0 null"))));
        assertTrue(reason.contains("object stream 9 0") && reason.contains("max-pdf-objects"), reason);
    }

    @Test
    void aClassicTableWithMoreEntriesThanTheLimitIsRefused() throws IOException {
        StringBuilder table = new StringBuilder("xref\n0 1200\n");
        for (int i = 0; i < 1200; i++) {
            table.append("0000000000 65535 f \n");
        }
        String reason = refused(file(ascii(table + "trailer\n<< /Size 1200 >>\n")));
        assertTrue(reason.contains("cross-reference tables") && reason.contains("1200"), reason);
    }

    @Test
    void aStreamCompressedTwiceIsCountedAfterBothFilters() throws IOException {
        byte[] twice = deflate(zeros(2 << 20));
        String reason = refused(file(stream("7 0", "<< /Filter [/FlateDecode /FlateDecode] /Length " + twice.length + " >>", twice)));
        assertTrue(reason.startsWith("stream 7 0 unpacks"), reason);
    }

    @Test
    void aHeaderHiddenBehindAStringOrAnIndirectFilterDoesNotHideTheStream() throws IOException {
        String reason = refused(file(stream("7 0", "<< /Note (x obj stream) /Filter 10 0 R >>", zeros(2 << 20)),
                ascii("10 0 obj\n/FlateDecode\nendobj\n")));
        assertTrue(reason.startsWith("stream 7 0 unpacks"), reason);
    }

    @Test
    void aStreamInsideAnotherStreamsDataIsStillChecked() throws IOException {
        byte[] inner = stream("9 0", "<< /Filter /FlateDecode >>", zeros(2 << 20));
        String reason = refused(file(stream("8 0", "<< /Length " + inner.length + " >>", inner)));
        assertTrue(reason.startsWith("stream 9 0 unpacks"), reason);
    }

    @Test
    void streamsWithinTheLimitsPass() throws IOException {
        assertDoesNotThrow(() -> PdfPreflight.check(file(stream("7 0", "<< /Filter /FlateDecode >>", deflate(ascii("BT ET"))),
                stream("8 0", "<< /Filter /ASCIIHexDecode >>", ascii("4254204554>"))), LIMITS));
    }
}
