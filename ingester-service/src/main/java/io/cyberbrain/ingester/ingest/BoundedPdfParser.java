package io.cyberbrain.ingester.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.apache.pdfbox.io.RandomAccessStreamCache;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.tika.io.TemporaryResources;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.pdf.PDFParser;

/**
 * Tika's PDF parser, with the file checked against the {@link ExtractionLimits} before PDFBox opens it
 * ({@link PdfPreflight}: what PDFBox decodes while loading, cross-reference and object streams) and its streams
 * checked right after PDFBox has loaded it, before any is decoded for text ({@link PdfStreamBudget}).
 */
class BoundedPdfParser extends PDFParser {

    private final transient ExtractionLimits limits;

    BoundedPdfParser(ExtractionLimits limits) {
        this.limits = limits;
    }

    @Override
    protected PDDocument getPDDocument(Path path, String password,
                                       RandomAccessStreamCache.StreamCacheCreateFunction streamCache,
                                       Metadata metadata, ParseContext context) throws IOException {
        PdfPreflight.check(path, limits);
        return checked(super.getPDDocument(path, password, streamCache, metadata, context));
    }

    /** A PDF without a file of its own (embedded in another document) is spooled to one first, to be checked. */
    @Override
    protected PDDocument getPDDocument(InputStream in, String password,
                                       RandomAccessStreamCache.StreamCacheCreateFunction streamCache,
                                       Metadata metadata, ParseContext context) throws IOException {
        try (TemporaryResources temporary = new TemporaryResources()) {
            Path spooled = TikaInputStream.get(in, temporary, metadata).getPath();
            return getPDDocument(spooled, password, streamCache, metadata, context);
        }
    }

    private PDDocument checked(PDDocument document) throws IOException {
        try {
            PdfStreamBudget.check(document, limits);
            return document;
        } catch (IOException | RuntimeException | Error e) {
            document.close();
            throw e;
        }
    }
}
