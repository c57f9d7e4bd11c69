package io.cyberbrain.ingester.ingest;

/**
 * The byte limits on unpacking one file, from {@code cyberbrain.ingest.tika.*}: what one part (a zip entry, a PDF
 * stream) may unpack to, what all parts may unpack to together, how many entries a container may have, the
 * largest unpacked/packed ratio of a part once it has produced {@code ratioGraceBytes}, and how many objects a PDF
 * may declare.
 */
public record ExtractionLimits(long maxEntryBytes, long maxUnpackedBytes, int maxEntries, long maxCompressionRatio,
                               long ratioGraceBytes, long maxPdfObjects) {

    static ExtractionLimits of(IngestConfig.Tika tika) {
        return new ExtractionLimits(tika.maxEntryBytes().asLongValue(), tika.maxUnpackedBytes().asLongValue(),
                tika.maxEntries(), tika.maxCompressionRatio(), tika.outputThreshold(), tika.maxPdfObjects());
    }

    /** Fails when a PDF declares {@code count} objects so far ({@code where}: what declared the last of them). */
    void checkObjects(String where, long count) throws ExtractionLimitExceeded {
        if (count > maxPdfObjects) {
            throw new ExtractionLimitExceeded(where + " brings the objects it declares to " + count + ", more than "
                    + maxPdfObjects + " (cyberbrain.ingest.tika.max-pdf-objects)");
        }
    }

    /** Fails when a part that came from {@code packed} bytes has unpacked to {@code unpacked} bytes so far. */
    void checkPart(String part, long packed, long unpacked) throws ExtractionLimitExceeded {
        if (unpacked > maxEntryBytes) {
            throw new ExtractionLimitExceeded(part + " unpacks to more than " + mib(maxEntryBytes)
                    + " (cyberbrain.ingest.tika.max-entry-bytes)");
        }
        if (unpacked > ratioGraceBytes && unpacked > Math.max(packed, 1) * maxCompressionRatio) {
            throw new ExtractionLimitExceeded(part + " unpacks from " + packed + " bytes to more than " + unpacked
                    + " bytes, a ratio above " + maxCompressionRatio + " (cyberbrain.ingest.tika.max-compression-ratio)");
        }
    }

    /** Fails when all parts together have unpacked to {@code unpacked} bytes. */
    void checkTotal(long unpacked) throws ExtractionLimitExceeded {
        if (unpacked > maxUnpackedBytes) {
            throw new ExtractionLimitExceeded("its parts unpack to more than " + mib(maxUnpackedBytes)
                    + " in all (cyberbrain.ingest.tika.max-unpacked-bytes)");
        }
    }

    static String mib(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
    }
}
