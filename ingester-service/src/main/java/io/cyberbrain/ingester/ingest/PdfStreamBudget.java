package io.cyberbrain.ingester.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.FilterFactory;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/**
 * Checks the streams of a loaded PDF against the {@link ExtractionLimits} before any text is extracted. PDFBox
 * decodes a whole stream into memory when it reads it (a page's content, a font), whatever its stream cache,
 * so one Flate stream that inflates to a gigabyte exhausts the heap; here every stream is decoded once into
 * nothing, counting. Images are skipped, unless a page uses one as its content: text extraction never decodes
 * them (there is no OCR), and their decoders (DCT, JPX, JBIG2, CCITT) end a filter chain.
 */
final class PdfStreamBudget {

    private static final Set<COSName> IMAGE_FILTERS = Set.of(COSName.DCT_DECODE, COSName.DCT_DECODE_ABBREVIATION,
            COSName.JPX_DECODE, COSName.JBIG2_DECODE, COSName.CCITTFAX_DECODE, COSName.CCITTFAX_DECODE_ABBREVIATION);

    private PdfStreamBudget() {
    }

    static void check(PDDocument document, ExtractionLimits limits) throws IOException {
        COSDocument cos = document.getDocument();
        Set<COSStream> pageContents = pageContents(document);
        long total = 0;
        for (Map.Entry<COSObjectKey, Long> xref : List.copyOf(cos.getXrefTable().entrySet())) {
            COSBase object;
            try {
                object = cos.getObjectFromPool(xref.getKey()).getObject();
            } catch (RuntimeException unreadable) {
                continue; // a damaged object: the parser decides what the file is worth
            }
            // An image that is also a page's content is read as content: its Subtype does not exempt it.
            if (object instanceof COSStream stream
                    && (!COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE)) || pageContents.contains(stream))) {
                String part = "stream " + xref.getKey().getNumber() + " " + xref.getKey().getGeneration();
                total += decodedSize(stream, part, limits, total);
            }
        }
    }

    private static Set<COSStream> pageContents(PDDocument document) {
        Set<COSStream> contents = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        try {
            for (PDPage page : document.getPages()) {
                COSBase c = page.getCOSObject().getDictionaryObject(COSName.CONTENTS);
                if (c instanceof COSStream stream) {
                    contents.add(stream);
                } else if (c instanceof COSArray array) {
                    for (COSBase b : array) {
                        COSBase resolved = b instanceof org.apache.pdfbox.cos.COSObject o ? o.getObject() : b;
                        if (resolved instanceof COSStream stream) {
                            contents.add(stream);
                        }
                    }
                }
            }
        } catch (RuntimeException damagedPageTree) {
            // PDFBox reports a broken page tree itself when it extracts the text.
        }
        return contents;
    }

    private static long decodedSize(COSStream stream, String part, ExtractionLimits limits, long before) throws IOException {
        return decodedSize(stream, stream::createRawInputStream, part, limits, before);
    }

    /** Where a stream's encoded bytes come from. */
    interface RawInput {
        InputStream open() throws IOException;
    }

    /**
     * What a stream with these filters and parameters ({@code stream}: its dictionary) decodes to, counted against the
     * limits (the part's, and {@code before} plus it for the whole file) without keeping it; 0 for a stream that is
     * stored as is, an image, or damaged (its parser reports or skips those).
     */
    static long decodedSize(COSDictionary stream, RawInput encoded, String part, ExtractionLimits limits, long before)
            throws IOException {
        List<COSName> filters = filters(stream);
        if (filters.isEmpty()) {
            return 0; // stored as is: it takes no more than the file itself
        }
        try (CountingInput raw = new CountingInput(encoded.open())) {
            InputStream input = raw;
            for (int i = 0; i < filters.size(); i++) {
                boolean last = i == filters.size() - 1 || IMAGE_FILTERS.contains(filters.get(i + 1));
                Limited out = new Limited(part, raw, limits, before, !last);
                FilterFactory.INSTANCE.getFilter(filters.get(i)).decode(input, out, stream, i);
                if (last) {
                    return out.count;
                }
                input = new ByteArrayInputStream(out.kept.toByteArray());
            }
            return 0;
        } catch (ExtractionLimitExceeded e) {
            throw e;
        } catch (IOException | RuntimeException damaged) {
            return 0; // an unknown filter or damaged data: PDFBox reports or skips it during extraction
        }
    }

    private static List<COSName> filters(COSDictionary stream) {
        COSBase filters = stream.getDictionaryObject(COSName.FILTER);
        List<COSName> names = new ArrayList<>();
        if (filters instanceof COSName name) {
            names.add(name);
        } else if (filters instanceof COSArray array) {
            for (COSBase b : array) {
                if (b instanceof COSName name) {
                    names.add(name);
                }
            }
        }
        if (!names.isEmpty() && IMAGE_FILTERS.contains(names.get(0))) {
            return List.of();
        }
        return names;
    }

    /** Counts the encoded bytes read, for the ratio. */
    private static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Counts decoded bytes against the limits; keeps them only when another filter still has to read them. */
    private static final class Limited extends OutputStream {
        private final String part;
        private final CountingInput raw;
        private final ExtractionLimits limits;
        private final long before;
        private final ByteArrayOutputStream kept;
        long count;

        Limited(String part, CountingInput raw, ExtractionLimits limits, long before, boolean keep) {
            this.part = part;
            this.raw = raw;
            this.limits = limits;
            this.before = before;
            this.kept = keep ? new ByteArrayOutputStream() : null;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count += len;
            limits.checkPart(part, raw.count, count);
            limits.checkTotal(before + count);
            if (kept != null) {
                kept.write(b, off, len);
            }
        }
    }
}
