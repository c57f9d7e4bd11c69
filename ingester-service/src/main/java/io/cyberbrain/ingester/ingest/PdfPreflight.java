package io.cyberbrain.ingester.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;

import io.cyberbrain.ingester.ingest.PdfSyntax.Ref;

/**
 * Checks a PDF file against the {@link ExtractionLimits} before PDFBox opens it. PDFBox decodes cross-reference
 * streams and object streams into memory while it loads a file, before {@link PdfStreamBudget} can look at anything,
 * and keeps an entry per object they declare: one that inflates to a gigabyte, or declares millions of objects,
 * exhausts the heap. So every stream in the file is found by its keyword, wherever it is (also inside another
 * stream's data: PDFBox reaches objects by offset, not in file order), its dictionary read back to its
 * {@code N G obj}, and decoded into nothing while counting; the objects that cross-reference tables, xref streams
 * and object streams declare are counted against {@code max-pdf-objects}.
 */
final class PdfPreflight {

    /** How far before its {@code stream} keyword a stream's dictionary may start, and how many headers are tried. */
    private static final int DICTIONARY_WINDOW = 64 * 1024;
    private static final int HEADER_TRIES = 8;

    private final ByteBuffer pdf;
    private final ExtractionLimits limits;
    private final List<Integer> headers = new ArrayList<>();
    private final List<Integer> streams = new ArrayList<>();
    private final List<Integer> xrefTables = new ArrayList<>();
    /** The value parsed after each header (by its {@code obj} position), or a miss; each header is parsed once. */
    private final Map<Integer, Object> parsed = new HashMap<>();
    private Map<List<Long>, Integer> lastDefinition;
    private long decoded;
    private long objects;

    private PdfPreflight(ByteBuffer pdf, ExtractionLimits limits) {
        this.pdf = pdf;
        this.limits = limits;
    }

