package io.cyberbrain.ingester;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Decompression bombs, generated at test time (nothing big is committed): each is a few MB on disk and unpacks
 * to about a gigabyte. Written by streaming a repeated block through a Deflater at its best compression, so
 * generating one needs no memory either. Files are made once per JVM, under {@code dir}.
 */
public final class Bombs {

    /** What each bomb unpacks to. */
    public static final long UNPACKED = 1L << 30;

    private Bombs() {
    }

    /** A plain zip with one entry of {@link #UNPACKED} zero bytes. */
    public static synchronized Path zip(Path dir) throws IOException {
        Path file = dir.resolve("bomb.zip");
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("bomb.zip.part");
            try (ZipOutputStream zip = zipOut(tmp)) {
                zip.putNextEntry(new ZipEntry("zeros.txt"));
                repeat(zip, new byte[64 * 1024], UNPACKED);
                zip.closeEntry();
            }
            Files.move(tmp, file);
        }
        return file;
    }

    /**
     * A valid DOCX whose {@code word/document.xml} holds {@link #UNPACKED} bytes of paragraphs of repeated text:
     * what the Word parser would read into memory whole.
     */
    public static synchronized Path docx(Path dir) throws IOException {
        Path file = dir.resolve("bomb.docx");
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("bomb.docx.part");
            try (ZipOutputStream zip = zipOut(tmp)) {
                entry(zip, "[Content_Types].xml", """
                        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                        <Default Extension="xml" ContentType="application/xml"/>\
                        <Override PartName="/word/document.xml" \
                        ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
                        </Types>""");
                entry(zip, "_rels/.rels", """
                        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                        <Relationship Id="rId1" \
                        Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
                        Target="word/document.xml"/></Relationships>""");
                zip.putNextEntry(new ZipEntry("word/document.xml"));
                byte[] head = ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w="
                        + "\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>").getBytes(StandardCharsets.UTF_8);
                byte[] tail = "</w:body></w:document>".getBytes(StandardCharsets.UTF_8);
                byte[] paragraph = "<w:p><w:r><w:t>The disk array rebuilt after a failed drive and the scrub found no error.</w:t></w:r></w:p>"
                        .getBytes(StandardCharsets.UTF_8);
                zip.write(head);
                repeat(zip, block(paragraph), whole(UNPACKED - head.length - tail.length, paragraph));
                zip.write(tail);
                zip.closeEntry();
            }
            Files.move(tmp, file);
        }
        return file;
    }

    /**
     * A one-page PDF whose page content is one Flate stream that inflates to {@link #UNPACKED} bytes of text
     * operators, written by hand (object offsets counted) so that nothing holds the stream in memory.
     */
    public static Path pdf(Path dir) throws IOException {
        return pdf(dir, "bomb.pdf", "");
    }

    /** {@link #pdf}, its page content stream declaring itself an image (which text extraction ignores). */
    public static Path pdfDisguisedAsImage(Path dir) throws IOException {
        return pdf(dir, "bomb-image.pdf", " /Subtype /Image");
    }

    private static synchronized Path pdf(Path dir, String name, String extraEntries) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            Path content = dir.resolve(name + ".content");
            byte[] show = "BT /F1 12 Tf 72 700 Td (The disk array rebuilt after a failed drive.) Tj ET\n"
                    .getBytes(StandardCharsets.US_ASCII);
            try (DeflaterOutputStream out = new DeflaterOutputStream(Files.newOutputStream(content),
                    new Deflater(Deflater.BEST_COMPRESSION), 64 * 1024)) {
                repeat(out, block(show), whole(UNPACKED, show));
            }
            long length = Files.size(content);
            Path tmp = dir.resolve(name + ".part");
            try (CountingOut out = new CountingOut(Files.newOutputStream(tmp))) {
                List<Long> offsets = new ArrayList<>();
                out.ascii("%PDF-1.7\n");
                offsets.add(out.count);
                out.ascii("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
                offsets.add(out.count);
                out.ascii("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
                offsets.add(out.count);
                out.ascii("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
                        + " /Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n");
                offsets.add(out.count);
                out.ascii("4 0 obj\n<< /Length " + length + " /Filter /FlateDecode" + extraEntries + " >>\nstream\n");
                Files.copy(content, out);
                out.ascii("\nendstream\nendobj\n");
                offsets.add(out.count);
                out.ascii("5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n");
                long xref = out.count;
                StringBuilder table = new StringBuilder("xref\n0 6\n0000000000 65535 f \n");
                for (long offset : offsets) {
                    table.append(String.format("%010d 00000 n \n", offset));
                }
                out.ascii(table + "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
            }
            Files.delete(content);
            Files.move(tmp, file);
        }
        return file;
    }

    /**
     * A one-page PDF 1.5 file whose cross-reference is an xref stream (as most PDF writers make them) that inflates
     * to {@link #UNPACKED} bytes: its entries, then zeros. PDFBox decodes it into memory while it opens the file.
     */
    public static synchronized Path pdfXrefStream(Path dir) throws IOException {
        Path file = dir.resolve("bomb-xref.pdf");
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("bomb-xref.pdf.part");
            try (CountingOut out = new CountingOut(Files.newOutputStream(tmp))) {
                out.ascii("%PDF-1.7\n");
                List<Long> offsets = onePage(out, 1);
                long xref = out.count;
                offsets.add(xref);
                byte[] entries = xrefEntries(offsets, List.of());
                Path data = deflated(dir, "bomb-xref.data", entries, new byte[64 * 1024], UNPACKED);
                out.ascii("6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length "
                        + Files.size(data) + " >>\nstream\n");
                Files.copy(data, out);
                Files.delete(data);
                out.ascii("\nendstream\nendobj\nstartxref\n" + xref + "\n%%EOF\n");
            }
            Files.move(tmp, file);
        }
        return file;
    }

    /**
     * A one-page PDF 1.5 file whose catalog sits in an object stream that inflates to {@link #UNPACKED} bytes (the
     * catalog, then spaces), found through a small xref stream. PDFBox decodes the object stream into memory as soon
     * as it reads the catalog, while it opens the file.
     */
    public static synchronized Path pdfObjectStream(Path dir) throws IOException {
        Path file = dir.resolve("bomb-objstm.pdf");
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("bomb-objstm.pdf.part");
            try (CountingOut out = new CountingOut(Files.newOutputStream(tmp))) {
                out.ascii("%PDF-1.7\n");
                List<Long> offsets = onePage(out, 2);
                offsets.add(0, null); // object 1 lives in the object stream
                byte[] header = "1 0 ".getBytes(StandardCharsets.US_ASCII);
                byte[] catalog = "<< /Type /Catalog /Pages 2 0 R >>\n".getBytes(StandardCharsets.US_ASCII);
                byte[] prefix = new byte[header.length + catalog.length];
                System.arraycopy(header, 0, prefix, 0, header.length);
                System.arraycopy(catalog, 0, prefix, header.length, catalog.length);
                byte[] spaces = new byte[64 * 1024];
                java.util.Arrays.fill(spaces, (byte) ' ');
                Path data = deflated(dir, "bomb-objstm.data", prefix, spaces, UNPACKED);
                offsets.add(out.count);
                out.ascii("6 0 obj\n<< /Type /ObjStm /N 1 /First " + header.length + " /Filter /FlateDecode /Length "
                        + Files.size(data) + " >>\nstream\n");
                Files.copy(data, out);
                Files.delete(data);
                out.ascii("\nendstream\nendobj\n");
                long xref = out.count;
                offsets.add(xref);
                byte[] entries = xrefEntries(offsets, List.of(1));
                out.ascii("7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Length " + entries.length + " >>\nstream\n");
                out.write(entries);
                out.ascii("\nendstream\nendobj\nstartxref\n" + xref + "\n%%EOF\n");
            }
            Files.move(tmp, file);
        }
        return file;
    }

    /** Objects {@code first}..5 of a one-page document (catalog, pages, page, its small content, a font); their offsets. */
    private static List<Long> onePage(CountingOut out, int first) throws IOException {
        List<Long> offsets = new ArrayList<>();
        byte[] content = "BT /F1 12 Tf 72 700 Td (The disk array rebuilt after a failed drive.) Tj ET\n"
                .getBytes(StandardCharsets.US_ASCII);
        String[] objects = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length " + content.length + " >>\nstream\n" + new String(content, StandardCharsets.US_ASCII) + "endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
        for (int number = first; number <= 5; number++) {
            offsets.add(out.count);
            out.ascii(number + " 0 obj\n" + objects[number - 1] + "\nendobj\n");
        }
        return offsets;
    }

    /**
     * Xref stream entries (W [1 4 2]) for objects 1..n at {@code offsets} (null: in object stream 6, index 0, for the
     * numbers in {@code compressed}), after the free head of the list.
     */
    private static byte[] xrefEntries(List<Long> offsets, List<Integer> compressed) {
        java.nio.ByteBuffer entries = java.nio.ByteBuffer.allocate(7 * (offsets.size() + 1));
        entries.put((byte) 0).putInt(0).putShort((short) 0xFFFF);
        for (int i = 0; i < offsets.size(); i++) {
            if (compressed.contains(i + 1)) {
                entries.put((byte) 2).putInt(6).putShort((short) 0);
            } else {
                entries.put((byte) 1).putInt((int) (long) offsets.get(i)).putShort((short) 0);
            }
        }
        return entries.array();
    }

    /** {@code prefix} then {@code filler} repeated up to {@code total} bytes, deflated into a file. */
    private static Path deflated(Path dir, String name, byte[] prefix, byte[] filler, long total) throws IOException {
        Path data = dir.resolve(name);
        try (DeflaterOutputStream out = new DeflaterOutputStream(Files.newOutputStream(data),
                new Deflater(Deflater.BEST_COMPRESSION), 64 * 1024)) {
            out.write(prefix);
            repeat(out, filler, total - prefix.length);
        }
        return data;
    }

    private static ZipOutputStream zipOut(Path file) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file));
        zip.setLevel(Deflater.BEST_COMPRESSION);
        return zip;
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** The most bytes up to {@code total} that are whole copies of {@code unit}: the XML and operators stay whole. */
    private static long whole(long total, byte[] unit) {
        return total / unit.length * unit.length;
    }

    /** {@code unit} repeated to about 64 KiB. */
    private static byte[] block(byte[] unit) {
        int times = Math.max(1, 64 * 1024 / unit.length);
        byte[] block = new byte[unit.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(unit, 0, block, i * unit.length, unit.length);
        }
        return block;
    }

    /** Writes {@code block} over and over until {@code total} bytes are written (the last one cut). */
    private static void repeat(OutputStream out, byte[] block, long total) throws IOException {
        for (long written = 0; written < total; ) {
            int n = (int) Math.min(block.length, total - written);
            out.write(block, 0, n);
            written += n;
        }
    }

    private static final class CountingOut extends java.io.FilterOutputStream {
        long count;

        CountingOut(OutputStream out) {
            super(out);
        }

        void ascii(String s) throws IOException {
            write(s.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
