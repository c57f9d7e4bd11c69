package io.cyberbrain.api.rag;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;

/**
 * The type of an upload from its bytes (tika-core's magic and text detection), never from its name or the
 * client's Content-Type: a renamed executable stays an executable. Two refinements tika-core cannot make
 * alone: an OOXML zip holding {@code word/document.xml} is DOCX (read from the zip's directory, nothing
 * inflated), and a file whose bytes are plain text may be called Markdown or JSON by its name, since
 * either way it is text. Blocking: call it on a worker thread.
 */
@ApplicationScoped
// Built at start: Tika's default configuration takes seconds to load, too long for the event loop of a first request.
@io.quarkus.runtime.Startup
public class UploadTypeDetector {

    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private static final int MAX_ZIP_ENTRIES_SCANNED = 10_000;

    private final Detector detector = TikaConfig.getDefaultConfig().getDetector();

    public String detect(Path file, String originalName) throws IOException {
        MediaType type;
        try (InputStream in = TikaInputStream.get(file)) {
            // No resource name in the metadata: the decision is the content's alone.
            type = detector.detect(in, new Metadata());
        }
        String base = type.getBaseType().toString();
        if (base.equals("application/zip") || base.equals("application/x-tika-ooxml")
                || base.equals("application/x-tika-msoffice")) {
            return isDocx(file) ? DOCX : base;
        }
        if (base.equals("text/plain")) {
            String name = originalName == null ? "" : originalName.toLowerCase(Locale.ROOT);
            if (name.endsWith(".md") || name.endsWith(".markdown")) {
                return "text/markdown";
            }
            if (name.endsWith(".json")) {
                return "application/json";
            }
        }
        return base;
    }

    private static boolean isDocx(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            for (int i = 0; entries.hasMoreElements() && i < MAX_ZIP_ENTRIES_SCANNED; i++) {
                if (entries.nextElement().getName().equals("word/document.xml")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

}