    static void check(Path file, ExtractionLimits limits) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new ExtractionLimitExceeded("the PDF has more than 2 GiB");
            }
            new PdfPreflight(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()), limits).check();
        }
    }

    private void check() throws IOException {
        findKeywords();
        limits.checkObjects("object headers", headers.size());
        for (int table : xrefTables) {
            objects += PdfSyntax.xrefTableEntries(pdf, table);
            limits.checkObjects("cross-reference tables", objects);
        }
        for (int keyword : streams) {
            Stream stream = stream(keyword);
            if (stream != null) {
                check(stream);
            }
        }
    }

    /** One pass over the file: the positions of every {@code obj}, {@code stream} and {@code xref} keyword. */
    private void findKeywords() {
        int end = pdf.limit();
        for (int i = 0; i < end; i++) {
            byte b = pdf.get(i);
            if (b == 'o' && PdfSyntax.keywordAt(pdf, i, "obj")) {
                headers.add(i);
            } else if (b == 's' && PdfSyntax.keywordAt(pdf, i, "stream") && !(i >= 3 && PdfSyntax.bytesAt(pdf, i - 3, "end"))) {
                streams.add(i);
            } else if (b == 'x' && PdfSyntax.keywordAt(pdf, i, "xref")) {
                xrefTables.add(i);
            }
        }
    }

    /**
     * A stream: its object number and generation, its dictionary, and where its data starts and ends: at its /Length
     * when {@code endstream} follows there (where PDFBox takes it to end too), else at the end of the file (each
     * decoder stops at its own end, so nothing PDFBox could decode is missed).
     */
    private record Stream(long number, long generation, Map<String, Object> dictionary, int data, int end) {
    }

    /** The stream whose {@code stream} keyword is at {@code keyword}, or null when no header's dictionary ends there. */
    private Stream stream(int keyword) {
        int index = lastHeaderBefore(keyword);
        for (int tries = 0; index >= 0 && tries < HEADER_TRIES && keyword - headers.get(index) <= DICTIONARY_WINDOW;
             index--, tries++) {
            int obj = headers.get(index);
            Object value = parsed(obj);
            if (value instanceof PdfSyntax.Parsed p && p.end() == keyword && p.value() instanceof Map<?, ?> dictionary) {
                long[] numbers = PdfSyntax.headerNumbers(pdf, obj);
                @SuppressWarnings("unchecked")
                Map<String, Object> dict = (Map<String, Object>) dictionary;
                int data = PdfSyntax.dataStart(pdf, keyword + "stream".length());
                // Only a direct /Length is trusted: which definition of an indirect one PDFBox takes is its xref's choice.
                return new Stream(numbers[0], numbers[1], dict, data, end(data, dict.get("Length")));
            }
        }
        return null;
    }

    private int lastHeaderBefore(int position) {
        int low = 0;
        int high = headers.size() - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (headers.get(mid) < position) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    private void check(Stream stream) throws IOException {
        String part = "stream " + stream.number() + " " + stream.generation();
        // Known by their keys, not their /Type: PDFBox reads a stream as one or the other where the file points it.
        if (stream.dictionary().containsKey("W")) {
            objects += xrefStreamEntries(stream.dictionary());
            limits.checkObjects("the cross-reference " + part, objects);
        }
        if (stream.dictionary().containsKey("N") && stream.dictionary().containsKey("First")) {
            objects += Math.max(0, number(resolved(stream.dictionary().get("N"))));
            limits.checkObjects("the object " + part, objects);
        }
        COSDictionary parameters = new COSDictionary();
        // (F and DP abbreviate them in inline images only; in a stream's dictionary F names an external file.)
        for (String key : List.of("Filter", "DecodeParms")) {
            COSBase value = cos(stream.dictionary().get(key), 0);
            if (value != null) {
                parameters.setItem(COSName.getPDFName(key), value);
            }
        }
        if (parameters.getDictionaryObject(COSName.FILTER) == null) {
            return; // stored as is: no bigger than the file
        }
        decoded += PdfStreamBudget.decodedSize(parameters, () -> data(stream), part, limits, decoded);
    }

    private int end(int data, Object length) {
        if (length instanceof Long n && n >= 0 && data + n <= pdf.limit()) {
            int i = (int) (data + n);
            while (i < pdf.limit() && PdfSyntax.whitespace(pdf.get(i)) && i - data - n < 4) {
                i++;
            }
            if (PdfSyntax.bytesAt(pdf, i, "endstream")) {
                return (int) (data + n);
            }
        }
        return pdf.limit();
    }

    private InputStream data(Stream stream) {
        ByteBuffer data = pdf.duplicate();
        data.limit(stream.end());
        data.position(Math.min(stream.data(), stream.end()));
        return new InputStream() {
            @Override
            public int read() {
                return data.hasRemaining() ? data.get() & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (!data.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(len, data.remaining());
                data.get(b, off, n);
                return n;
            }
        };
    }

    /** The entries an xref stream declares: the counts of its /Index, or its /Size. */
    private long xrefStreamEntries(Map<String, Object> dictionary) {
        if (resolved(dictionary.get("Index")) instanceof List<?> index) {
            long entries = 0;
            for (int i = 1; i < index.size(); i += 2) {
                entries += Math.max(0, number(resolved(index.get(i))));
            }
            return entries;
        }
        return Math.max(0, number(resolved(dictionary.get("Size"))));
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private Object parsed(int obj) {
        return parsed.computeIfAbsent(obj, o -> PdfSyntax.valueAfterHeader(pdf, o));
    }

    /** A reference followed to its object (the last definition in the file, as an update would have it). */
    private Object resolved(Object value) {
        if (!(value instanceof Ref ref)) {
            return value;
        }
        if (lastDefinition == null) {
            lastDefinition = new HashMap<>();
            for (int obj : headers) {
                long[] numbers = PdfSyntax.headerNumbers(pdf, obj);
                lastDefinition.put(List.of(numbers[0], numbers[1]), obj);
            }
        }
        Integer obj = lastDefinition.get(List.of(ref.number(), ref.generation()));
        return obj != null && parsed(obj) instanceof PdfSyntax.Parsed p && !(p.value() instanceof Ref) ? p.value() : null;
    }

    /** A parsed value as PDFBox's filters read their parameters. */
    private COSBase cos(Object value, int depth) {
        Object v = resolved(value);
        if (v == null || depth > 20) {
            return null;
        }
        if (v instanceof PdfSyntax.Name name) {
            return COSName.getPDFName(name.value());
        }
        if (v instanceof Long l) {
            return org.apache.pdfbox.cos.COSInteger.get(l);
        }
        if (v instanceof Double d) {
            return new org.apache.pdfbox.cos.COSFloat(d.floatValue());
        }
        if (v instanceof Boolean b) {
            return org.apache.pdfbox.cos.COSBoolean.getBoolean(b);
        }
        if (v instanceof List<?> list) {
            COSArray array = new COSArray();
            for (Object item : list) {
                COSBase c = cos(item, depth + 1);
                array.add(c == null ? org.apache.pdfbox.cos.COSNull.NULL : c);
            }
            return array;
        }
        if (v instanceof Map<?, ?> map) {
            COSDictionary dictionary = new COSDictionary();
            map.forEach((k, item) -> {
                COSBase c = cos(item, depth + 1);
                if (c != null) {
                    dictionary.setItem(COSName.getPDFName(String.valueOf(k)), c);
                }
            });
            return dictionary;
        }
        return null;
    }
}
