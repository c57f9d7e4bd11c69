package io.cyberbrain.ingester.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.apache.pdfbox.io.RandomAccessStreamCache;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.pdf.PDFParser;

/**
 * Tika's PDF parser, with the document's streams checked against the {@link ExtractionLimits} right after
 * PDFBox has loaded it and before any stream is decoded for text (see {@link PdfStreamBudget}).
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
        return checked(super.getPDDocument(path, password, streamCache, metadata, context));
    }

    @Override
    protected PDDocument getPDDocument(InputStream in, String password,
                                       RandomAccessStreamCache.StreamCacheCreateFunction streamCache,
                                       Metadata metadata, ParseContext context) throws IOException {
        return checked(super.getPDDocument(in, password, streamCache, metadata, context));
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
