package io.cyberbrain.ingester.ingest;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.SecureContentHandler;
import org.apache.tika.sax.WriteOutContentHandler;
import org.xml.sax.SAXException;

/**
 * Plain text out of a stored upload, with Tika's auto-detecting parser (PDF, Office, HTML, text). Bounded:
 * at most {@code max-extracted-chars} characters are kept, and {@link SecureContentHandler} refuses
 * decompression bombs and absurd nesting. Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class TextExtractor {

    /** What came out of a file: its text, whether it was cut at the limit, and the title it declares, if any. */
    public record Extracted(String text, boolean truncated, String title, String detectedType) {
    }

    private final IngestConfig config;
    private final Parser parser;

    public TextExtractor(IngestConfig config) {
        this.config = config;
        this.parser = new AutoDetectParser();
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
        Metadata metadata = new Metadata();
        // The name only breaks ties between text formats (markdown vs plain); the parser is chosen by content.
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, originalName);
        StringWriter text = new StringWriter();
        boolean truncated = false;
        ParseContext context = new ParseContext();
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
                    secure.throwIfCauseOf(e);
                    throw new IngestFailure("the file could not be parsed: " + rootMessage(e), e);
                }
            }
        } catch (EncryptedDocumentException e) {
            throw new IngestFailure("the file is encrypted (password protected); upload an unprotected copy", e);
        } catch (ZeroByteFileException e) {
            throw new IngestFailure("the file is empty", e);
        } catch (TikaException e) {
            String message = rootMessage(e);
            if (message.toLowerCase(java.util.Locale.ROOT).contains("zip bomb")) {
                throw new IngestFailure("refused as a suspected decompression bomb: " + message, e);
            }
            throw new IngestFailure("the file is corrupt or not a valid " + type(metadata) + ": " + message, e);
        } catch (IOException e) {
            throw new IngestFailure("the file could not be read: " + rootMessage(e), e);
        } catch (RuntimeException e) {
            // Parsers of damaged files sometimes fail with unchecked exceptions; the file is still the cause.
            throw new IngestFailure("the file is corrupt or not a valid " + type(metadata) + ": " + rootMessage(e), e);
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
