package io.cyberbrain.worker.task.triage.read;

import io.cyberbrain.worker.task.triage.ConfigSection;

import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * What {@link LogWindowReader} reads and how much.
 *
 * <p>Config keys (in the job's config map, either flat {@code "logs.include"} or nested
 * {@code {"logs": {"include": ...}}}):
 * <ul>
 * <li>{@code logs.include}: glob list (or comma-separated string) relative to the log root; default
 * {@link #DEFAULT_INCLUDE}. A glob starting with {@code **}{@code /} also matches at the root.</li>
 * <li>{@code logs.exclude}: glob list, default none. {@code runs/**} (the product's own job folders) is
 * always excluded, whatever this says.</li>
 * <li>{@code logs.first_run_tail_bytes}: on a first run (no previous success), how much of the end of
 * each file is read; default 1 MiB.</li>
 * <li>{@code logs.max_bytes_per_run} (default 256 MiB) and {@code logs.max_bytes_per_file} (64 MiB): what
 * is not read because of them stays behind the cursor for the next run; nothing is skipped.</li>
 * <li>{@code logs.max_line_bytes}: longer lines are cut there and the rest skipped; default 64 KiB.</li>
 * <li>{@code logs.max_decompressed_bytes}: cap on what one {@code .gz} may expand to (against
 * decompression bombs); the rest is skipped with a warning; default 256 MiB.</li>
 * <li>{@code logs.read_compressed_on_first_run}: whether compressed files present on a first run are read
 * (default false: they are history older than the tails, marked read without reading them).</li>
 * </ul>
 *
 * @param useFileIdentity whether device and inode are used (true); false uses path and head hash only, as
 *                        on file systems without a unix attribute view
 */
public record ReadOptions(List<String> include, List<String> exclude, long firstRunTailBytes, long maxBytesPerRun,
                          long maxBytesPerFile, int maxLineBytes, long maxDecompressedBytes,
                          boolean readCompressedOnFirstRun, boolean useFileIdentity) {

    public static final List<String> DEFAULT_INCLUDE = List.of(
            "**/*.log", "**/*.log.[0-9]", "**/*.log.[0-9][0-9]",
            "**/*.log.gz", "**/*.log.[0-9].gz", "**/*.log.[0-9][0-9].gz",
            "**/*.log-[0-9]*", // dateext: app.log-20240501, app.log-20240501.gz
            "**/*.txt", "**/*.out",
            "**/syslog", "**/syslog.[0-9]*", "**/messages", "**/messages.[0-9]*");

    /** Never read: the product's own run folders (job.json, result.json, reports, container logs). */
    public static final String ALWAYS_EXCLUDED_DIR = "runs";

    public static final long MIB = 1024L * 1024L;

    public ReadOptions {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        if (include.isEmpty()) {
            throw new IllegalArgumentException("logs.include must name at least one glob");
        }
        positive("logs.first_run_tail_bytes", firstRunTailBytes);
        positive("logs.max_bytes_per_run", maxBytesPerRun);
        positive("logs.max_bytes_per_file", maxBytesPerFile);
        positive("logs.max_line_bytes", maxLineBytes);
        positive("logs.max_decompressed_bytes", maxDecompressedBytes);
        for (String g : include) {
            checkGlob("logs.include", g);
        }
        for (String g : exclude) {
            checkGlob("logs.exclude", g);
        }
    }

    public static ReadOptions defaults() {
        return new ReadOptions(DEFAULT_INCLUDE, List.of(), MIB, 256 * MIB, 64 * MIB, 64 * 1024, 256 * MIB, false,
                true);
    }

    /**
     * Reads the {@code logs.*} keys of a job's config; absent keys keep their defaults.
     *
     * @throws IllegalArgumentException naming the key and what is wrong with it
     */
    public static ReadOptions from(Map<String, Object> config) {
        ReadOptions d = defaults();
        Map<String, Object> c = config == null ? Map.of() : config;
        ConfigSection s = ConfigSection.of(c, PREFIX);
        return new ReadOptions(
                strings(c, "include", d.include()),
                strings(c, "exclude", d.exclude()),
                bytes(s, "first_run_tail_bytes", d.firstRunTailBytes()),
                bytes(s, "max_bytes_per_run", d.maxBytesPerRun()),
                bytes(s, "max_bytes_per_file", d.maxBytesPerFile()),
                (int) Math.min(Integer.MAX_VALUE - 16, bytes(s, "max_line_bytes", d.maxLineBytes())),
                bytes(s, "max_decompressed_bytes", d.maxDecompressedBytes()),
                s.bool("read_compressed_on_first_run", d.readCompressedOnFirstRun()),
                d.useFileIdentity());
    }

    public ReadOptions withInclude(List<String> globs) {
        return new ReadOptions(globs, exclude, firstRunTailBytes, maxBytesPerRun, maxBytesPerFile, maxLineBytes,
                maxDecompressedBytes, readCompressedOnFirstRun, useFileIdentity);
    }

    public ReadOptions withExclude(List<String> globs) {
        return new ReadOptions(include, globs, firstRunTailBytes, maxBytesPerRun, maxBytesPerFile, maxLineBytes,
                maxDecompressedBytes, readCompressedOnFirstRun, useFileIdentity);
    }

    public ReadOptions withFirstRunTailBytes(long bytes) {
        return new ReadOptions(include, exclude, bytes, maxBytesPerRun, maxBytesPerFile, maxLineBytes,
                maxDecompressedBytes, readCompressedOnFirstRun, useFileIdentity);
    }

    public ReadOptions withLimits(long perRun, long perFile) {
        return new ReadOptions(include, exclude, firstRunTailBytes, perRun, perFile, maxLineBytes,
                maxDecompressedBytes, readCompressedOnFirstRun, useFileIdentity);
    }

    public ReadOptions withMaxLineBytes(int bytes) {
        return new ReadOptions(include, exclude, firstRunTailBytes, maxBytesPerRun, maxBytesPerFile, bytes,
                maxDecompressedBytes, readCompressedOnFirstRun, useFileIdentity);
    }

    public ReadOptions withMaxDecompressedBytes(long bytes) {
        return new ReadOptions(include, exclude, firstRunTailBytes, maxBytesPerRun, maxBytesPerFile, maxLineBytes,
                bytes, readCompressedOnFirstRun, useFileIdentity);
    }

    public ReadOptions withFileIdentity(boolean use) {
        return new ReadOptions(include, exclude, firstRunTailBytes, maxBytesPerRun, maxBytesPerFile, maxLineBytes,
                maxDecompressedBytes, readCompressedOnFirstRun, use);
    }

    // ---------------------------------------------------------------- config values

    private static final String PREFIX = "logs";

    /** Checked for sign by the constructor, which says what a bad value means. */
    private static long bytes(ConfigSection s, String name, long dflt) {
        return s.whole(name, dflt, Long.MIN_VALUE, Long.MAX_VALUE, "a whole number of bytes");
    }

    private static List<String> strings(Map<String, Object> c, String name, List<String> dflt) {
        Object v = ConfigSection.of(c, PREFIX).value(name);
        if (v == null) {
            return dflt;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s) || s.isBlank()) {
                    throw new IllegalArgumentException(PREFIX + "." + name + " must be a list of globs (strings)");
                }
                out.add(s.trim());
            }
            return out;
        }
        throw new IllegalArgumentException(PREFIX + "." + name + " must be a list of globs or a comma-separated string");
    }

    private static void positive(String key, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + v);
        }
    }

    private static void checkGlob(String key, String glob) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException(key + " has an empty glob");
        }
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(key + " has an invalid glob: " + glob);
        }
    }
}
