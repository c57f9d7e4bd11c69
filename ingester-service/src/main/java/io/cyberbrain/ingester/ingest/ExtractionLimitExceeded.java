package io.cyberbrain.ingester.ingest;

import java.io.IOException;

/**
 * A file unpacks to more than the extraction limits allow (a decompression bomb, or simply too big to extract
 * within the ingester's memory). An {@link IOException} so that it passes unchanged through the parsers that
 * notice it (Tika wraps it; {@link TextExtractor} finds it in the cause chain).
 */
public class ExtractionLimitExceeded extends IOException {

    public ExtractionLimitExceeded(String message) {
        super(message);
    }
}
