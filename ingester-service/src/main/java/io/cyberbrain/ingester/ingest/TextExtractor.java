package io.cyberbrain.ingester.ingest;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.tika.config.ServiceLoader;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.DefaultParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.SecureContentHandler;
import org.apache.tika.sax.WriteOutContentHandler;
import org.xml.sax.SAXException;

/**
 * Plain text out of a stored upload, with Tika's auto-detecting parser (PDF, Office, HTML, text). Bounded, so
 * that one file cannot exhaust the ingester's small heap: a zip container is checked entry by entry before it
 * is parsed ({@link ZipBudget}), a PDF stream by stream once loaded ({@link PdfStreamBudget}); Word and
 * PowerPoint files are read as a stream of SAX events (no DOM of the whole document), POI refuses zip entries
 * beyond the same limits at run time, PDFBox spills its stream cache to temporary files, at most
 * {@code max-extracted-chars} characters are kept, and {@link SecureContentHandler} refuses output out of
 * proportion to the file and absurd nesting. Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class TextExtractor {

    /** The start of every reason given for a file refused by a limit. */
    public static final String LIMIT_REASON = "document exceeds the extraction limit: ";

    /** What came out of a file: its text, whether it was cut at the limit, and the title it declares, if any. */
    public record Extracted(String text, boolean truncated, String title, String detectedType) {
    }

    private final IngestConfig config;
    private final ExtractionLimits limits;
    private final Parser parser;

    public TextExtractor(IngestConfig config) {
        this.config = config;
        this.limits = ExtractionLimits.of(config.tika());
        // POI's own guards, for parts opened below the top level (a workbook embedded in a document); global in
        // POI, and this service is their only user.
        ZipSecureFile.setMinInflateRatio(1.0 / Math.max(1, limits.maxCompressionRatio()));
        ZipSecureFile.setMaxEntrySize(limits.maxEntryBytes());
        ZipSecureFile.setMaxFileCount(limits.maxEntries());
        BoundedPdfParser pdf = new BoundedPdfParser(limits);
        pdf.setMaxMainMemoryBytes(config.tika().pdfMainMemory().asLongValue());
        this.parser = new AutoDetectParser(new DefaultParser(MediaTypeRegistry.getDefaultRegistry(), new ServiceLoader(),
                List.of(PDFParser.class)), pdf);
    }

    public Extracted extract(Path file, String originalName) throws IngestFailure {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new IngestFailure("the stored file is missing or unreadable", e);
        }
        if (size == 0) {
            throw new IngestFailure("the file is empty");
        }
        try {
            if (ZipBudget.isZip(file)) {
                ZipBudget.check(file, limits);
            }
        } catch (ExtractionLimitExceeded e) {
            throw new IngestFailure(LIMIT_REASON + e.getMessage(), e);
        } catch (IOException e) {
            throw new IngestFailure("the file could not be read: " + rootMessage(e), e);
        }
        Metadata metadata = new Metadata();
        // The name only breaks ties between text formats (markdown vs plain); the parser is chosen by content.
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, originalName);
        StringWriter text = new StringWriter();
        boolean truncated = false;
        ParseContext context = new ParseContext();
        OfficeParserConfig office = new OfficeParserConfig();
        office.setUseSAXDocxExtractor(true);
        office.setUseSAXPptxExtractor(true);
        context.set(OfficeParserConfig.class, office);
        try (TikaInputStream in = TikaInputStream.get(file)) {
            SecureContentHandler secure = new SecureContentHandler(
                    new BodyContentHandler(new WriteOutContentHandler(text, config.maxExtractedChars())), in);
            secure.setMaximumCompressionRatio(config.tika().maxCompressionRatio());
            secure.setOutputThreshold(config.tika().outputThreshold());
            secure.setMaximumDepth(config.tika().maxDepth());
            secure.setMaximumPackageEntryDepth(config.tika().maxPackageEntryDepth());
            try {
                parser.parse(in, secure, metadata, context);
            } catch (SAXException e) {
                if (WriteLimitReachedException.isWriteLimitReached(e)) {
                    truncated = true;
                } else {
                    limitExceeded(e);
                    secure.throwIfCauseOf(e);
                    throw new IngestFailure("the file could not be parsed: " + rootMessage(e), e);
                }
            }
        } catch (EncryptedDocumentException e) {
            throw new IngestFailure("the file is encrypted (password protected); upload an unprotected copy", e);
        } catch (ZeroByteFileException e) {
            throw new IngestFailure("the file is empty", e);
        } catch (TikaException | IOException | RuntimeException e) {
            limitExceeded(e);
            String message = rootMessage(e);
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("zip bomb") || lower.contains("potentially malicious")) {
                // SecureContentHandler's ratio or nesting, or POI's zip guards below the top level.
                throw new IngestFailure(LIMIT_REASON + message, e);
            }
            if (e instanceof IOException && !(e instanceof TikaException)) {
                throw new IngestFailure("the file could not be read: " + message, e);
            }
            // Parsers of damaged files sometimes fail with unchecked exceptions; the file is still the cause.
            throw new IngestFailure("the file is corrupt or not a valid " + type(metadata) + ": " + message, e);
        }
        // Postgres text cannot hold NUL; a space keeps every character offset where it was.
        String body = text.toString().replace('\u0000', ' ');
        if (body.isBlank()) {
            throw new IngestFailure("no text could be extracted from the " + type(metadata)
                    + " (empty, or only images: there is no OCR)");
        }
        String title = metadata.get(TikaCoreProperties.TITLE);
        return new Extracted(body, truncated, title == null || title.isBlank() ? null : title.strip(), type(metadata));
    }

    /** A limit noticed deep inside a parser arrives wrapped (by Tika, by SAX): its reason is the one to give. */
    private static void limitExceeded(Throwable e) throws IngestFailure {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ExtractionLimitExceeded limit) {
                throw new IngestFailure(LIMIT_REASON + limit.getMessage(), limit);
            }
            if (t instanceof SAXException sax && sax.getException() != null && sax.getException() != t.getCause()) {
                limitExceeded(sax.getException());
            }
        }
    }

    private static String type(Metadata metadata) {
        String type = metadata.get(Metadata.CONTENT_TYPE);
        return type == null ? "file" : type.split(";")[0].strip();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
